import OntologyKit

/// Errors of the curator tools: unreadable inputs, malformed tables and templates.
///
/// Every case names the file and, where it applies, the 1-based line (or template row) and column, so
/// that the message points at the cell to fix.
public enum CuratorError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file could not be read.
    case io(path: String, message: String)
    /// The bytes are neither UTF-8 nor UTF-16 with a byte order mark.
    case unknownEncoding(source: String, line: Int, byteOffset: Int)
    /// The file is empty or holds nothing but blank lines.
    case emptyInput(source: String)
    /// A CSV syntax error, such as a quote that is never closed.
    case csvSyntax(source: String, line: Int, column: Int, message: String)
    /// `--column NAME` names no column of the CSV header.
    case columnNotFound(source: String, column: String, available: [String])
    /// The template's header or template-string row is malformed.
    case templateHeader(source: String, column: Int?, message: String)
    /// A template row has content but no ID.
    case missingID(source: String, row: Int)
    /// A cell value is not understood (unknown entity type, property characteristic ...).
    case invalidCell(source: String, row: Int, column: Int, header: String, value: String, message: String)
    /// A class expression cell is not valid Manchester syntax.
    case expressionSyntax(source: String, row: Int, column: Int, header: String, message: String)
    /// A Manchester expression is malformed; `position` is the 1-based character where it goes wrong.
    case manchesterSyntax(expression: String, position: Int, message: String)
    /// A quoted label or bare name in an expression matches no entity of the template.
    case unknownName(source: String, row: Int, column: Int, header: String, name: String, suggestions: [String])
    /// A CURIE whose prefix is not known.
    case unknownPrefix(source: String, row: Int, column: Int, header: String, curie: String)
    /// A line of a `validate --config` file is not understood.
    case invalidConfig(source: String, line: Int, column: Int, message: String)
    /// `validate` was given a ROBOT template (CSV or TSV) rather than an ontology.
    case templateGiven(source: String)

    /// The message shown to the user: where, what, and what to do.
    public var description: String {
        switch self {
        case .io(let path, let message):
            return "\(path): \(message)"
        case .unknownEncoding(let source, let line, let byteOffset):
            return "\(source):\(line): not valid UTF-8 (byte offset \(byteOffset)) and no UTF-16 byte order mark; "
                + "save the file as UTF-8 or UTF-16 with a BOM"
        case .emptyInput(let source):
            return "\(source): the file holds no terms"
        case .csvSyntax(let source, let line, let column, let message):
            return "\(source):\(line):\(column): \(message)"
        case .columnNotFound(let source, let column, let available):
            return "\(source): no column named '\(column.clippedForMessage)'; the header has: "
                + available.map { "'\($0)'" }.joined(separator: ", ")
        case .templateHeader(let source, let column, let message):
            if let column { return "\(source): template column \(column): \(message)" }
            return "\(source): \(message)"
        case .missingID(let source, let row):
            return "\(source):\(row): the row has content but no ID; give it an IRI or CURIE in the ID column"
        case .invalidCell(let source, let row, let column, let header, let value, let message):
            return "\(source):\(row): column \(column) (\(header)): '\(value.clippedForMessage)': \(message)"
        case .expressionSyntax(let source, let row, let column, let header, let message):
            return "\(source):\(row): column \(column) (\(header)): \(message)"
        case .manchesterSyntax(let expression, let position, let message):
            return "character \(position) of '\(expression.clippedForMessage)': \(message)"
        case .unknownName(let source, let row, let column, let header, let name, let suggestions):
            var message = "\(source):\(row): column \(column) (\(header)): unknown label '\(name.clippedForMessage)'"
            if !suggestions.isEmpty {
                message += "; did you mean " + suggestions.map { "'\($0)'" }.joined(separator: ", ") + "?"
            } else {
                message += "; define it in a row of the template or use an IRI or CURIE"
            }
            return message
        case .invalidConfig(let source, let line, let column, let message):
            return "\(source):\(line):\(column): \(message)"
        case .templateGiven(let source):
            return "\(source): this is a ROBOT template (CSV/TSV), not an ontology; build it with "
                + "'panet build \(source) -o OUT.owl', then validate OUT.owl"
        case .unknownPrefix(let source, let row, let column, let header, let curie):
            return "\(source):\(row): column \(column) (\(header)): unknown prefix in '\(curie.clippedForMessage)'; "
                + "declare it with --prefix NAME=IRI"
        }
    }
}
