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

/// A document's bytes as the parsers read them: a file, read in chunks (and again to place an error),
/// or bytes in memory: text, and standard input, which cannot be read twice.
enum DocumentBytes {
    case file(String)
    case memory([UInt8])

    init(_ source: RDFSource) throws {
        switch source {
        case .file(let path) where path != "-":
            try FileReader.checkRegularFile(path)
            self = .file(path)
        case .text(let text, _):
            self = .memory(Array(text.utf8))
        default:
            let reader = try FileReader(source: source)
            defer { reader.close() }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while case let count = try reader.read(into: &buffer), count > 0 {
                bytes.append(contentsOf: buffer[0..<count])
            }
            self = .memory(bytes)
        }
    }

    /// The 1-based line and column (in characters) of byte `offset`.
    func position(ofOffset offset: Int) -> (line: Int?, column: Int?) {
        switch self {
        case .file(let path): return SourcePosition.of(offset, inFileAt: path)
        case .memory(let bytes): return SourcePosition.of(offset, in: bytes)
        }
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
