import Foundation

/// Compiled regular expressions for REGEX and REPLACE (SPARQL 1.1 §17.4.3.14, XPath `fn:matches` flags).
struct RegexCache {
    private var compiled: [String: NSRegularExpression?] = [:]

    /// Compiles `pattern` with XPath flags `s`, `m`, `i`, `x`, `q`.
    ///
    /// - Throws: when the pattern or a flag is invalid.
    static func compile(_ pattern: String, flags: String) throws -> NSRegularExpression {
        var options: NSRegularExpression.Options = []
        for flag in flags {
            switch flag {
            case "i": options.insert(.caseInsensitive)
            case "s": options.insert(.dotMatchesLineSeparators)
            case "m": options.insert(.anchorsMatchLines)
            case "x": options.insert(.allowCommentsAndWhitespace)
            case "q": options.insert(.ignoreMetacharacters)
            default: throw SPARQLEvaluationError.invalidRegex(pattern: pattern, flags: flags)
            }
        }
        return try NSRegularExpression(pattern: pattern, options: options)
    }

    /// The compiled expression, or `nil` when it does not compile (an expression error).
    mutating func regex(_ pattern: String, flags: String) -> NSRegularExpression? {
        let key = flags + "\u{0}" + pattern
        if let cached = compiled[key] { return cached }
        let regex = try? Self.compile(pattern, flags: flags)
        compiled[key] = regex
        return regex
    }
}
