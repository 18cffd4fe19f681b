/// Follows the nesting of `[ ]` and `( )` in Turtle or TriG text as it streams past (skipping
/// strings, IRIs, comments and escaped characters) and stops at the first bracket deeper than
/// `limit`. serd parses nested blank nodes and collections by recursion, so a file nesting tens of
/// thousands of levels would exhaust the parsing thread's stack; the loader hands serd only the
/// bytes before that bracket and reports where it is.
struct TurtleNestingScanner {
    /// The deepest nesting accepted (serd's recursion needs well under 10,000 levels of stack).
    static let limit = 2_000

    private enum State {
        case normal, iri, comment
        /// `count` quotes `quote` seen in a row where a string may start.
        case quotes(UInt8, Int)
        case short(UInt8)
        /// Inside a long string; `run` quotes in a row just seen.
        case long(UInt8, run: Int)
    }

    private var state = State.normal
    private var escaped = false
    private var depth = 0
    /// Bytes scanned before the current buffer.
    private(set) var offset = 0

    /// Scans the next bytes of the text. Returns the index in `bytes` of the bracket that nests
    /// deeper than `limit`, or nil when there is none.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if escaped {
                escaped = false
                index += 1
                continue
            }
            switch state {
            case .normal:
                switch byte {
                case UInt8(ascii: "["), UInt8(ascii: "("):
                    depth += 1
                    if depth > Self.limit {
                        offset += index
                        return index
                    }
                case UInt8(ascii: "]"), UInt8(ascii: ")"): depth = max(0, depth - 1)
                case UInt8(ascii: "<"): state = .iri
                case UInt8(ascii: "#"): state = .comment
                case UInt8(ascii: "\""), UInt8(ascii: "'"): state = .quotes(byte, 1)
                case UInt8(ascii: "\\"): escaped = true
                default: break
                }
            case .iri:
                if byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\n") { state = .normal }
            case .comment:
                if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { state = .normal }
            case .quotes(let quote, let count):
                if byte == quote {
                    state = count == 2 ? .long(quote, run: 0) : .quotes(quote, count + 1)
                } else {
                    // One quote opened a short string; two were an empty one. Read this byte again.
                    state = count == 1 ? .short(quote) : .normal
                    continue
                }
            case .short(let quote):
                if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == quote || byte == UInt8(ascii: "\n") {
                    state = .normal
                }
            case .long(let quote, let run):
                if byte == quote {
                    // The first three quotes in a row end the string (Turtle's long strings cannot end in a quote).
                    state = run == 2 ? .normal : .long(quote, run: run + 1)
                } else {
                    if byte == UInt8(ascii: "\\") { escaped = true }
                    state = .long(quote, run: 0)
                }
            }
            index += 1
        }
        offset += bytes.count
        return nil
    }

    /// The 1-based line and column (in characters) of byte `offset` of `bytes`.
    static func position(of offset: Int, in bytes: some Sequence<UInt8>) -> (line: Int, column: Int) {
        var line = 1, column = 1, index = 0
        for byte in bytes {
            if index == offset { break }
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        return (line, column)
    }
}
