import RDFModel
import RDFStore
import SPARQLEvaluation
import SPARQLSyntax
import Testing

/// Queries that nest deeply (brackets, groups, long operator chains) are answered up to
/// `SPARQLParser.maximumDepth` and refused past it with a syntax error, instead of exhausting the
/// stack of the thread that parses, evaluates or frees them.
@Suite("SPARQL nesting limits")
struct NestingLimitTests {
    struct Shape: CustomTestStringConvertible, Sendable {
        let name: String
        /// A query nesting `n` times.
        let query: @Sendable (Int) -> String
        /// A depth within the limit, and the rows the query then gives.
        let accepted: Int
        let rows: Int

        var testDescription: String { name }
    }

    static func repeated(_ text: String, _ n: Int, separator: String = "") -> String {
        Array(repeating: text, count: n).joined(separator: separator)
    }

    static let shapes: [Shape] = [
        Shape(name: "brackets", query: { n in
            "SELECT ?s WHERE { ?s :name ?n FILTER(" + repeated("(", n) + "1" + repeated(")", n) + " > 0) }"
        }, accepted: 100, rows: 4),
        Shape(name: "a chain of +", query: { n in
            "SELECT ?s WHERE { ?s :name ?n FILTER(" + repeated("1", n, separator: " + ") + " > 0) }"
        }, accepted: 900, rows: 4),
        Shape(name: "a chain of ||", query: { n in
            "SELECT ?s WHERE { ?s :name ?n FILTER(" + repeated("false", n, separator: " || ") + " || true) }"
        }, accepted: 900, rows: 4),
        Shape(name: "unary operators", query: { n in
            "SELECT ?s WHERE { ?s :name ?n FILTER(" + repeated("!", 2 * (n / 2)) + "true) }"
        }, accepted: 900, rows: 4),
        Shape(name: "function arguments", query: { n in
            "SELECT ?s WHERE { ?s :name ?n FILTER(" + repeated("STR(", n) + "?n" + repeated(")", n) + " != \"\") }"
        }, accepted: 100, rows: 4),
        Shape(name: "groups", query: { n in
            "SELECT ?s WHERE " + repeated("{ ", n) + "?s :name ?n" + repeated(" }", n)
        }, accepted: 300, rows: 4),
        Shape(name: "UNION", query: { n in
            "SELECT ?s WHERE { " + repeated("{ ?s :age ?a }", n, separator: " UNION ") + " }"
        }, accepted: 900, rows: 1800),
        Shape(name: "OPTIONAL", query: { n in
            "SELECT ?s WHERE { ?s :name ?n " + repeated("OPTIONAL { ?s :age ?a } ", n) + "}"
        }, accepted: 900, rows: 4),
        Shape(name: "EXISTS", query: { n in
            "SELECT ?s WHERE { ?s :name ?n " + repeated("FILTER EXISTS { ?s :name ?n ", n) + repeated("}", n) + " }"
        }, accepted: 90, rows: 4),
        Shape(name: "path steps", query: { n in
            "SELECT DISTINCT ?s WHERE { ?s " + repeated(":knows", n, separator: "/") + " ?o }"
        }, accepted: 300, rows: 3),
        Shape(name: "bracketed paths", query: { n in
            "SELECT DISTINCT ?s WHERE { ?s " + repeated("(:knows/", n) + ":knows" + repeated(")", n) + " ?o }"
        }, accepted: 150, rows: 3),
        Shape(name: "blank-node property lists", query: { n in
            "SELECT DISTINCT ?s WHERE { ?s " + repeated(":knows [ ", n) + ":knows ?o" + repeated(" ]", n) + " }"
        }, accepted: 250, rows: 3),
    ]

    @Test("within the limit the query is answered", arguments: shapes)
    func accepted(_ shape: Shape) throws {
        let store = try EvaluationTests.store()
        let result = try QueryEngine.evaluate("PREFIX : <http://example.org/>\n" + shape.query(shape.accepted), on: store)
        guard case .solutions(let table) = result else {
            Issue.record("not a SELECT result")
            return
        }
        #expect(table.rows.count == shape.rows)
    }

    @Test("100,000 levels are refused with a syntax error at the level past the limit", arguments: shapes)
    func refused(_ shape: Shape) {
        let text = "PREFIX : <http://example.org/>\n" + shape.query(100_000)
        do {
            _ = try SPARQLParser.parse(query: text)
            Issue.record("a 100,000-deep query must be refused")
        } catch {
            guard case .notAllowed(let message, let line, let column) = error else {
                Issue.record("expected the nesting error, got \(error)")
                return
            }
            #expect(message.contains("nests too deeply"))
            // Nesting costs at least one unit per level, so the limit is passed within that many levels.
            let bound = shape.query(SPARQLParser.maximumDepth).count
            #expect(line == 2 && column <= bound, "the error points where the limit was passed: \(line):\(column)")
        }
    }
}
