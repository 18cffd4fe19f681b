import Foundation
import RDFModel
import SPARQLSyntax

/// The function library of SPARQL 1.1 §17.4 over evaluated arguments; `nil` is an expression error.
enum Functions {
    /// A simple literal, an `xsd:string` or a language-tagged string (§17.4.3 "string literal").
    static func isStringLike(_ literal: Literal) -> Bool {
        literal.datatype == XSD.string || literal.language != nil
    }

    static func stringLiteral(_ term: Term) -> Literal? {
        guard case .literal(let literal) = term, isStringLike(literal) else { return nil }
        return literal
    }

    /// Argument compatibility of §17.4.3.1.2.
    static func compatible(_ lhs: Literal, _ rhs: Literal) -> Bool {
        if rhs.language == nil { return true }
        return lhs.language == rhs.language
    }

    /// A literal with the lexical form `text` and the language or datatype of `like`.
    static func sameKind(_ text: String, as like: Literal) -> Term {
        if let language = like.language { return .literal(text, language: language) }
        return .literal(text, datatype: like.datatype)
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    static func call(_ function: BuiltinFunction, _ args: [Term], regexCache: inout RegexCache) -> Term? {
        switch function {
        case .str:
            switch args[0] {
            case .iri(let iri): return .literal(iri)
            case .literal(let literal): return .literal(literal.lexicalForm)
            case .blankNode: return nil
            }
        case .lang:
            guard case .literal(let literal) = args[0] else { return nil }
            return .literal(literal.language ?? "")
        case .datatype:
            guard case .literal(let literal) = args[0] else { return nil }
            return .iri(literal.datatype)
        case .langMatches:
            guard let tag = simpleString(args[0]), let range = simpleString(args[1]) else { return nil }
            return Values.booleanTerm(languageMatches(tag, range))
        case .abs, .ceil, .floor, .round:
            guard let value = Values.numeric(args[0]) else { return nil }
            return rounding(function, value).term
        case .concat:
            var text = ""
            var language: String?? = .none
            for arg in args {
                guard let literal = stringLiteral(arg) else { return nil }
                text += literal.lexicalForm
                switch language {
                case .none: language = .some(literal.language)
                case .some(let existing) where existing != literal.language: language = .some(nil)
                default: break
                }
            }
            if case .some(.some(let tag)) = language { return .literal(text, language: tag) }
            return .literal(text)
        case .substr:
            guard let literal = stringLiteral(args[0]), let start = Values.numeric(args[1]) else { return nil }
            let length = args.count > 2 ? Values.numeric(args[2]) : nil
            if args.count > 2 && length == nil { return nil }
            return sameKind(substring(literal.lexicalForm, start: start, length: length), as: literal)
        case .strlen:
            guard let literal = stringLiteral(args[0]) else { return nil }
            return NumericValue.integer(literal.lexicalForm.unicodeScalars.count).term
        case .ucase:
            guard let literal = stringLiteral(args[0]) else { return nil }
            return sameKind(literal.lexicalForm.uppercased(), as: literal)
        case .lcase:
            guard let literal = stringLiteral(args[0]) else { return nil }
            return sameKind(literal.lexicalForm.lowercased(), as: literal)
        case .encodeForURI:
            guard let literal = stringLiteral(args[0]) else { return nil }
            return .literal(encodeForURI(literal.lexicalForm))
        case .contains, .strStarts, .strEnds, .strBefore, .strAfter:
            guard let a = stringLiteral(args[0]), let b = stringLiteral(args[1]), compatible(a, b) else { return nil }
            return stringPair(function, a, b)
        case .year, .month, .day, .hours, .minutes, .seconds, .timezone, .tz:
            guard case .literal(let literal) = args[0], literal.datatype == XSD.dateTime || literal.datatype == XSD.date,
                  let value = DateTimeValue(literal.lexicalForm) else { return nil }
            return dateComponent(function, value)
        case .md5, .sha1, .sha256, .sha384, .sha512:
            guard case .literal(let literal) = args[0], literal.language == nil, literal.datatype == XSD.string else { return nil }
            let bytes = Array(literal.lexicalForm.utf8)
            let digest: [UInt8]
            switch function {
            case .md5: digest = Hashes.md5(bytes)
            case .sha1: digest = Hashes.sha1(bytes)
            case .sha256: digest = Hashes.sha256(bytes)
            case .sha384: digest = Hashes.sha384(bytes)
            default: digest = Hashes.sha512(bytes)
            }
            return .literal(digest.map { String(format: "%02x", $0) }.joined())
        case .strLang:
            guard let text = simpleString(args[0]), let tag = simpleString(args[1]), isValidLanguageTag(tag) else { return nil }
            return .literal(text, language: tag)
        case .strDT:
            guard let text = simpleString(args[0]), case .iri(let datatype) = args[1] else { return nil }
            return .literal(text, datatype: datatype)
        case .sameTerm:
            return Values.booleanTerm(args[0] == args[1])
        case .isIRI, .isURI:
            return Values.booleanTerm(args[0].isIRI)
        case .isBlank:
            return Values.booleanTerm(args[0].isBlankNode)
        case .isLiteral:
            return Values.booleanTerm(args[0].isLiteral)
        case .isNumeric:
            return Values.booleanTerm(Values.numeric(args[0]) != nil)
        case .regex:
            guard let text = stringLiteral(args[0]), let pattern = simpleString(args[1]) else { return nil }
            var flags = ""
            if args.count > 2 {
                guard let value = simpleString(args[2]) else { return nil }
                flags = value
            }
            guard let regex = regexCache.regex(pattern, flags: flags) else { return nil }
            return Values.booleanTerm(regex.matches(text.lexicalForm, stop: regexCache.stop))
        case .replace:
            guard let text = stringLiteral(args[0]), let pattern = simpleString(args[1]),
                  let replacement = simpleString(args[2]) else { return nil }
            var flags = ""
            if args.count > 3 {
                guard let value = simpleString(args[3]) else { return nil }
                flags = value
            }
            guard let regex = regexCache.regex(pattern, flags: flags) else { return nil }
            return replace(text, regex: regex, replacement: replacement, stop: regexCache.stop)
        case .bound, .coalesce, .if, .bnode, .rand, .now, .uuid, .strUUID, .iri, .uri:
            return nil  // evaluated before the arguments are
        }
    }

    /// A simple literal or `xsd:string` (no language tag).
    static func simpleString(_ term: Term) -> String? {
        guard case .literal(let literal) = term, literal.language == nil, literal.datatype == XSD.string else { return nil }
        return literal.lexicalForm
    }

    static func isValidLanguageTag(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (1...8).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            return false
        }
        return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    /// RFC 4647 basic filtering, as `langMatches` (§17.4.3.2).
    static func languageMatches(_ tag: String, _ range: String) -> Bool {
        if range == "*" { return !tag.isEmpty }
        let tag = tag.lowercased(), range = range.lowercased()
        return tag == range || tag.hasPrefix(range + "-")
    }

    static func rounding(_ function: BuiltinFunction, _ value: NumericValue) -> NumericValue {
        switch value {
        case .integer(let number):
            return function == .abs ? .integer(Swift.abs(number)) : value
        case .decimal(let number):
            var result = number
            switch function {
            case .abs: result = number < 0 ? -number : number
            case .ceil: NSDecimalRound(&result, [number], 0, .up)
            case .floor: NSDecimalRound(&result, [number], 0, .down)
            default:
                // fn:round rounds halves towards positive infinity.
                var shifted = number + Decimal(sign: .plus, exponent: -1, significand: 5)
                NSDecimalRound(&result, &shifted, 0, .down)
            }
            return .decimal(result)
        case .float(let number), .double(let number):
            let result: Double
            switch function {
            case .abs: result = Swift.abs(number)
            case .ceil: result = number.rounded(.up)
            case .floor: result = number.rounded(.down)
            default: result = (number + 0.5).rounded(.down)
            }
            if case .float = value { return .float(result) }
            return .double(result)
        }
    }

    /// `fn:substring` with 1-based code point positions and rounded arguments.
    static func substring(_ text: String, start: NumericValue, length: NumericValue?) -> String {
        let scalars = Array(text.unicodeScalars)
        let first = (start.asDouble + 0.5).rounded(.down)
        let last: Double
        if let length {
            last = first + (length.asDouble + 0.5).rounded(.down)
        } else {
            last = .infinity
        }
        if first.isNaN || last.isNaN { return "" }
        var result = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            let position = Double(index + 1)
            if position >= first && position < last { result.append(scalar) }
        }
        return String(result)
    }

