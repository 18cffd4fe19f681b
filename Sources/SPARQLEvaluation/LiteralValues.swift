import Foundation
import RDFModel

/// Numeric values of the XSD numeric types, with SPARQL's type promotion (SPARQL 1.1 §17.3, XPath op:numeric-*).
enum NumericValue {
    case integer(Int)
    case decimal(Decimal)
    case float(Double)
    case double(Double)

    var rank: Int {
        switch self {
        case .integer: return 0
        case .decimal: return 1
        case .float: return 2
        case .double: return 3
        }
    }

    var asDouble: Double {
        switch self {
        case .integer(let value): return Double(value)
        case .decimal(let value): return NSDecimalNumber(decimal: value).doubleValue
        case .float(let value), .double(let value): return value
        }
    }

    var asDecimal: Decimal? {
        switch self {
        case .integer(let value): return Decimal(value)
        case .decimal(let value): return value
        case .float(let value), .double(let value):
            guard value.isFinite else { return nil }
            return Decimal(string: String(value)) ?? Decimal(value)
        }
    }

    /// Converts both operands to their common type.
    static func promote(_ lhs: NumericValue, _ rhs: NumericValue) -> (NumericValue, NumericValue) {
        let rank = max(lhs.rank, rhs.rank)
        return (lhs.converted(to: rank), rhs.converted(to: rank))
    }

    func converted(to rank: Int) -> NumericValue {
        if rank <= self.rank { return self }
        switch rank {
        case 1: return .decimal(asDecimal ?? 0)
        case 2: return .float(Double(Float(asDouble)))
        default: return .double(asDouble)
        }
    }

    var isZero: Bool {
        switch self {
        case .integer(let value): return value == 0
        case .decimal(let value): return value.isZero
        case .float(let value), .double(let value): return value == 0
        }
    }

    var isNaN: Bool {
        switch self {
        case .float(let value), .double(let value): return value.isNaN
        default: return false
        }
    }

    /// The term with the canonical lexical form of the value.
    var term: Term {
        switch self {
        case .integer(let value): return .literal(String(value), datatype: XSD.integer)
        case .decimal(let value): return .literal(Self.canonicalDecimal(value), datatype: XSD.decimal)
        case .float(let value): return .literal(Self.canonicalDouble(Double(Float(value)), isFloat: true), datatype: XSD.float)
        case .double(let value): return .literal(Self.canonicalDouble(value, isFloat: false), datatype: XSD.double)
        }
    }

    static func canonicalDecimal(_ value: Decimal) -> String {
        var text = value.description
        if !text.contains(".") { text += ".0" }
        return text
    }

    static func canonicalDouble(_ value: Double, isFloat: Bool) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-INF" : "INF" }
        if value == 0 { return value.sign == .minus ? "-0.0E0" : "0.0E0" }
        var exponent = 0
        var mantissa = abs(value)
        exponent = Int(floor(log10(mantissa)))
        mantissa /= pow(10, Double(exponent))
        if mantissa >= 10 { mantissa /= 10; exponent += 1 }
        if mantissa < 1 { mantissa *= 10; exponent -= 1 }
        var digits = isFloat ? String(Float(mantissa)) : String(mantissa)
        if digits.contains("e") || digits.contains("E") { digits = String(format: "%.15g", mantissa) }
        if !digits.contains(".") { digits += ".0" }
        return (value < 0 ? "-" : "") + digits + "E" + String(exponent)
    }

    static func compare(_ lhs: NumericValue, _ rhs: NumericValue) -> Int? {
        switch promote(lhs, rhs) {
        case (.integer(let a), .integer(let b)): return a < b ? -1 : a > b ? 1 : 0
        case (.decimal(let a), .decimal(let b)): return a < b ? -1 : a > b ? 1 : 0
        case (.float(let a), .float(let b)), (.double(let a), .double(let b)):
            if a.isNaN || b.isNaN { return nil }
            return a < b ? -1 : a > b ? 1 : 0
        default: return nil
        }
    }

    enum Operation { case add, subtract, multiply, divide }

    /// `op:numeric-add` and friends; `nil` on error (integer or decimal division by zero).
    static func apply(_ operation: Operation, _ lhs: NumericValue, _ rhs: NumericValue) -> NumericValue? {
        var (a, b) = promote(lhs, rhs)
        if operation == .divide, case .integer = a {
            a = a.converted(to: 1)
            b = b.converted(to: 1)
        }
        switch (a, b) {
        case (.integer(let x), .integer(let y)):
            let result: (Int, Bool)
            switch operation {
            case .add: result = x.addingReportingOverflow(y)
            case .subtract: result = x.subtractingReportingOverflow(y)
            case .multiply: result = x.multipliedReportingOverflow(by: y)
            case .divide: return nil
            }
            if result.1 {
                return apply(operation, .decimal(Decimal(x)), .decimal(Decimal(y)))
            }
            return .integer(result.0)
        case (.decimal(let x), .decimal(let y)):
            switch operation {
            case .add: return .decimal(x + y)
            case .subtract: return .decimal(x - y)
            case .multiply: return .decimal(x * y)
            case .divide:
                if y.isZero { return nil }
                return .decimal(x / y)
            }
        case (.float(let x), .float(let y)):
            switch operation {
            case .add: return .float(Double(Float(x + y)))
            case .subtract: return .float(Double(Float(x - y)))
            case .multiply: return .float(Double(Float(x * y)))
            case .divide: return .float(Double(Float(x / y)))
            }
        case (.double(let x), .double(let y)):
            switch operation {
            case .add: return .double(x + y)
            case .subtract: return .double(x - y)
            case .multiply: return .double(x * y)
            case .divide: return .double(x / y)
            }
        default:
            return nil
        }
    }
}

