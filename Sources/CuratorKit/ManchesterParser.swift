/// A class expression in OWL Manchester syntax, with names not yet resolved to IRIs.
public indirect enum ManchesterExpression: Hashable, Sendable {
    /// A name: a quoted label (`quoted` true), or a bare word that may be a label, a CURIE or an IRI.
    case name(String, quoted: Bool)
    /// A full IRI written in angle brackets.
    case iri(String)
    /// `A and B and …`.
    case and([ManchesterExpression])
    /// `A or B or …`.
    case or([ManchesterExpression])
    /// `not A`.
    case not(ManchesterExpression)
    /// `property some filler`.
    case some(property: ManchesterExpression, filler: ManchesterExpression)
    /// `property only filler`.
    case only(property: ManchesterExpression, filler: ManchesterExpression)
}

/// Parses the class expressions of OWL 2 Manchester syntax that ROBOT templates use: `and`, `or`,
/// `not`, `some`, `only`, parentheses, 'quoted labels', "double-quoted labels", CURIEs and `<IRIs>`.
///
/// Precedence, loosest first: `or`, `and`, `not`, then restrictions (`p some C` binds its filler to
/// the next primary, so `p some A and B` is `(p some A) and B`), as in the OWL 2 Manchester Syntax
/// grammar (§2.4). Keywords are case-insensitive.
public enum ManchesterParser {
    enum Token: Equatable {
        case open, close
        case quoted(String)
        case iri(String)
        case word(String)
        case end
    }

    /// Parses one class expression.
    ///
    /// - Throws: `CuratorError.manchesterSyntax` with the 1-based character position of the problem.
    public static func parse(_ text: String) throws(CuratorError) -> ManchesterExpression {
        var parser = Parser(tokens: try tokenize(text), text: text)
        let expression = try parser.description()
        guard parser.peek.token == .end else {
            throw parser.error("unexpected \(parser.describe(parser.peek.token)) after a complete expression; "
                + "join expressions with 'and' or 'or'")
        }
        return expression
    }

    static func tokenize(_ text: String) throws(CuratorError) -> [(token: Token, position: Int)] {
        let characters = Array(text)
        var tokens: [(Token, Int)] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let position = index + 1
            if character.isBlank {
                index += 1
            } else if character == "(" {
                tokens.append((.open, position)); index += 1
            } else if character == ")" {
                tokens.append((.close, position)); index += 1
            } else if character == "'" || character == "\"" {
                var value = ""
                index += 1
                var closed = false
                while index < characters.count {
                    let inner = characters[index]
                    if inner == "\\" && index + 1 < characters.count {
                        value.append(characters[index + 1]); index += 2; continue
                    }
                    if inner == character { closed = true; index += 1; break }
                    value.append(inner); index += 1
                }
                guard closed else {
                    throw CuratorError.manchesterSyntax(expression: text, position: position,
                                                        message: "the quote opened here is never closed")
                }
                tokens.append((.quoted(value), position))
            } else if character == "<" {
                guard let close = characters[index...].firstIndex(of: ">") else {
                    throw CuratorError.manchesterSyntax(expression: text, position: position,
                                                        message: "the '<' of an IRI is never closed with '>'")
                }
                tokens.append((.iri(String(characters[(index + 1)..<close])), position))
                index = close + 1
            } else {
                var value = ""
                while index < characters.count, !characters[index].isBlank, !"()'\"".contains(characters[index]) {
                    value.append(characters[index]); index += 1
                }
                tokens.append((.word(value), position))
            }
        }
        tokens.append((.end, characters.count + 1))
        return tokens
    }

    struct Parser {
        let tokens: [(token: Token, position: Int)]
        let text: String
        var index = 0
        /// How many brackets, `not`s and `some`/`only` fillers enclose the current position.
        var depth = 0
        /// Deeper expressions are refused rather than parsed (and later written) by recursion.
        static let maximumDepth = 200

        init(tokens: [(token: Token, position: Int)], text: String) {
            self.tokens = tokens
            self.text = text
        }

        var peek: (token: Token, position: Int) { tokens[index] }

        func isKeyword(_ token: Token, _ keyword: String) -> Bool {
            if case .word(let word) = token { return word.lowercased() == keyword }
            return false
        }

        func describe(_ token: Token) -> String {
            switch token {
            case .open: return "'('"
            case .close: return "')'"
            case .quoted(let value): return "'\(value)'"
            case .iri(let value): return "<\(value)>"
            case .word(let value): return "'\(value)'"
            case .end: return "end of expression"
            }
        }

        func error(_ message: String) -> CuratorError {
            .manchesterSyntax(expression: text, position: peek.position, message: message)
        }

        mutating func description() throws(CuratorError) -> ManchesterExpression {
            var operands = [try conjunction()]
            while isKeyword(peek.token, "or") {
                index += 1
                operands.append(try conjunction())
            }
            return operands.count == 1 ? operands[0] : .or(operands)
        }

        mutating func conjunction() throws(CuratorError) -> ManchesterExpression {
            var operands = [try primary()]
            while isKeyword(peek.token, "and") {
                index += 1
                operands.append(try primary())
            }
            return operands.count == 1 ? operands[0] : .and(operands)
        }

        mutating func primary() throws(CuratorError) -> ManchesterExpression {
            depth += 1
            defer { depth -= 1 }
            if depth > Self.maximumDepth {
                throw error("the expression nests more than \(Self.maximumDepth) brackets, 'not's or restrictions deep")
            }
            if isKeyword(peek.token, "not") {
                index += 1
                return .not(try primary())
            }
            if peek.token == .open {
                index += 1
                let inner = try description()
                guard peek.token == .close else { throw error("expected ')' to close the '(', found \(describe(peek.token))") }
                index += 1
                return inner
            }
            let atom = try atomic()
            for keyword in ["some", "only"] where isKeyword(peek.token, keyword) {
                index += 1
                let filler = try primary()
                return keyword == "some" ? .some(property: atom, filler: filler) : .only(property: atom, filler: filler)
            }
            return atom
        }

        mutating func atomic() throws(CuratorError) -> ManchesterExpression {
            let (token, _) = peek
            switch token {
            case .quoted(let value):
                index += 1
                return .name(value, quoted: true)
            case .iri(let value):
                index += 1
                return .iri(value)
            case .word(let value):
                if ["and", "or", "not", "some", "only"].contains(value.lowercased()) {
                    throw error("expected a class or property name, found the keyword '\(value)'")
                }
                index += 1
                return .name(value, quoted: false)
            case .open, .close, .end:
                throw error("expected a class or property name, found \(describe(token))")
            }
        }
    }
}
