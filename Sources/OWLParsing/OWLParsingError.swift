import RDFModel

/// A syntax error in an OWL document, printed `path:line:column: message`.
public struct OWLParsingError: Error, CustomStringConvertible, Equatable, Sendable {
    public var path: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(path: String, line: Int, column: Int, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(path):\(line):\(column): \(message)" }

    /// The 1-based line and column (in characters) of a byte offset; one pass over the prefix.
    static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }

    static func at(_ offset: Int, in bytes: [UInt8], path: String, _ message: String) -> OWLParsingError {
        let (line, column) = position(of: offset, in: bytes)
        return OWLParsingError(path: path, line: line, column: column, message: message)
    }

    /// `text` quoted for a message, clipped to `TextEscaping.messageQuoteLimit` characters.
    static func quote(_ text: some StringProtocol) -> String {
        "'" + TextEscaping.clippedForMessage(text) + "'"
    }
}
