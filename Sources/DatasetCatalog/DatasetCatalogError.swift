/// Errors of the dataset layer: reading records, harvesting, indexing and query expansion.
public enum DatasetCatalogError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A file could not be opened or read.
    case unreadable(path: String, reason: String)
    /// A file could not be written.
    case unwritable(path: String, reason: String)
    /// A JSON record is malformed.
    case malformedJSON(source: String, line: Int, column: Int, message: String)
    /// An XML record is malformed.
    case malformedXML(source: String, line: Int, column: Int, message: String)
    /// A document holds neither records nor a shape the readers know.
    case unrecognizedRecord(source: String, position: String, message: String)
    /// No input held a record the readers understand (each input's note says why).
    case noRecords(inputs: [String])
    /// An HTTP request failed for good (after retries where they apply).
    case http(url: String, status: Int?, message: String)
    /// The OAI-PMH repository answered with an error code other than `noRecordsMatch`.
    case oaiError(url: String, code: String, message: String)
    /// An OAI-PMH response could not be understood.
    case badOAIResponse(url: String, message: String)
    /// An SQLite error from the dataset index.
    case sqlite(path: String, message: String)
    /// Another process kept the index locked (writing to it) for longer than the busy timeout.
    case locked(path: String, seconds: Double)
    /// The index was built by a newer panet, or is not a panet index.
    case incompatibleIndex(path: String, message: String)
    /// A LoopBack `where` filter or other query could not be understood.
    case badQuery(String)
    /// A term of a query matched no class.
    case unknownTerm(String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "\(path): cannot read: \(reason)"
        case .unwritable(let path, let reason):
            return "\(path): cannot write: \(reason)"
        case .malformedJSON(let source, let line, let column, let message):
            return "\(source):\(line):\(column): malformed JSON: \(message)"
        case .malformedXML(let source, let line, let column, let message):
            return "\(source):\(line):\(column): malformed XML: \(message)"
        case .unrecognizedRecord(let source, let position, let message):
            return "\(source):\(position): \(message)"
        case .noRecords(let inputs):
            var listed = inputs.map { $0 == "-" ? "<stdin>" : $0 }.joined(separator: ", ")
            if listed.count > 200 { listed = String(listed.prefix(200)) + "..." }
            return "no records read from any input (\(listed))"
        case .http(let url, let status, let message):
            if let status { return "\(url): HTTP \(status): \(message)" }
            return "\(url): \(message)"
        case .oaiError(let url, let code, let message):
            return "\(url): OAI-PMH error \(code): \(message)"
        case .badOAIResponse(let url, let message):
            return "\(url): not a usable OAI-PMH response: \(message)"
        case .sqlite(let path, let message):
            return "\(path): database error: \(message)"
        case .locked(let path, let seconds):
            return "\(path): database is locked: another process is writing to the index; gave up after waiting "
                + "\(seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)) s "
                + "(the busy timeout; wait for the other writer or allow longer)"
        case .incompatibleIndex(let path, let message):
            return "\(path): \(message)"
        case .badQuery(let message):
            return "bad query: \(message)"
        case .unknownTerm(let term):
            return "unknown term '\(term)'; try `panet search \(term)`"
        }
    }
}
