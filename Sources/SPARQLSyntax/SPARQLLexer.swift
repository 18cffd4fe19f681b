/// A SPARQL token (SPARQL 1.1 Query §19.8, terminals).
public enum SPARQLToken: Equatable, Sendable {
    /// `IRIREF`, without the angle brackets, with `\u` escapes decoded.
    case iri(String)
    /// `PNAME_NS` (local part empty) or `PNAME_LN`, with local escapes decoded.
    case prefixedName(prefix: String, local: String)
    /// `BLANK_NODE_LABEL` without `_:`.
    case blankNodeLabel(String)
    /// `VAR1` or `VAR2`, without the sigil.
    case variable(String)
    /// `LANGTAG` without `@`.
    case languageTag(String)
    /// `INTEGER` (unsigned; signs are separate tokens).
    case integer(String)
    /// `DECIMAL` (unsigned).
    case decimal(String)
    /// `DOUBLE` (unsigned).
    case double(String)
    /// Any of the four string forms, with escapes decoded.
    case string(String)
    /// A bare word: a keyword or function name (kept as written; compare case-insensitively).
    case word(String)
    /// Punctuation or an operator.
    case punctuation(String)
    /// `NIL`: `(` whitespace `)`.
    case nilList
    /// `ANON`: `[` whitespace `]`.
    case anonymous
    /// The end of the query.
    case end

    /// How the token reads in an error message.
    public var display: String {
        switch self {
        case .iri(let value): return "<\(value)>"
        case .prefixedName(let prefix, let local): return "'\(prefix):\(local)'"
        case .blankNodeLabel(let label): return "'_:\(label)'"
        case .variable(let name): return "'?\(name)'"
        case .languageTag(let tag): return "'@\(tag)'"
        case .integer(let text), .decimal(let text), .double(let text): return "'\(text)'"
        case .string(let text): return "string \"\(text.count > 20 ? String(text.prefix(20)) + "…" : text)\""
        case .word(let text): return "'\(text)'"
        case .punctuation(let text): return "'\(text)'"
        case .nilList: return "'()'"
        case .anonymous: return "'[]'"
        case .end: return "end of query"
        }
    }
}

/// A token with its position.
public struct PositionedToken: Sendable {
    public var token: SPARQLToken
    /// 1-based line.
    public var line: Int
    /// 1-based column, in characters.
    public var column: Int
    /// Byte offset of the first byte.
    public var start: Int
    /// Byte offset after the last byte.
    public var end: Int
}

/// Splits a SPARQL query into tokens, walking its UTF-8 bytes (SPARQL 1.1 Query §19.8).
public struct SPARQLLexer {
    let bytes: [UInt8]
    var index = 0
    var line = 1
    var lineStart = 0
    /// The column of a byte offset on the current line, remembered so that the next token's column
    /// is counted from there rather than from the line's start (a long one-line query would
    /// otherwise cost time quadratic in its length).
    var columnMark = (offset: 0, column: 1)

    /// Creates a lexer over the text of a query.
    public init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// Returns every token, ending with `.end`.
    ///
    /// - Throws: `SPARQLSyntaxError.invalidToken` at the first malformed token.
    public mutating func tokenize() throws(SPARQLSyntaxError) -> [PositionedToken] {
        var tokens: [PositionedToken] = []
        while true {
            let token = try next()
            tokens.append(token)
            if token.token == .end { return tokens }
        }
    }

    func column(at offset: Int) -> Int {
        column(at: offset, from: lineStart, column: 1)
    }

    /// `column(at:)` counted on from `columnMark` when it lies between the line start and `offset`.
    mutating func markedColumn(at offset: Int) -> Int {
        let mark = columnMark.offset >= lineStart && columnMark.offset <= offset ? columnMark : (lineStart, 1)
        let result = column(at: offset, from: mark.0, column: mark.1)
        columnMark = (offset, result)
        return result
    }

    private func column(at offset: Int, from start: Int, column startColumn: Int) -> Int {
        var column = startColumn
        var position = start
        while position < offset && position < bytes.count {
            if bytes[position] & 0xC0 != 0x80 { column += 1 }
            position += 1
        }
        return column
    }

    func peek(_ offset: Int = 0) -> UInt8 {
        index + offset < bytes.count ? bytes[index + offset] : 0
    }

    func error(_ reason: String, from start: Int) -> SPARQLSyntaxError {
        let end = min(bytes.count, max(index, start + 1))
        let text = String(decoding: bytes[start..<end].prefix(30), as: UTF8.self)
        return .invalidToken(text, reason: reason, line: line, column: column(at: start))
    }

