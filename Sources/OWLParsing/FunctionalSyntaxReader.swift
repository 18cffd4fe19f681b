public import OWLModel
import RDFModel

/// Reads the OWL 2 Functional-Style Syntax (`.ofn`), as ROBOT and the OWL API write it.
public enum FunctionalSyntaxReader {
    /// The deepest nesting of parentheses accepted.
    public static let maximumDepth = 1_000

    /// Reads the document in `bytes`; `path` names it in errors (`path:line:column: message`).
    public static func read(bytes: [UInt8], path: String) throws(OWLParsingError) -> OWLOntologyDocument {
        try LargeStack.run { () -> Result<OWLOntologyDocument, OWLParsingError> in
            do throws(OWLParsingError) {
                return .success(try readOnCurrentThread(bytes: bytes, path: path))
            } catch {
                return .failure(error)
            }
        }.get()
    }

    private static func readOnCurrentThread(bytes: [UInt8], path: String) throws(OWLParsingError) -> OWLOntologyDocument {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw OWLParsingError(path: path, line: 1, column: 1, message: "the document is not valid UTF-8")
        }
        var parser = FunctionalSyntaxParser(bytes: bytes, builder: OWLStructureBuilder(bytes: bytes, path: path))
        return try parser.parseDocument()
    }
}

struct FunctionalSyntaxParser {
    enum Token: Equatable {
        case open, close, equals
        case word(String)
        case fullIRI(String)
        /// `prefix:local`, kept as written until the prefix is known.
        case prefixedName(String)
        case blankNode(String)
        case string(String)
        case datatypeMarker
        case languageTag(String)
        case number(String)
        case end
    }

    let bytes: [UInt8]
    let builder: OWLStructureBuilder
    private var index = 0
    private var prefixes = OWLPrefixTable.predeclared
    private var peeked: (token: Token, offset: Int)?

    init(bytes: [UInt8], builder: OWLStructureBuilder) {
        self.bytes = bytes
        self.builder = builder
    }