/// Helpers that read literal values (XSD 1.1 lexical spaces) and build result terms.
enum Values {
    /// The XSD integer types with the values each allows (`xsd:integer` and `xsd:long`: any `Int`;
    /// larger values are read as decimals).
    static let integerRanges: [String: ClosedRange<Int>] = [
        "integer": Int.min...Int.max, "long": Int.min...Int.max, "unsignedLong": 0...Int.max,
        "nonNegativeInteger": 0...Int.max, "positiveInteger": 1...Int.max,
        "negativeInteger": Int.min...(-1), "nonPositiveInteger": Int.min...0,
        "int": Int(Int32.min)...Int(Int32.max), "short": Int(Int16.min)...Int(Int16.max), "byte": Int(Int8.min)...Int(Int8.max),
        "unsignedInt": 0...Int(UInt32.max), "unsignedShort": 0...Int(UInt16.max), "unsignedByte": 0...Int(UInt8.max),
    ].reduce(into: [:]) { $0[XSD.namespace + $1.key] = $1.value }

    static func isNumericDatatype(_ datatype: String) -> Bool {
        integerRanges[datatype] != nil || datatype == XSD.decimal || datatype == XSD.float || datatype == XSD.double
    }

    /// The numeric value of a literal, or `nil` when it is not numeric or its lexical form is invalid.
    static func numeric(_ term: Term) -> NumericValue? {
        guard case .literal(let literal) = term else { return nil }
        return numeric(literal)
    }

    static func numeric(_ literal: Literal) -> NumericValue? {
        let text = literal.lexicalForm
        let datatype = literal.datatype
        // xsd:integer, by far the most common, by one comparison rather than hashing the IRI.
        if let range = datatype == XSD.integer ? Int.min...Int.max : integerRanges[datatype] {
            guard isIntegerLexical(text) else { return nil }
            if let value = Int(text.hasPrefix("+") ? String(text.dropFirst()) : text) {
                return range.contains(value) ? .integer(value) : nil
            }
            return Decimal(string: text).map { .decimal($0) }
        }
        switch datatype {
        case XSD.decimal:
            guard isDecimalLexical(text) else { return nil }
            return Decimal(string: text.hasPrefix("+") ? String(text.dropFirst()) : text).map { .decimal($0) }
        case XSD.double:
            return parseDouble(text).map { .double($0) }
        case XSD.float:
            return parseDouble(text).map { .float(Double(Float($0))) }
        default:
            return nil
        }
    }

    static func isIntegerLexical(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        return !bytes.isEmpty && bytes.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    static func isDecimalLexical(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        var digits = 0, dots = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") { dots += 1 } else if byte >= 48 && byte <= 57 { digits += 1 } else { return false }
        }
        return digits > 0 && dots <= 1
    }

