/// Errors from reading or writing RDF.
public enum RDFParsingError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The document is not valid in its syntax. `line` and `column` are 1-based when known.
    case syntax(source: String, line: Int?, column: Int?, message: String)
    /// The file could not be opened or read.
    case io(path: String, message: String)
    /// The document was refused before parsing (empty, not a regular file ...).
    case rejected(source: String, message: String)

    public var description: String {
        switch self {
        case .syntax(let source, let line, let column, let message):
            var location = source
            if let line {
                location += ":\(line)"
                if let column { location += ":\(column)" }
            }
            return "\(location): \(message)"
        case .io(let path, let message):
            return "\(path): \(message)"
        case .rejected(let source, let message):
            return "\(source): \(message)"
        }
    }
}