    static func encodeForURI(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                 UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }

    /// Substring search on bytes when both strings are plain ASCII (no CR, which may start a CR LF
    /// grapheme), where it agrees with the general search; nil otherwise.
    static func asciiContains(_ text: String, _ needle: String) -> Bool? {
        var text = text, needle = needle
        return text.withUTF8 { haystack -> Bool? in
            needle.withUTF8 { pattern -> Bool? in
                @inline(__always) func plain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
                    for byte in bytes where byte >= 0x80 || byte == 0x0D { return false }
                    return true
                }
                guard plain(haystack), plain(pattern) else { return nil }
                let n = haystack.count, m = pattern.count
                if m > n { return false }
                let first = pattern[0]
                var index = 0
                while index <= n - m {
                    if haystack[index] == first {
                        var matched = 1
                        while matched < m && haystack[index + matched] == pattern[matched] { matched += 1 }
                        if matched == m { return true }
                    }
                    index += 1
                }
                return false
            }
        }
    }

    /// CONTAINS(LCASE(text), needle) without building the lowercased string, when both are plain ASCII (no
    /// CR); nil otherwise.
    static func asciiContainsLowercased(_ text: String, _ needle: String) -> Bool? {
        var text = text, needle = needle
        return text.withUTF8 { haystack -> Bool? in
            needle.withUTF8 { pattern -> Bool? in
                for byte in haystack where byte >= 0x80 || byte == 0x0D { return nil }
                for byte in pattern where byte >= 0x80 || byte == 0x0D { return nil }
                @inline(__always) func lower(_ byte: UInt8) -> UInt8 {
                    byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                }
                let n = haystack.count, m = pattern.count
                if m == 0 { return true }
                if m > n { return false }
                var index = 0
                while index <= n - m {
                    var matched = 0
                    while matched < m && lower(haystack[index + matched]) == pattern[matched] { matched += 1 }
                    if matched == m { return true }
                    index += 1
                }
                return false
            }
        }
    }

    static func stringPair(_ function: BuiltinFunction, _ a: Literal, _ b: Literal) -> Term {
        let text = a.lexicalForm, needle = b.lexicalForm
        switch function {
        case .contains: return Values.booleanTerm(needle.isEmpty || (asciiContains(text, needle) ?? text.contains(needle)))
        case .strStarts: return Values.booleanTerm(text.hasPrefix(needle))
        case .strEnds: return Values.booleanTerm(text.hasSuffix(needle))
        case .strBefore:
            if needle.isEmpty { return sameKind("", as: a) }
            guard let range = text.range(of: needle, options: .literal) else { return .literal("") }
            return sameKind(String(text[..<range.lowerBound]), as: a)
        default:
            if needle.isEmpty { return sameKind(text, as: a) }
            guard let range = text.range(of: needle, options: .literal) else { return .literal("") }
            return sameKind(String(text[range.upperBound...]), as: a)
        }
    }

    static func dateComponent(_ function: BuiltinFunction, _ value: DateTimeValue) -> Term? {
        switch function {
        case .year: return NumericValue.integer(value.year).term
        case .month: return NumericValue.integer(value.month).term
        case .day: return NumericValue.integer(value.day).term
        case .hours: return NumericValue.integer(value.hour).term
        case .minutes: return NumericValue.integer(value.minute).term
        case .seconds: return NumericValue.decimal(value.second).term
        case .timezone:
            guard let offset = value.timezone else { return nil }
            if offset == 0 { return .literal("PT0S", datatype: XSD.namespace + "dayTimeDuration") }
            let magnitude = Swift.abs(offset)
            var text = (offset < 0 ? "-" : "") + "PT"
            if magnitude / 60 > 0 { text += "\(magnitude / 60)H" }
            if magnitude % 60 > 0 { text += "\(magnitude % 60)M" }
            return .literal(text, datatype: XSD.namespace + "dayTimeDuration")
        default:
            guard let offset = value.timezone else { return .literal("") }
            if offset == 0 { return .literal("Z") }
            let magnitude = Swift.abs(offset)
            return .literal(String(format: "%@%02d:%02d", offset < 0 ? "-" : "+", magnitude / 60, magnitude % 60))
        }
    }

    /// `fn:replace` with XPath `$n` group references.
    static func replace(_ literal: Literal, regex: XPathRegex, replacement: String, stop: QueryCancellation?) -> Term? {
        // XPath forbids patterns that match the empty string, and malformed replacements.
        guard let result = regex.replacingMatches(in: literal.lexicalForm, with: replacement, stop: stop) else {
            return nil
        }
        return sameKind(result, as: literal)
    }
}