    // MARK: Lexer

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        !(isSpace(byte) || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")") || byte == UInt8(ascii: "=")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "^") || byte == UInt8(ascii: "#") || byte == UInt8(ascii: "@"))
    }

    private mutating func next() throws(OWLParsingError) -> (token: Token, offset: Int) {
        if let token = peeked {
            peeked = nil
            return token
        }
        while index < bytes.count {
            if Self.isSpace(bytes[index]) { index += 1 }
            else if bytes[index] == UInt8(ascii: "#") {
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            } else { break }
        }
        let start = index
        guard index < bytes.count else { return (.end, start) }
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "("): index += 1; return (.open, start)
        case UInt8(ascii: ")"): index += 1; return (.close, start)
        case UInt8(ascii: "="): index += 1; return (.equals, start)
        case UInt8(ascii: "^"):
            guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "^") else {
                throw builder.error(at: start, "expected '^^' before a literal's datatype")
            }
            index += 2
            return (.datatypeMarker, start)
        case UInt8(ascii: "<"):
            index += 1
            while index < bytes.count, bytes[index] != UInt8(ascii: ">") {
                if bytes[index] == 0x0A { break }
                index += 1
            }
            guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else {
                throw builder.error(at: start, "the IRI starting \(OWLParsingError.quote(String(decoding: bytes[start..<index], as: UTF8.self))) is not closed with '>'")
            }
            index += 1
            return (.fullIRI(String(decoding: bytes[(start + 1)..<(index - 1)], as: UTF8.self)), start)
        case UInt8(ascii: "\""):
            return (.string(try readString(start)), start)
        case UInt8(ascii: "@"):
            index += 1
            let tagStart = index
            while index < bytes.count, Self.isNameByte(bytes[index]) { index += 1 }
            return (.languageTag(String(decoding: bytes[tagStart..<index], as: UTF8.self)), start)
        default:
            while index < bytes.count, Self.isNameByte(bytes[index]) { index += 1 }
            guard index > start else {
                throw builder.error(at: start, "unexpected character \(OWLParsingError.quote(String(decoding: [byte], as: UTF8.self)))")
            }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            if text.hasPrefix("_:") { return (.blankNode(String(text.dropFirst(2))), start) }
            if text.contains(":") { return (.prefixedName(text), start) }
            if text.allSatisfy({ $0.isASCII && $0.isNumber }) { return (.number(text), start) }
            return (.word(text), start)
        }
    }

    /// A quoted string; `\"` and `\\` are the only escapes.
    private mutating func readString(_ start: Int) throws(OWLParsingError) -> String {
        index += 1
        var output: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: output, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") || bytes[index + 1] == UInt8(ascii: "\\") else {
                    throw builder.error(at: index, "only \\\" and \\\\ are escapes in a quoted string")
                }
                output.append(bytes[index + 1])
                index += 2
            } else {
                output.append(byte)
                index += 1
            }
        }
        throw builder.error(at: start, "the quoted string is not closed")
    }

    private mutating func peek() throws(OWLParsingError) -> (token: Token, offset: Int) {
        if peeked == nil { peeked = try next() }
        return peeked!
    }

    private static func describe(_ token: Token) -> String {
        switch token {
        case .open: return "'('"
        case .close: return "')'"
        case .equals: return "'='"
        case .datatypeMarker: return "'^^'"
        case .word(let word): return OWLParsingError.quote(word)
        case .fullIRI(let iri): return OWLParsingError.quote("<" + iri + ">")
        case .prefixedName(let name): return OWLParsingError.quote(name)
        case .blankNode(let id): return OWLParsingError.quote("_:" + id)
        case .string(let text): return "the string " + OWLParsingError.quote(text)
        case .languageTag(let tag): return OWLParsingError.quote("@" + tag)
        case .number(let text): return OWLParsingError.quote(text)
        case .end: return "the end of the document"
        }
    }

    private mutating func expect(_ expected: Token, _ what: String) throws(OWLParsingError) {
        let (token, offset) = try next()
        guard token == expected else { throw builder.error(at: offset, "expected \(what), found \(Self.describe(token))") }
    }

    // MARK: Parser

    mutating func parseDocument() throws(OWLParsingError) -> OWLOntologyDocument {
        while case (.word("Prefix"), _) = try peek() {
            _ = try next()
            try expect(.open, "'(' after Prefix")
            let (name, nameOffset) = try next()
            let prefix: String
            switch name {
            case .prefixedName(let text) where text.hasSuffix(":") && text.filter({ $0 == ":" }).count == 1:
                prefix = String(text.dropLast())
            default: throw builder.error(at: nameOffset, "expected a prefix name such as 'obo:', found \(Self.describe(name))")
            }
            try expect(.equals, "'=' after the prefix name")
            let (iri, iriOffset) = try next()
            guard case .fullIRI(let namespace) = iri else {
                throw builder.error(at: iriOffset, "expected the prefix's IRI in <...>, found \(Self.describe(iri))")
            }
            guard prefixes.declare(prefix, try builder.checkedIRI(namespace, at: iriOffset)) else {
                throw builder.error(at: nameOffset, "more than \(OWLPrefixTable.maximumCount) prefix declarations")
            }
            try expect(.close, "')' to end the Prefix")
        }
        let (keyword, offset) = try next()
        guard keyword == .word("Ontology") else {
            throw builder.error(at: offset, "expected Prefix(...) or Ontology(...), found \(Self.describe(keyword))")
        }
        let ontology = try parseArguments(name: "Ontology", offset: offset)
        let (trailing, trailingOffset) = try next()
        guard trailing == .end else {
            throw builder.error(at: trailingOffset, "unexpected \(Self.describe(trailing)) after the end of the ontology")
        }
        return try builder.document(ontology, prefixes: prefixes)
    }

    /// `( arguments )` after `name`, read with an explicit stack so deep nesting cannot
    /// exhaust the call stack.
    private mutating func parseArguments(name: String, offset: Int) throws(OWLParsingError) -> OWLSyntaxNode {
        try expect(.open, "'(' after \(name)")
        var stack = [OWLSyntaxNode(kind: .element(name), offset: offset)]
        while true {
            let (token, start) = try next()
            var node: OWLSyntaxNode
            switch token {
            case .close:
                node = stack.removeLast()
                if stack.isEmpty { return node }
            case .open, .word:
                var elementName = ""
                if case .word(let word) = token {
                    elementName = word
                    try expect(.open, "'(' after \(word)")
                }
                guard stack.count < FunctionalSyntaxReader.maximumDepth else {
                    throw builder.error(at: start, "expressions are nested more than \(FunctionalSyntaxReader.maximumDepth) levels deep")
                }
                stack.append(OWLSyntaxNode(kind: .element(elementName), offset: start))
                continue
            case .fullIRI(let iri):
                node = OWLSyntaxNode(kind: .iri(try builder.checkedIRI(iri, at: start)), offset: start)
            case .prefixedName(let name):
                node = OWLSyntaxNode(kind: .iri(try builder.expand(name, prefixes: prefixes, at: start)), offset: start)
            case .blankNode(let id):
                guard !id.isEmpty else { throw builder.error(at: start, "a blank node needs a label after '_:'") }
                node = OWLSyntaxNode(kind: .blankNode(id), offset: start)
            case .number(let text):
                node = OWLSyntaxNode(kind: .number(text), offset: start)
            case .string(let lexical):
                node = OWLSyntaxNode(kind: .literal(try literal(lexical, at: start)), offset: start)
            case .end:
                throw builder.error(at: stack.last!.offset, "the document ends before \(stack.last!.summary)(...) is closed")
            case .equals, .datatypeMarker, .languageTag:
                throw builder.error(at: start, "unexpected \(Self.describe(token))")
            }
            stack[stack.count - 1].children.append(node)
        }
    }

    private mutating func literal(_ lexical: String, at start: Int) throws(OWLParsingError) -> Literal {
        switch try peek().token {
        case .datatypeMarker:
            _ = try next()
            let (datatype, offset) = try next()
            let iri: String
            switch datatype {
            case .fullIRI(let text): iri = try builder.checkedIRI(text, at: offset)
            case .prefixedName(let name): iri = try builder.expand(name, prefixes: prefixes, at: offset)
            default: throw builder.error(at: offset, "expected a datatype IRI after '^^', found \(Self.describe(datatype))")
            }
            return try builder.checkedLiteral(lexical, language: nil, datatype: iri, at: start)
        case .languageTag(let tag):
            _ = try next()
            return try builder.checkedLiteral(lexical, language: tag, datatype: nil, at: start)
        default:
            return Literal(lexical)
        }
    }
}
