import RDFModel
#if canImport(Glibc)
import Glibc
#endif

/// Where an RDF document comes from.
public enum RDFSource: Sendable {
    /// A file path; `-` means standard input.
    case file(String)
    /// Standard input.
    case standardInput
    /// A document held in memory, with a name for messages.
    case text(String, name: String)

    /// The name used in messages (`<stdin>` for standard input).
    public var displayName: String {
        switch self {
        case .file(let path): return path == "-" ? "<stdin>" : path
        case .standardInput: return "<stdin>"
        case .text(_, let name): return name
        }
    }

    /// True for standard input, given either way.
    var isStandardInput: Bool {
        switch self {
        case .standardInput: return true
        case .file(let path): return path == "-"
        case .text: return false
        }
    }

    /// The default base IRI: the `file://` URL of a file, nothing for stdin or text.
    public var defaultBaseIRI: String? {
        guard case .file(let path) = self, path != "-" else { return nil }
        return IRIFilePath.absoluteFileIRI(path)
    }
}

/// Turns file paths into absolute `file://` IRIs.
public enum IRIFilePath {
    /// The `file://` IRI of `path`, made absolute against the current directory.
    public static func absoluteFileIRI(_ path: String) -> String {
        RDFModelIRI.fileIRI(forPath: absolutePath(path))
    }

    /// `path` made absolute against the current directory, with `.` and `..` segments removed.
    public static func absolutePath(_ path: String) -> String {
        var full = path
        if !path.hasPrefix("/") {
            var buffer = [CChar](repeating: 0, count: 4096)
            if getcwd(&buffer, buffer.count) != nil {
                let cwd = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                full = cwd + "/" + path
            }
        }
        var parts: [Substring] = []
        for part in full.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}
