import OntologyKit

/// Why a mapping set could not be read or written. Every case names the file and, where it
/// applies, the 1-based line and column.
public enum MappingError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The metadata header is not valid in the YAML subset SSSOM headers use.
    case yamlSyntax(source: String, line: Int, column: Int, message: String)
    /// The table or JSON document is malformed.
    case syntax(source: String, line: Int, column: Int, message: String)
    /// The file holds no mapping table.
    case noTable(source: String)
    /// The file cannot be read or written.
    case io(path: String, message: String)

    /// The message shown to the user: where, what, and what to do.
    public var description: String {
        switch self {
        case .yamlSyntax(let source, let line, let column, let message):
            return "\(source):\(line):\(column): metadata header: \(message)"
        case .syntax(let source, let line, let column, let message):
            return "\(source):\(line):\(column): \(message)"
        case .noTable(let source):
            return "\(source): no mapping table found; expected a header row naming subject_id, predicate_id, object_id"
        case .io(let path, let message):
            return "\(path): \(message)"
        }
    }
}

extension String {
    /// The text clipped for an error message.
    var clipped: String { clippedForMessage }
}
