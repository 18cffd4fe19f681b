import ArgumentParser
import OntologyKit
import RDFModel
import RDFParsing
import RDFStore
#if canImport(Glibc)
import Glibc
#endif

/// `--format` values for reports.
enum ReportFormat: String, CaseIterable, ExpressibleByArgument {
    case table, json, tsv
}

/// The `--ontology` option every ontology command accepts.
struct OntologyOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Ontology file (RDF/XML, Turtle, N-Triples). Default: $PANET_ONTOLOGY, else the bundled PaNET release.", valueName: "file"))
    var ontology: String?

    /// The ontology path after applying the defaults.
    func path() throws -> String {
        try reportingErrors { try OntologyLocator.locate(explicitPath: ontology) }
    }
}

/// Writes a line to standard error.
func printError(_ message: String) {
    var standardError = StandardErrorStream()
    print(message, to: &standardError)
}

struct StandardErrorStream: TextOutputStream {
    mutating func write(_ string: String) {
        writeAll(2, string)
    }
}

/// Writes all of `text` to a file descriptor, retrying short writes.
func writeAll(_ descriptor: Int32, _ text: String) {
    var text = text
    text.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}

/// Runs `body`, turning the library's errors into a message on stderr and exit status 2.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as any CustomStringConvertible & Error {
        printError("panet: \(error)")
        throw ExitCode(2)
    }
}

/// Loads RDF files into one store. An empty N-Triples or Turtle file is an empty graph; an empty
/// RDF/XML file is not well-formed XML, which the parser reports.
/// With `isLenient`, RDF/XML IRIs holding characters IRIs forbid are kept, with warnings.
func loadStore(_ paths: [String], format: RDFFormat? = nil, baseIRI: String? = nil,
               isLenient: Bool = false) throws -> TripleStore {
    try reportingErrors {
        var store = TripleStore()
        for path in paths {
            let report = try store.load(.file(path), format: format, baseIRI: baseIRI, isLenient: isLenient)
            for warning in report.warnings { printError(warning) }
        }
        return store
    }
}

/// Refuses an empty file where one is almost always a mistake on the command line: an ontology, a
/// template. RDF data files go through `loadStore`, which takes an empty graph.
func refuseEmpty(_ path: String) throws {
    guard path != "-" else { return }
    var info = stat()
    if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && info.st_size == 0 {
        throw RDFParsingError.rejected(source: path, message: "file is empty")
    }
}

/// Writes `text` to `path` atomically, or to stdout when `path` is nil or `-`.
func emit(_ text: String, to path: String?) throws {
    if let path, path != "-" {
        try reportingErrors { try AtomicFile.write(text, to: path) }
    } else {
        writeAll(1, text)
    }
}

/// Serialises a JSON value with sorted keys and two-space indentation.
enum JSON {
    indirect enum Value {
        case string(String)
        case int(Int)
        case double(Double)
        case bool(Bool)
        case null
        case array([Value])
        case object([(String, Value)])
    }

    static func render(_ value: Value, indent: Int = 0, pretty: Bool = true) -> String {
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let closePad = pretty ? String(repeating: "  ", count: indent) : ""
        let newline = pretty ? "\n" : ""
        switch value {
        case .string(let text): return quote(text)
        case .int(let number): return String(number)
        case .double(let number): return number.isFinite ? String(number) : "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[" + newline + items.map { pad + render($0, indent: indent + 1, pretty: pretty) }
                .joined(separator: "," + newline) + newline + closePad + "]"
        case .object(let members):
            if members.isEmpty { return "{}" }
            let separator = pretty ? ": " : ":"
            return "{" + newline + members.map { pad + quote($0.0) + separator + render($0.1, indent: indent + 1, pretty: pretty) }
                .joined(separator: "," + newline) + newline + closePad + "}"
        }
    }

    static func quote(_ text: String) -> String {
        TextEscaping.jsonQuoted(text)
    }
}


/// Renders rows as an aligned text table.
func renderTable(header: [String], rows: [[String]]) -> String {
    var widths = header.map(\.count)
    for row in rows {
        for (index, cell) in row.enumerated() where index < widths.count {
            widths[index] = max(widths[index], cell.count)
        }
    }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { index, cell in
            index == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
        }.joined(separator: "  ")
    }
    var output = line(header) + "\n"
    output += line(widths.map { String(repeating: "-", count: $0) }) + "\n"
    for row in rows { output += line(row) + "\n" }
    return output
}

/// Renders rows as TSV, escaping tabs and newlines in cells.
func renderTSV(header: [String], rows: [[String]]) -> String {
    func clean(_ cell: String) -> String {
        cell.replacingOccurrences(of: "\t", with: "\\t").replacingOccurrences(of: "\n", with: "\\n")
    }
    return ([header] + rows).map { $0.map(clean).joined(separator: "\t") }.joined(separator: "\n") + "\n"
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