    static func parseDouble(_ text: String) -> Double? {
        switch text {
        case "INF", "+INF": return .infinity
        case "-INF": return -.infinity
        case "NaN": return .nan
        default: break
        }
        var mantissa = Substring(text)
        var exponentPart: Substring?
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponentPart = text[text.index(after: e)...]
        }
        guard isDecimalLexical(String(mantissa)) else { return nil }
        if let exponentPart, !isIntegerLexical(String(exponentPart)) { return nil }
        return Double(text.hasPrefix("+") ? String(text.dropFirst()) : text)
    }

    /// The boolean value of an `xsd:boolean` literal, or `nil` when not a valid boolean.
    static func boolean(_ term: Term) -> Bool? {
        guard case .literal(let literal) = term, literal.datatype == XSD.boolean else { return nil }
        switch literal.lexicalForm {
        case "true", "1": return true
        case "false", "0": return false
        default: return nil
        }
    }

    static func booleanTerm(_ value: Bool) -> Term {
        .literal(value ? "true" : "false", datatype: XSD.boolean)
    }

    static let trueTerm = booleanTerm(true)
    static let falseTerm = booleanTerm(false)

    /// True for simple literals and `xsd:string` (the "string literal" of §17.4.3 without a tag).
    static func isStringLiteral(_ literal: Literal) -> Bool {
        literal.language == nil && literal.datatype == XSD.string
    }

    /// The effective boolean value (SPARQL 1.1 §17.2.2); `nil` is a type error.
    static func effectiveBooleanValue(_ term: Term) -> Bool? {
        guard case .literal(let literal) = term else { return nil }
        if literal.datatype == XSD.boolean { return boolean(term) ?? false }
        if literal.language == nil && literal.datatype == XSD.string { return !literal.lexicalForm.isEmpty }
        if isNumericDatatype(literal.datatype) {
            guard let value = numeric(literal) else { return false }
            return !(value.isZero || value.isNaN)
        }
        return nil
    }

    // MARK: Comparison

    enum Category { case numeric, string, langString, boolean, dateTime, date, other }

    static func category(_ literal: Literal) -> Category {
        if literal.language != nil { return .langString }
        switch literal.datatype {
        case XSD.string: return .string
        case XSD.boolean: return .boolean
        case XSD.dateTime: return .dateTime
        case XSD.date: return .date
        default:
            // An ill-typed numeric literal has no known value: it compares like an unknown datatype.
            return isNumericDatatype(literal.datatype) && numeric(literal) != nil ? .numeric : .other
        }
    }

    /// Orders two literals by value (`<`, `>` of §17.3); `nil` when the operator is not defined for them.
    static func compareLiterals(_ lhs: Literal, _ rhs: Literal) -> Int? {
        let a = category(lhs), b = category(rhs)
        guard a == b else { return nil }
        switch a {
        case .numeric:
            guard let x = numeric(lhs), let y = numeric(rhs) else { return nil }
            return NumericValue.compare(x, y)
        case .string:
            return compareStrings(lhs.lexicalForm, rhs.lexicalForm)
        case .boolean:
            guard let x = boolean(.literal(lhs)), let y = boolean(.literal(rhs)) else { return nil }
            return x == y ? 0 : (!x ? -1 : 1)
        case .dateTime, .date:
            guard lhs.datatype == rhs.datatype, let x = DateTimeValue(lhs.lexicalForm), let y = DateTimeValue(rhs.lexicalForm) else {
                return nil
            }
            return x.compare(y)
        case .langString, .other:
            return nil
        }
    }

    static func compareStrings(_ lhs: String, _ rhs: String) -> Int {
        // Codepoint order (fn:compare with the default collation).
        var a = lhs.unicodeScalars.makeIterator(), b = rhs.unicodeScalars.makeIterator()
        while true {
            switch (a.next(), b.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?):
                if x != y { return x.value < y.value ? -1 : 1 }
            }
        }
    }

    /// `=` (§17.4.1.7 RDFterm-equal with the operator mapping of §17.3); `nil` is a type error.
    static func equal(_ lhs: Term, _ rhs: Term) -> Bool? {
        guard case .literal(let a) = lhs, case .literal(let b) = rhs else { return lhs == rhs }
        let x = category(a), y = category(b)
        if x == y {
            switch x {
            case .numeric, .boolean, .dateTime, .date:
                if let order = compareLiterals(a, b) { return order == 0 }
                return a == b ? true : nil
            case .string:
                return a.lexicalForm == b.lexicalForm
            case .langString:
                return a == b
            case .other:
                return a == b ? true : nil
            }
        }
        if a == b { return true }
        // A language-tagged string never equals a typed literal (their value spaces are disjoint).
        if (x == .langString) != (y == .langString) { return false }
        // Both values are of known, different types: they cannot be equal.
        if x != .other && y != .other { return false }
        return nil
    }

    /// The order of ORDER BY (SPARQL 1.1 §15.1): unbound, blank nodes, IRIs, literals.
    static func orderCompare(_ lhs: Term?, _ rhs: Term?) -> Int {
        guard let lhs else { return rhs == nil ? 0 : -1 }
        guard let rhs else { return 1 }
        func rank(_ term: Term) -> Int {
            switch term {
            case .blankNode: return 0
            case .iri: return 1
            case .literal: return 2
            }
        }
        let a = rank(lhs), b = rank(rhs)
        if a != b { return a < b ? -1 : 1 }
        switch (lhs, rhs) {
        case (.blankNode(let x), .blankNode(let y)), (.iri(let x), .iri(let y)):
            return compareStrings(x, y)
        case (.literal(let x), .literal(let y)):
            if let order = compareLiterals(x, y), order != 0 { return order }
            // Simple literals sort before typed ones, then by datatype, lexical form and language.
            let xSimple = x.datatype == XSD.string && x.language == nil
            let ySimple = y.datatype == XSD.string && y.language == nil
            if xSimple != ySimple { return xSimple ? -1 : 1 }
            if x.datatype != y.datatype { return compareStrings(x.datatype, y.datatype) }
            let lexical = compareStrings(x.lexicalForm, y.lexicalForm)
            if lexical != 0 { return lexical }
            return compareStrings(x.language ?? "", y.language ?? "")
        default:
            return 0
        }
    }
}