/// XSD casts (SPARQL 1.1 §17.5).
enum Casts {
    /// The XPath string form of a value (`fn:string`): canonical numbers without exponents between 1e-6 and
    /// 1e6, `true`/`false` for booleans, the lexical form otherwise.
    static func canonicalString(_ literal: Literal, number: NumericValue?) -> String {
        if literal.datatype == XSD.boolean, let value = Values.boolean(.literal(literal)) { return value ? "true" : "false" }
        guard let number else { return literal.lexicalForm }
        switch number {
        case .integer(let value): return String(value)
        case .decimal(let value): return value.description
        case .float(let value), .double(let value):
            if value.isNaN { return "NaN" }
            if value.isInfinite { return value < 0 ? "-INF" : "INF" }
            if value == 0 { return value.sign == .minus ? "-0" : "0" }
            let magnitude = Swift.abs(value)
            if magnitude >= 1e-6 && magnitude < 1e6 {
                var text: String
                if case .float = number { text = "\(Float(value))" } else { text = "\(value)" }
                if text.contains("e") { text = String(format: "%.17g", value) }
                if text.hasSuffix(".0") { text.removeLast(2) }
                return text
            }
            let isFloat: Bool
            if case .float = number { isFloat = true } else { isFloat = false }
            return NumericValue.canonicalDouble(value, isFloat: isFloat)
        }
    }

