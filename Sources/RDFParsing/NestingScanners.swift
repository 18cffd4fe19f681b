#if canImport(Glibc)
import Glibc
#endif

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
                // IRIs are most of a typical file: jump to the `>` (an IRI holds no line break, and
                // serd stops at a malformed one before any bracket after it).
                guard let end = nextIndex(of: UInt8(ascii: ">"), in: bytes, from: index) else {
                    index = bytes.count
                    continue
                }
                index = end
                state = .normal
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
}

/// Follows the element nesting of an XML document as it streams past (skipping comments, CDATA,
/// processing instructions, the DOCTYPE and attribute values) and stops at the first start tag
/// deeper than `limit`. raptor2 looks up the base IRI through every enclosing element for each
/// new one, so deep documents take time that grows with the cube of their depth.
struct XMLNestingScanner {
    /// The deepest element nesting accepted (RDF/XML files nest a few dozen levels at most).
    static let limit = 1_000

    private enum State {
        case text
        /// Just after `<`.
        case open
        /// After `<!`: the characters seen so far, to tell a comment, CDATA and a declaration apart.
        case bang([UInt8])
        case tag(quote: UInt8?, slash: Bool, closing: Bool)
        /// Inside a comment, CDATA or processing instruction (`terminators[kind]`), `matched` bytes
        /// of its terminator seen.
        case until(kind: Int, matched: Int)
        /// Inside `<!DOCTYPE ...>` or another declaration: bracket depth and open quote.
        case declaration(brackets: Int, quote: UInt8?)
    }

    private var state = State.text
    private var depth = 0
    /// Bytes scanned before the current buffer.
    private var offset = 0
    /// Where the last `<` was, from the start of the document.
    private var tagOffset = 0

    private static let cdataStart = Array("[CDATA[".utf8)
    /// The ends of a comment, CDATA section and processing instruction.
    private static let terminators: [[UInt8]] = [Array("-->".utf8), Array("]]>".utf8), Array("?>".utf8)]
    private static let comment = 0, cdata = 1, instruction = 2

    /// Scans the next bytes. Returns the offset from the start of the document of the `<` of the
    /// start tag nested deeper than `limit`, or nil when there is none.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch state {
            case .text:
                // Most of a document is text between tags: jump to the next `<`.
                guard let start = nextIndex(of: UInt8(ascii: "<"), in: bytes, from: index) else {
                    index = bytes.count
                    continue
                }
                index = start
                state = .open
                tagOffset = offset + index
            case .open:
                switch byte {
                case UInt8(ascii: "/"): state = .tag(quote: nil, slash: false, closing: true)
                case UInt8(ascii: "!"): state = .bang([])
                case UInt8(ascii: "?"): state = .until(kind: Self.instruction, matched: 0)
                default:
                    depth += 1
                    if depth > Self.limit { return tagOffset }
                    state = .tag(quote: nil, slash: false, closing: false)
                    continue
                }
            case .bang(var seen):
                seen.append(byte)
                if seen == [UInt8(ascii: "-"), UInt8(ascii: "-")] {
                    state = .until(kind: Self.comment, matched: 0)
                } else if seen == Self.cdataStart {
                    state = .until(kind: Self.cdata, matched: 0)
                } else if Self.cdataStart.starts(with: seen) || seen == [UInt8(ascii: "-")] {
                    state = .bang(seen)
                } else {
                    state = .declaration(brackets: 0, quote: nil)
                    continue
                }
            case .tag(let quote, let slash, let closing):
                if let quote {
                    // Jump to the end of the attribute value.
                    guard let end = nextIndex(of: quote, in: bytes, from: index) else {
                        index = bytes.count
                        continue
                    }
                    index = end
                    state = .tag(quote: nil, slash: false, closing: closing)
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    state = .tag(quote: byte, slash: false, closing: closing)
                } else if byte == UInt8(ascii: ">") {
                    if closing || slash { depth = max(0, depth - 1) }
                    state = .text
                } else {
                    state = .tag(quote: nil, slash: byte == UInt8(ascii: "/"), closing: closing)
                }
            case .until(let kind, let matched):
                let terminator = Self.terminators[kind]
                if byte == terminator[matched] {
                    state = matched + 1 == terminator.count ? .text : .until(kind: kind, matched: matched + 1)
                } else if byte == terminator[0] {
                    // `]]]>` and `--->`: a third `]` or `-` keeps the two before it matched.
                    state = .until(kind: kind, matched: matched == 2 && terminator[1] == terminator[0] ? 2 : 1)
                } else {
                    state = .until(kind: kind, matched: 0)
                }
            case .declaration(let brackets, let quote):
                if let quote {
                    if byte == quote { state = .declaration(brackets: brackets, quote: nil) }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    state = .declaration(brackets: brackets, quote: byte)
                } else if byte == UInt8(ascii: "[") {
                    state = .declaration(brackets: brackets + 1, quote: nil)
                } else if byte == UInt8(ascii: "]") {
                    state = .declaration(brackets: max(0, brackets - 1), quote: nil)
                } else if byte == UInt8(ascii: ">") && brackets == 0 {
                    state = .text
                }
            }
            index += 1
        }
        offset += bytes.count
        return nil
    }
}

/// The index of the first `byte` in `bytes` at or after `start` (found with `memchr`), or nil.
private func nextIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    guard let base = bytes.baseAddress, start < bytes.count,
          let found = memchr(base + start, Int32(byte), bytes.count - start) else { return nil }
    return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
}

/// Line and column of a byte offset, for errors found by the nesting scanners.
enum SourcePosition {
    /// The 1-based line and column (in characters) of byte `offset` of `bytes`.
    static func of(_ offset: Int, in bytes: some Sequence<UInt8>) -> (line: Int, column: Int) {
        var counter = Counter()
        var index = 0
        for byte in bytes {
            if index == offset { break }
            counter.add(byte)
            index += 1
        }
        return (counter.line, counter.column)
    }

    /// The line and column of byte `offset` of the file at `path` (read again in chunks).
    static func of(_ offset: Int, inFileAt path: String) -> (line: Int?, column: Int?) {
        guard let file = fopen(path, "rb") else { return (nil, nil) }
        defer { fclose(file) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var counter = Counter()
        var remaining = offset
        while remaining > 0 {
            let read = fread(&chunk, 1, min(chunk.count, remaining), file)
            if read == 0 { break }
            for byte in chunk[0..<read] { counter.add(byte) }
            remaining -= read
        }
        return (counter.line, counter.column)
    }

    private struct Counter {
        var line = 1, column = 1
        mutating func add(_ byte: UInt8) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
    }
}
