import RDFModel
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
///
/// It also reads the internal entities the DOCTYPE declares and adds up what their references
/// expand to, and stops at the reference that takes the total past `expansionLimit(after:)`: one
/// large entity referenced many times would otherwise turn kilobytes into gigabytes in libxml2.
struct XMLNestingScanner {
    /// The deepest element nesting accepted (RDF/XML files nest a few dozen levels at most).
    static let limit = 1_000
    /// The largest DOCTYPE (or other declaration) read, in bytes.
    static let declarationLimit = 1 << 20

    /// The most bytes entity references may expand to after `offset` bytes of the document: 16 MiB
    /// plus 8 bytes per byte read, so that work stays proportional to the input.
    static func expansionLimit(after offset: Int) -> Int { (16 << 20) + 8 * offset }

    /// Why `scan` stopped.
    enum Stop: Equatable {
        case tooDeep
        case declarationTooLarge
        /// The reference to `entity` took the expanded total to `total` bytes.
        case entityExpansion(entity: String, total: Int)
    }

    /// Why the last `scan` that returned an offset stopped.
    private(set) var stop: Stop?

    /// The error message for `stop`.
    var stopMessage: String {
        switch stop {
        case .declarationTooLarge:
            return "the DOCTYPE is larger than \(Self.declarationLimit >> 20) MiB"
        case .entityExpansion(let entity, let total):
            return "XML entity references expand to \(total) bytes with this '&\(TextEscaping.clippedForMessage(entity));', "
                + "past the limit of 16 MiB plus 8 bytes per byte of the document"
        case .tooDeep, nil:
            return "XML elements nest deeper than \(Self.limit) levels"
        }
    }

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
    /// The declaration being read (`DOCTYPE ...`), up to `declarationLimit` bytes.
    private var declaration: [UInt8] = []
    /// What each internal general entity expands to, in bytes.
    private var entitySizes: [[UInt8]: Int] = [:]
    /// The name of the entity reference being read (after `&`), if any.
    private var reference: [UInt8]?
    /// Bytes that entity references have expanded to so far.
    private var expandedBytes = 0

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
            if reference != nil {
                if let stop = readReference(byte, at: offset + index) { return stop }
                if reference != nil || byte == UInt8(ascii: ";") {
                    index += 1
                    continue
                }
            }
            if !entitySizes.isEmpty && byte == UInt8(ascii: "&") && isInTextOrValue {
                reference = []
                index += 1
                continue
            }
            switch state {
            case .text:
                if !entitySizes.isEmpty {
                    // References may come anywhere in text: look at every byte.
                    if byte == UInt8(ascii: "<") {
                        state = .open
                        tagOffset = offset + index
                    }
                    index += 1
                    continue
                }
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
                    if depth > Self.limit {
                        stop = .tooDeep
                        return tagOffset
                    }
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
                if let quote, !entitySizes.isEmpty {
                    if byte == quote { state = .tag(quote: nil, slash: false, closing: closing) }
                } else if let quote {
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
                if declaration.count == Self.declarationLimit {
                    stop = .declarationTooLarge
                    return tagOffset
                }
                declaration.append(byte)
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
                    readEntityDeclarations()
                    declaration = []
                }
            }
            index += 1
        }
        offset += bytes.count
        return nil
    }

    /// True in character data and attribute values, where entity references expand.
    private var isInTextOrValue: Bool {
        switch state {
        case .text: return true
        case .tag(let quote, _, _): return quote != nil
        default: return false
        }
    }

    /// Takes the next byte of a reference name; at its `;`, adds what the entity expands to.
    /// Returns the offset of the reference's `&` when that takes the total past the limit.
    private mutating func readReference(_ byte: UInt8, at position: Int) -> Int? {
        guard var name = reference else { return nil }
        if byte == UInt8(ascii: ";") {
            reference = nil
            expandedBytes = expandedBytes.addingClamped(entitySizes[name] ?? 0)
            if expandedBytes > Self.expansionLimit(after: position) {
                stop = .entityExpansion(entity: String(decoding: name, as: UTF8.self), total: expandedBytes)
                return position - name.count - 1
            }
        } else if isNameByte(byte) && name.count < 256 {
            reference = nil
            name.append(byte)
            reference = name
        } else {
            reference = nil
        }
        return nil
    }

    /// Reads `<!ENTITY name "value">` declarations (internal general entities) from the declaration
    /// just ended, and works out what each expands to, references to other entities included.
    private mutating func readEntityDeclarations() {
        let text = declaration
        guard text.starts(with: Array("DOCTYPE".utf8)) else { return }
        var values: [[UInt8]: ArraySlice<UInt8>] = [:]
        var order: [[UInt8]] = []
        let keyword = Array("<!ENTITY".utf8)
        var index = 0
        func skipSpace() { while index < text.count && isSpace(text[index]) { index += 1 } }
        while index + keyword.count <= text.count {
            guard text[index..<index + keyword.count].elementsEqual(keyword) else {
                index += 1
                continue
            }
            index += keyword.count
            skipSpace()
            if index < text.count && text[index] == UInt8(ascii: "%") { continue }  // a parameter entity
            let nameStart = index
            while index < text.count && isNameByte(text[index]) { index += 1 }
            let name = Array(text[nameStart..<index])
            skipSpace()
            guard !name.isEmpty, index < text.count, text[index] == UInt8(ascii: "\"") || text[index] == UInt8(ascii: "'") else {
                continue  // an external entity, which is never loaded
            }
            let quote = text[index]
            index += 1
            let valueStart = index
            while index < text.count && text[index] != quote { index += 1 }
            if values[name] == nil {  // the first declaration binds (XML 1.0 §4.2)
                values[name] = text[valueStart..<index]
                order.append(name)
            }
        }
        // Sizes with references expanded; a cycle (which libxml2 refuses) counts as nothing, and
        // references nested deeper than libxml2 follows (40) as more than any limit.
        var sizes: [[UInt8]: Int] = [:]
        var visiting: Set<[UInt8]> = []
        func size(of name: [UInt8]) -> Int {
            if let known = sizes[name] { return known }
            guard let value = values[name], !visiting.contains(name) else { return 0 }
            if visiting.count > 40 { return Int.max / 4 }
            visiting.insert(name)
            var total = 0
            var position = value.startIndex
            while position < value.endIndex {
                if value[position] == UInt8(ascii: "&"), let end = value[position...].firstIndex(of: UInt8(ascii: ";")),
                   value[value.index(after: position)] != UInt8(ascii: "#") {
                    total = total.addingClamped(size(of: Array(value[(position + 1)..<end])))
                    position = end + 1
                } else {
                    total += 1
                    position += 1
                }
            }
            visiting.remove(name)
            sizes[name] = total
            return total
        }
        for name in order { entitySizes[name] = size(of: name) }
    }

    private func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Bytes of an XML name (ASCII letters, digits, `_-.:`, and any byte of a multi-byte character).
    private func isNameByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (byte >= 0x30 && byte <= 0x3A) || (byte >= 0x41 && byte <= 0x5A)
            || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte == 0x2D || byte == 0x2E
    }
}

extension Int {
    /// The sum, held at `Int.max / 2` so that totals of huge expansions never overflow.
    func addingClamped(_ other: Int) -> Int {
        Swift.min(self + Swift.min(other, Int.max / 4), Int.max / 2)
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

    /// Counts lines and columns (in characters) over bytes as they pass.
    struct Counter {
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