/// An `xsd:dateTime` or `xsd:date` value (XSD 1.1 §3.3.7).
struct DateTimeValue {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Decimal
    /// Offset from UTC in minutes; `nil` when the lexical form has no timezone.
    var timezone: Int?
    var hasTime: Bool

    init?(_ text: String) {
        let chars = Array(text.utf8)
        var index = 0
        func digits(_ count: Int) -> Int? {
            guard index + count <= chars.count else { return nil }
            var value = 0
            for offset in 0..<count {
                let byte = chars[index + offset]
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += count
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < chars.count, chars[index] == byte else { return false }
            index += 1
            return true
        }
        var negative = false
        if index < chars.count && chars[index] == UInt8(ascii: "-") { negative = true; index += 1 }
        var yearDigits = 0
        while index + yearDigits < chars.count, chars[index + yearDigits] >= 48, chars[index + yearDigits] <= 57 { yearDigits += 1 }
        guard yearDigits >= 4, let year = digits(yearDigits), expect(UInt8(ascii: "-")), let month = digits(2),
              expect(UInt8(ascii: "-")), let day = digits(2), (1...12).contains(month), (1...31).contains(day) else { return nil }
        self.year = negative ? -year : year
        self.month = month
        self.day = day
        hour = 0
        minute = 0
        second = 0
        hasTime = false
        if expect(UInt8(ascii: "T")) {
            guard let hour = digits(2), expect(UInt8(ascii: ":")), let minute = digits(2), expect(UInt8(ascii: ":")),
                  let whole = digits(2), hour <= 24, minute < 60, whole < 61 else { return nil }
            var secondText = String(whole)
            if expect(UInt8(ascii: ".")) {
                let start = index
                while index < chars.count, chars[index] >= 48, chars[index] <= 57 { index += 1 }
                guard index > start else { return nil }
                secondText += "." + String(decoding: chars[start..<index], as: UTF8.self)
            }
            self.hour = hour
            self.minute = minute
            second = Decimal(string: secondText) ?? 0
            hasTime = true
        }
        if index < chars.count {
            if expect(UInt8(ascii: "Z")) {
                timezone = 0
            } else {
                guard index < chars.count else { return nil }
                let sign = chars[index] == UInt8(ascii: "-") ? -1 : 1
                guard chars[index] == UInt8(ascii: "+") || chars[index] == UInt8(ascii: "-") else { return nil }
                index += 1
                guard let hours = digits(2), expect(UInt8(ascii: ":")), let minutes = digits(2), hours <= 14 else { return nil }
                timezone = sign * (hours * 60 + minutes)
            }
        }
        guard index == chars.count else { return nil }
    }

    /// Seconds from an arbitrary epoch, in UTC (an absent timezone counts as UTC).
    var instant: Decimal {
        // Days from civil (Howard Hinnant's algorithm).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468
        let minutes = days * 1440 + hour * 60 + minute - (timezone ?? 0)
        return Decimal(minutes) * 60 + second
    }

    func compare(_ other: DateTimeValue) -> Int? {
        if (timezone == nil) != (other.timezone == nil) {
            // Indeterminate unless the difference exceeds 14 hours (XSD 1.1 §3.2.7.3).
            let difference = instant - other.instant
            if abs(NSDecimalNumber(decimal: difference).doubleValue) <= 14 * 3600 { return nil }
        }
        let a = instant, b = other.instant
        return a < b ? -1 : a > b ? 1 : 0
    }
}
