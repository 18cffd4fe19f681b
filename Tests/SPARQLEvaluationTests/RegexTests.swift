import Foundation
import RDFModel
import RDFStore
import SPARQLEvaluation
import Testing

/// REGEX and REPLACE: XPath regular expressions matched in linear time, never a silent wrong answer.
@Suite("SPARQL regular expressions")
struct RegexTests {
    func evaluate(_ expression: String) throws -> Term? {
        let result = try QueryEngine.evaluate("SELECT (\(expression) AS ?v) {}", on: TripleStore())
        guard case .solutions(let table) = result else { return nil }
        return table.rows.first?.first ?? nil
    }

    func bool(_ expression: String) throws -> Bool? {
        guard case .literal(let literal)? = try evaluate(expression) else { return nil }
        return literal.lexicalForm == "true"
    }

    @Test("a pattern that backtracks catastrophically is still answered correctly, and fast")
    func catastrophicBacktracking() throws {
        let text = String(repeating: "a", count: 36) + "b"
        let clock = ContinuousClock()
        let started = clock.now
        #expect(try bool("REGEX(\"\(text)\", \"^(?:(a|aa)*c|.*b)$\")") == true)
        #expect(try bool("REGEX(\"\(String(repeating: "a", count: 40))\", \"^(a+)+$\")") == true)
        #expect(try bool("REGEX(\"\(String(repeating: "a", count: 40))!\", \"^(a+)+$\")") == false)
        #expect(clock.now - started < .seconds(2))
    }

    @Test("a long match stops at the query's time limit")
    func longMatchTimesOut() throws {
        let text = String(repeating: "ab", count: 100_000)
        let clock = ContinuousClock()
        let started = clock.now
        let options = QueryOptions(cancellation: QueryCancellation(timeout: .milliseconds(300)))
        #expect(throws: SPARQLEvaluationError.timeout(.milliseconds(300))) {
            try QueryEngine.evaluate("SELECT (REGEX(\"\(text)\", \"(a|b){0,3000}c\") AS ?v) {}", on: TripleStore(),
                                     options: options)
        }
        #expect(clock.now - started < .milliseconds(1_500))
    }

    @Test("a pattern given per row is matched by the same engine")
    func dynamicPattern() throws {
        let text = String(repeating: "a", count: 36) + "b"
        #expect(try bool("REGEX(\"\(text)\", CONCAT(\"^(?:(a|aa)*c|\", \".*b)$\"))") == true)
    }

    @Test("XPath syntax: classes, quantifiers, anchors, flags")
    func syntax() throws {
        let cases: [(String, Bool)] = [
            (#"REGEX("abc", "^a.c$")"#, true),
            (#"REGEX("a\nc", "a.c")"#, false),
            (#"REGEX("a\nc", "a.c", "s")"#, true),
            (#"REGEX("x\nb\ny", "^b$")"#, false),
            (#"REGEX("x\nb\ny", "^b$", "m")"#, true),
            (#"REGEX("ABC", "abc", "i")"#, true),
            (#"REGEX("Q", "[a-z]", "i")"#, true),
            (#"REGEX("abbc", "ab{2}c")"#, true),
            (#"REGEX("abbbc", "^ab{1,2}c$")"#, false),
            (#"REGEX("abc", " a b c ", "x")"#, true),
            (#"REGEX("a?+*", "a?+*", "q")"#, true),
            (#"REGEX("e", "[a-z-[aeiou]]")"#, false),
            (#"REGEX("f", "[a-z-[aeiou]]")"#, true),
            (#"REGEX("٣", "^\\d$")"#, true),
            (#"REGEX("É", "^\\p{Lu}$")"#, true),
            (#"REGEX("é", "^\\P{Lu}$")"#, true),
            (#"REGEX("a-b", "^\\w-\\w$")"#, true),
            (#"REGEX(" ", "\\S")"#, false),
            (#"REGEX("xyz", "(?:x|y)+z")"#, true),
        ]
        for (expression, expected) in cases {
            #expect(try bool(expression) == expected, "\(expression)")
        }
    }

    @Test("REPLACE: leftmost matches, group references, lazy quantifiers")
    func replace() throws {
        #expect(try evaluate(#"REPLACE("abracadabra", "a(.)", "[$1]")"#) == .literal("[b]r[c][d][b]ra"))
        #expect(try evaluate(#"REPLACE("abcb", "b(.)?", "X$1")"#) == .literal("aXcX"))
        #expect(try evaluate(#"REPLACE("aaa", "a+?", "b")"#) == .literal("bbb"))
        #expect(try evaluate(#"REPLACE("abab", "(ab)|(a)", "[1=$1][2=$2]")"#) == .literal("[1=ab][2=][1=ab][2=]"))
        #expect(try evaluate(#"REPLACE("a$b", "\\$", "\\\\")"#) == .literal("a\\b"))
        #expect(try evaluate(#"REPLACE("abc", "b", "$")"#) == nil)
        #expect(try evaluate(#"REPLACE("abc", "x*", "-")"#) == nil)
    }

    @Test("an invalid pattern is a query error naming it")
    func invalidPattern() {
        #expect(throws: SPARQLEvaluationError.invalidRegex(pattern: "a{", flags: "")) {
            try evaluate(#"REGEX("a", "a{")"#)
        }
    }

    @Test("a back-reference cannot be matched in linear time: a query error, not false")
    func backReference() {
        #expect {
            try evaluate(#"REGEX("aa", "(a)\\1")"#)
        } throws: { error in
            "\(error)".contains("back-reference")
        }
        #expect {
            try evaluate(#"REGEX("aa", CONCAT("(a)", "\\1"))"#)
        } throws: { error in
            "\(error)".contains("back-reference")
        }
    }
}
