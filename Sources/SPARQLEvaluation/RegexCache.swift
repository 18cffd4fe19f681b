/// Compiled regular expressions for REGEX and REPLACE whose pattern is only known per row
/// (SPARQL 1.1 §17.4.3.14, XPath `fn:matches` flags).
struct RegexCache {
    private var compiled: [String: XPathRegex?] = [:]
    /// The first pattern that is valid but cannot be evaluated (a back-reference, a pattern too large):
    /// the query stops with this error instead of answering as if the pattern did not match.
    private(set) var failure: SPARQLEvaluationError?
    /// The query's token, polled by long matches.
    var stop: QueryCancellation?

    /// The compiled expression, or `nil` when it does not compile (an expression error).
    mutating func regex(_ pattern: String, flags: String) -> XPathRegex? {
        let key = flags + "\u{0}" + pattern
        if let cached = compiled[key] { return cached }
        var regex: XPathRegex?
        do {
            regex = try XPathRegex(pattern: pattern, flags: flags)
        } catch let error as SPARQLEvaluationError {
            if case .unsupported = error, failure == nil { failure = error }
        } catch {}
        compiled[key] = regex
        return regex
    }
}