    mutating func skipWhitespaceAndComments() {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                index += 1
                line += 1
                lineStart = index
            } else if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                index += 1
            } else if byte == UInt8(ascii: "#") {
                while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
            } else {
                return
            }
        }
    }

    mutating func next() throws(SPARQLSyntaxError) -> PositionedToken {
        skipWhitespaceAndComments()
        let start = index
        let startLine = line
        let startColumn = markedColumn(at: start)
        let token = try scan()
        return PositionedToken(token: token, line: startLine, column: startColumn, start: start, end: index)
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    mutating func scan() throws(SPARQLSyntaxError) -> SPARQLToken {
        guard index < bytes.count else { return .end }
        let start = index
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "<"):
            if let iri = try scanIRI() { return .iri(iri) }
            index += 1
            if peek() == UInt8(ascii: "=") { index += 1; return .punctuation("<=") }
            return .punctuation("<")
        case UInt8(ascii: "?"), UInt8(ascii: "$"):
            index += 1
            let nameStart = index
            scanVariableName()
            if index == nameStart {
                if byte == UInt8(ascii: "$") { throw error("a variable name must follow '$'", from: start) }
                return .punctuation("?")
            }
            return .variable(String(decoding: bytes[nameStart..<index], as: UTF8.self))
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return .string(try scanString(quote: byte))
        case UInt8(ascii: "@"):
            index += 1
            let tagStart = index
            while isASCIILetter(peek()) { index += 1 }
            guard index > tagStart else { throw error("a language tag must follow '@'", from: start) }
            while peek() == UInt8(ascii: "-") && (isASCIILetter(peek(1)) || isDigit(peek(1))) {
                index += 1
                while isASCIILetter(peek()) || isDigit(peek()) { index += 1 }
            }
            return .languageTag(String(decoding: bytes[tagStart..<index], as: UTF8.self))
        case UInt8(ascii: "_") where peek(1) == UInt8(ascii: ":"):
            index += 2
            let labelStart = index
            guard index < bytes.count, isPNCharsU(codePoint()) || isDigit(peek()) else {
                throw error("a blank node label must follow '_:'", from: start)
            }
            advanceCodePoint()
            scanNameTail(allowColon: false)
            return .blankNodeLabel(String(decoding: bytes[labelStart..<index], as: UTF8.self))
        case UInt8(ascii: "("):
            index += 1
            let save = (index, line, lineStart)
            skipWhitespaceAndComments()
            if peek() == UInt8(ascii: ")") { index += 1; return .nilList }
            (index, line, lineStart) = save
            return .punctuation("(")
        case UInt8(ascii: "["):
            index += 1
            let save = (index, line, lineStart)
            skipWhitespaceAndComments()
            if peek() == UInt8(ascii: "]") { index += 1; return .anonymous }
            (index, line, lineStart) = save
            return .punctuation("[")
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try scanNumber()
        case UInt8(ascii: "."):
            if isDigit(peek(1)) { return try scanNumber() }
            index += 1
            return .punctuation(".")
        case UInt8(ascii: "^"):
            index += 1
            if peek() == UInt8(ascii: "^") { index += 1; return .punctuation("^^") }
            return .punctuation("^")
        case UInt8(ascii: "!"):
            index += 1
            if peek() == UInt8(ascii: "=") { index += 1; return .punctuation("!=") }
            return .punctuation("!")
        case UInt8(ascii: ">"):
            index += 1
            if peek() == UInt8(ascii: "=") { index += 1; return .punctuation(">=") }
            return .punctuation(">")
        case UInt8(ascii: "&"):
            guard peek(1) == UInt8(ascii: "&") else { index += 1; throw error("expected '&&'", from: start) }
            index += 2
            return .punctuation("&&")
        case UInt8(ascii: "|"):
            index += 1
            if peek() == UInt8(ascii: "|") { index += 1; return .punctuation("||") }
            return .punctuation("|")
        case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: ","),
             UInt8(ascii: ";"), UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "+"), UInt8(ascii: "-"),
             UInt8(ascii: "="):
            index += 1
            return .punctuation(String(UnicodeScalar(byte)))
        default:
            break
        }
        // Prefixed names and words.
        let scalar = codePoint()
        if isPNCharsBase(scalar) || byte == UInt8(ascii: ":") {
            let nameStart = index
            if byte != UInt8(ascii: ":") {
                advanceCodePoint()
                scanNameTail(allowColon: false)
                // PN_PREFIX may not end with '.'
                while index > nameStart + 1 && bytes[index - 1] == UInt8(ascii: ".") { index -= 1 }
            }
            let prefix = String(decoding: bytes[nameStart..<index], as: UTF8.self)
            if peek() == UInt8(ascii: ":") {
                index += 1
                let local = try scanLocalName()
                return .prefixedName(prefix: prefix, local: local)
            }
            if prefix.utf8.allSatisfy({ isASCIILetter($0) || $0 == UInt8(ascii: "_") || isDigit($0) }) {
                return .word(prefix)
            }
            throw error("expected a keyword or a prefixed name", from: start)
        }
        index += 1
        while index < bytes.count && bytes[index] & 0xC0 == 0x80 { index += 1 }
        throw error("unexpected character", from: start)
    }

    /// Scans `<...>` when it forms an IRIREF; otherwise restores the position and returns nil.
    mutating func scanIRI() throws(SPARQLSyntaxError) -> String? {
        let start = index
        var position = index + 1
        var result: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: ">"):
                index = position + 1
                return String(decoding: result, as: UTF8.self)
            case 0...0x20, UInt8(ascii: "<"), UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "}"),
                 UInt8(ascii: "|"), UInt8(ascii: "^"), UInt8(ascii: "`"):
                return nil
            case UInt8(ascii: "\\"):
                index = position
                let scalar = try scanUnicodeEscape(from: start)
                result.append(contentsOf: Array(String(Character(scalar)).utf8))
                position = index
            default:
                result.append(byte)
                position += 1
            }
        }
        return nil
    }

    /// Scans `\uXXXX` or `\UXXXXXXXX` at `index`.
    mutating func scanUnicodeEscape(from start: Int) throws(SPARQLSyntaxError) -> Unicode.Scalar {
        let marker = peek(1)
        let length = marker == UInt8(ascii: "u") ? 4 : marker == UInt8(ascii: "U") ? 8 : 0
        guard length > 0 else { index += 2; throw error("invalid escape sequence", from: start) }
        guard index + 2 + length <= bytes.count,
              let value = UInt32(String(decoding: bytes[(index + 2)..<(index + 2 + length)], as: UTF8.self), radix: 16),
              let scalar = Unicode.Scalar(value) else {
            index += 2
            throw error("invalid \\u escape", from: start)
        }
        index += 2 + length
        return scalar
    }

    mutating func scanString(quote: UInt8) throws(SPARQLSyntaxError) -> String {
        let start = index
        let isLong = peek(1) == quote && peek(2) == quote
        index += isLong ? 3 : 1
        var result: [UInt8] = []
        while true {
            guard index < bytes.count else { throw error("unterminated string", from: start) }
            let byte = bytes[index]
            if byte == quote {
                if !isLong { index += 1; break }
                if peek(1) == quote && peek(2) == quote {
                    // A long string may end with up to two extra quotes: take the last three as the delimiter.
                    var run = 3
                    while peek(run) == quote { run += 1 }
                    for _ in 0..<(run - 3) { result.append(quote) }
                    index += run
                    break
                }
                result.append(byte)
                index += 1
            } else if byte == UInt8(ascii: "\\") {
                let escaped = peek(1)
                let replacement: UInt8?
                switch escaped {
                case UInt8(ascii: "t"): replacement = UInt8(ascii: "\t")
                case UInt8(ascii: "n"): replacement = UInt8(ascii: "\n")
                case UInt8(ascii: "r"): replacement = UInt8(ascii: "\r")
                case UInt8(ascii: "b"): replacement = 0x08
                case UInt8(ascii: "f"): replacement = 0x0C
                case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"): replacement = escaped
                case UInt8(ascii: "u"), UInt8(ascii: "U"): replacement = nil
                default:
                    index += 2
                    throw error("invalid escape sequence in string", from: start)
                }
                if let replacement {
                    result.append(replacement)
                    index += 2
                } else {
                    let scalar = try scanUnicodeEscape(from: start)
                    result.append(contentsOf: Array(String(Character(scalar)).utf8))
                }
            } else if !isLong && (byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")) {
                throw error("line break in a short string; use \"\"\"...\"\"\" or \\n", from: start)
            } else {
                if byte == UInt8(ascii: "\n") {
                    line += 1
                    lineStart = index + 1
                }
                result.append(byte)
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    mutating func scanNumber() throws(SPARQLSyntaxError) -> SPARQLToken {
        let start = index
        while isDigit(peek()) { index += 1 }
        var isDecimal = false
        if peek() == UInt8(ascii: ".") {
            if isDigit(peek(1)) {
                isDecimal = true
                index += 1
                while isDigit(peek()) { index += 1 }
            } else if index > start && (peek(1) == UInt8(ascii: "e") || peek(1) == UInt8(ascii: "E"))
                        && (isDigit(peek(2)) || ((peek(2) == UInt8(ascii: "+") || peek(2) == UInt8(ascii: "-")) && isDigit(peek(3)))) {
                index += 1
            }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            var position = index + 1
            if position < bytes.count && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")) {
                position += 1
            }
            if position < bytes.count && isDigit(bytes[position]) {
                index = position
                while isDigit(peek()) { index += 1 }
                return .double(String(decoding: bytes[start..<index], as: UTF8.self))
            }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        return isDecimal ? .decimal(text) : .integer(text)
    }

    mutating func scanVariableName() {
        guard index < bytes.count else { return }
        let scalar = codePoint()
        guard isPNCharsU(scalar) || isDigit(peek()) else { return }
        advanceCodePoint()
        while index < bytes.count {
            let next = codePoint()
            guard isPNCharsU(next) || isDigit(peek()) || next == "\u{B7}" || (0x300...0x36F).contains(next.value)
                    || (0x203F...0x2040).contains(next.value) else { return }
            advanceCodePoint()
        }
    }

    /// Scans PN_CHARS and '.' (and ':' when allowed), not ending in '.'.
    mutating func scanNameTail(allowColon: Bool) {
        while index < bytes.count {
            let scalar = codePoint()
            if isPNChars(scalar) || (scalar == "." ) || (allowColon && scalar == ":") {
                advanceCodePoint()
            } else {
                break
            }
        }
        while bytes[index - 1] == UInt8(ascii: ".") { index -= 1 }
    }

    /// Scans PN_LOCAL after the colon, decoding `\` escapes (percent escapes are kept).
    mutating func scanLocalName() throws(SPARQLSyntaxError) -> String {
        var result: [UInt8] = []
        var first = true
        var lastWasDot = false
        var committedLength = 0
        var committedIndex = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard isHex(peek(1)), isHex(peek(2)) else { throw error("invalid percent escape in local name", from: index) }
                result.append(contentsOf: bytes[index..<(index + 3)])
                index += 3
                lastWasDot = false
            } else if byte == UInt8(ascii: "\\") {
                let escaped = peek(1)
                guard "_~.-!$&'()*+,;=/?#@%".utf8.contains(escaped) else {
                    throw error("invalid escape in local name", from: index)
                }
                result.append(escaped)
                index += 2
                lastWasDot = false
            } else {
                let scalar = codePoint()
                let allowed = first ? (isPNCharsU(scalar) || scalar == ":" || isDigit(byte))
                    : (isPNChars(scalar) || scalar == ":" || scalar == ".")
                guard allowed else { break }
                let scalarStart = index
                advanceCodePoint()
                result.append(contentsOf: bytes[scalarStart..<index])
                lastWasDot = scalar == "."
            }
            first = false
            if !lastWasDot {
                committedLength = result.count
                committedIndex = index
            }
        }
        index = committedIndex
        return String(decoding: result[0..<committedLength], as: UTF8.self)
    }

    // MARK: Character classes

    func codePoint() -> Unicode.Scalar {
        let lead = bytes[index]
        if lead < 0x80 { return Unicode.Scalar(lead) }
        var value: UInt32
        var length: Int
        if lead & 0xE0 == 0xC0 { value = UInt32(lead & 0x1F); length = 2 }
        else if lead & 0xF0 == 0xE0 { value = UInt32(lead & 0x0F); length = 3 }
        else { value = UInt32(lead & 0x07); length = 4 }
        for offset in 1..<length where index + offset < bytes.count {
            value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
        }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    mutating func advanceCodePoint() {
        index += 1
        while index < bytes.count && bytes[index] & 0xC0 == 0x80 { index += 1 }
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    func isHex(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }
    func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }
    func isPNCharsBaseByte(_ byte: UInt8) -> Bool { isASCIILetter(byte) || byte >= 0x80 }

    func isPNCharsBase(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        switch value {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D, 0x37F...0x1FFF,
             0x200C...0x200D, 0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFFD,
             0x10000...0xEFFFF:
            return true
        default:
            return false
        }
    }

    func isPNCharsU(_ scalar: Unicode.Scalar) -> Bool { isPNCharsBase(scalar) || scalar == "_" }

    func isPNChars(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return isPNCharsU(scalar) || scalar == "-" || (0x30...0x39).contains(value) || value == 0xB7
            || (0x300...0x36F).contains(value) || (0x203F...0x2040).contains(value)
    }
}