    static let supported: Set<String> = [XSD.string, XSD.boolean, XSD.integer, XSD.decimal, XSD.float, XSD.double,
                                         XSD.dateTime]

    static func cast(_ value: Term, to datatype: String) -> Term? {
        if case .blankNode = value { return nil }
        if case .iri(let iri) = value {
            return datatype == XSD.string ? .literal(iri, datatype: XSD.string) : nil
        }
        guard case .literal(let literal) = value else { return nil }
        if literal.language != nil { return nil }
        let text = literal.lexicalForm
        let isString = literal.datatype == XSD.string
        let number = Values.numeric(literal)
        if Values.isNumericDatatype(literal.datatype) && number == nil && datatype != XSD.string { return nil }
        switch datatype {
        case XSD.string:
            return .literal(canonicalString(literal, number: number), datatype: XSD.string)
        case XSD.boolean:
            if isString || literal.datatype == XSD.boolean {
                switch text.trimmingCharacters(in: .whitespaces) {
                case "true", "1": return Values.trueTerm
                case "false", "0": return Values.falseTerm
                default: return nil
                }
            }
            guard let number else { return nil }
            return Values.booleanTerm(!(number.isZero || number.isNaN))
        case XSD.integer:
            if isString {
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                guard Values.isIntegerLexical(trimmed) else { return nil }
                return Values.numeric(.literal(trimmed, datatype: XSD.integer))?.term
            }
            if let value = Values.boolean(value) { return NumericValue.integer(value ? 1 : 0).term }
            guard let number else { return nil }
            switch number {
            case .integer: return number.term
            case .decimal(let decimal):
                let digits = decimal.description.split(separator: ".", maxSplits: 1).first.map(String.init) ?? "0"
                return Int(digits).map { NumericValue.integer($0 == 0 ? 0 : $0).term }
            case .float(let double), .double(let double):
                guard double.isFinite, Swift.abs(double) < 9.2e18 else { return nil }
                return NumericValue.integer(Int(double.rounded(.towardZero))).term
            }
        case XSD.decimal:
            if isString {
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                guard Values.isDecimalLexical(trimmed) else { return nil }
                return Values.numeric(.literal(trimmed, datatype: XSD.decimal))?.term
            }
            if let value = Values.boolean(value) { return NumericValue.decimal(value ? 1 : 0).term }
            guard let number, let decimal = number.asDecimal else { return nil }
            return NumericValue.decimal(decimal).term
        case XSD.float, XSD.double:
            let double: Double
            if isString {
                guard let parsed = Values.parseDouble(text.trimmingCharacters(in: .whitespaces)) else { return nil }
                double = parsed
            } else if let value = Values.boolean(value) {
                double = value ? 1 : 0
            } else if let number {
                double = number.asDouble
            } else {
                return nil
            }
            return datatype == XSD.float ? NumericValue.float(double).term : NumericValue.double(double).term
        case XSD.dateTime:
            guard isString || literal.datatype == XSD.dateTime else { return nil }
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard DateTimeValue(trimmed)?.hasTime == true else { return nil }
            return .literal(trimmed, datatype: XSD.dateTime)
        default:
            return nil
        }
    }
}
