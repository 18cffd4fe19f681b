import Foundation
import RDFModel
import RDFParsing
import RDFStore
import SPARQLEvaluation
import SPARQLSyntax
import Testing

/// The evaluator's shortcuts (top-k ORDER BY + LIMIT, id-level GROUP BY / COUNT, cached closures, per-id
/// FILTER decisions, in-place CONTAINS(LCASE(...)), the JSON writer) give the same answers as the general
/// paths, on graphs large enough to trigger them.
@Suite("SPARQL evaluation shortcuts")
struct FastPathTests {
    /// 600 items in a chain `:i0 :next :i1 ...`, with repeating scores and groups, some labels, and a tree.
    static let store: TripleStore = {
        var turtle = "@prefix : <http://example.org/> .\n"
        for index in 0..<600 {
            turtle += ":i\(index) :score \(index % 37) ; :group :g\(index % 7) ; :next :i\(index + 1) .\n"
            if index % 3 == 0 { turtle += ":i\(index) :label \"Item \(index) SCATTERING\"@en .\n" }
            if index % 5 == 0 { turtle += ":i\(index) :tag \"t\(index % 4)\" .\n" }
            turtle += ":i\(index) :parent :i\(index / 2) .\n"
        }
        turtle += ":odd :label \"Ünïcode Scattering\" , \"line\\r\\nscattering\" , \"\\\"quoted\\\" \\\\ tab\\t\\u0001\" .\n"
        return try! TripleStore(loading: .text(turtle, name: "shortcuts.ttl"), format: .turtle)
    }()

    func rows(_ query: String) throws -> [[Term?]] {
        let result = try QueryEngine.evaluate("PREFIX : <http://example.org/>\n" + query, on: Self.store)
        guard case .solutions(let table) = result else { throw SPARQLEvaluationError.unsupported("not a SELECT") }
        return table.rows
    }

    func number(_ term: Term?) -> Int? {
        guard case .literal(let literal)? = term else { return nil }
        return Int(literal.lexicalForm)
    }

    @Test("ORDER BY + LIMIT keeps the first rows of the full sort, ties in input order")
    func topK() throws {
        let full = try rows("SELECT ?x ?s WHERE { ?x :score ?s } ORDER BY DESC(?s)")
        #expect(full.count == 600)
        for (offset, limit) in [(0, 10), (5, 20), (0, 0), (590, 50), (0, 1)] {
            let top = try rows("SELECT ?x ?s WHERE { ?x :score ?s } ORDER BY DESC(?s) LIMIT \(limit) OFFSET \(offset)")
            #expect(top == Array(full.dropFirst(offset).prefix(limit)))
        }
        let twoKeys = try rows("SELECT ?x WHERE { ?x :score ?s ; :group ?g } ORDER BY ?g DESC(?s) ?x")
        let twoKeysTop = try rows("SELECT ?x WHERE { ?x :score ?s ; :group ?g } ORDER BY ?g DESC(?s) ?x LIMIT 7")
        #expect(twoKeysTop == Array(twoKeys.prefix(7)))
    }

    @Test("GROUP BY one variable with COUNT and COUNT DISTINCT on ids")
    func groupCount() throws {
        let groups = try rows("""
            SELECT ?g (COUNT(?x) AS ?n) (COUNT(?t) AS ?tagged) (COUNT(DISTINCT ?t) AS ?tags) (COUNT(*) AS ?all)
            WHERE { ?x :group ?g OPTIONAL { ?x :tag ?t } } GROUP BY ?g ORDER BY ?g
            """)
        #expect(groups.count == 7)
        var total = 0
        for row in groups {
            let count = try #require(number(row[1]))
            #expect(number(row[4]) == count)
            total += count
            #expect((number(row[2]) ?? 99) <= count)
            #expect((number(row[3]) ?? 99) <= 4)
        }
        #expect(total == 600)
        let byTag = try rows("SELECT ?t (COUNT(?x) AS ?n) WHERE { ?x :tag ?t } GROUP BY ?t ORDER BY ?t")
        #expect(byTag.map { number($0[1]) } == [30, 30, 30, 30])
    }

    @Test("cached closures and closure-first joins agree with the definition")
    func closures() throws {
        // Ancestors of i100 by :parent: 50, 25, 12, 6, 3, 1, 0 (and i0 is its own parent).
        let up = try rows("SELECT ?a WHERE { :i100 :parent+ ?a }")
        #expect(Set(up.compactMap { $0[0] }) == Set([50, 25, 12, 6, 3, 1, 0].map { Term.iri("http://example.org/i\($0)") }))
        // Descendants of i3, with a label (every third item): closure from the constant, then the pattern.
        let below = try rows("SELECT ?x ?l WHERE { ?x :parent* :i3 ; :label ?l }")
        var expected = Set<Int>()
        for index in 0..<600 where index % 3 == 0 {
            var node = index
            while node > 3 { node /= 2 }
            if node == 3 { expected.insert(index) }
        }
        #expect(Set(below.compactMap { row -> Int? in
            guard case .iri(let iri)? = row[0] else { return nil }
            return Int(iri.dropFirst("http://example.org/i".count))
        }) == expected)
        #expect(below.count == expected.count)
        // Both ends bound per row.
        let pairs = try rows("SELECT ?x WHERE { ?x :group :g0 . ?x :parent+ :i1 }")
        let pairsByHand = try rows("SELECT ?x WHERE { ?x :group :g0 . :i1 ^:parent+ ?x }")
        #expect(Set(pairs.compactMap { $0[0] }) == Set(pairsByHand.compactMap { $0[0] }))
        #expect(pairs.count == pairsByHand.count)
        // The whole chain: 600 starts, closure sizes 600, 599, ...
        let chain = try rows("SELECT ?x ?y WHERE { ?x :next+ ?y }")
        #expect(chain.count == 600 * 601 / 2)
    }

    @Test("FILTER on one variable is decided once per value, with the same rows")
    func filterPerValue() throws {
        let filtered = try rows("SELECT ?x WHERE { ?x :score ?s FILTER(?s >= 30 && ?s < 35) }")
        #expect(filtered.count == (0..<600).filter { $0 % 37 >= 30 && $0 % 37 < 35 }.count)
        let random = try rows("SELECT ?x WHERE { ?x :score ?s FILTER(?s < 100 || RAND() < 2) }")
        #expect(random.count == 600)
    }

    @Test("CONTAINS(LCASE(...)) in place matches the general string functions")
    func lowercaseContains() throws {
        let fast = try rows("SELECT ?x ?l WHERE { ?x :label ?l FILTER(CONTAINS(LCASE(STR(?l)), \"scattering\")) }")
        let general = try rows("SELECT ?x ?l WHERE { ?x :label ?l FILTER(CONTAINS(LCASE(CONCAT(STR(?l), \"\")), \"scattering\")) }")
        #expect(fast.count == 200 + 2)
        #expect(fast == general)
        let langKept = try rows("SELECT ?l WHERE { ?x :label ?l FILTER(CONTAINS(LCASE(?l), \"item 3 \")) }")
        #expect(langKept.count == 1)
        let iris = try rows("SELECT ?x WHERE { ?x :group ?g FILTER(CONTAINS(LCASE(STR(?g)), \"/G6\")) }")
        #expect(iris.isEmpty)
        let none = try rows("SELECT ?x WHERE { ?x :score ?s FILTER(CONTAINS(LCASE(?s), \"1\")) }")
        #expect(none.isEmpty)
    }

    @Test("the JSON writer escapes like the reference escaping")
    func jsonEscaping() throws {
        let result = try QueryEngine.evaluate("SELECT ?l WHERE { <http://example.org/odd> <http://example.org/label> ?l }",
                                              on: Self.store)
        let json = try ResultWriter.write(result, format: .json)
        guard case .solutions(let table) = result else { Issue.record("not a SELECT"); return }
        for row in table.rows {
            guard case .literal(let literal)? = row[0] else { continue }
            #expect(json.contains(TextEscaping.jsonQuoted(literal.lexicalForm)))
        }
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let bindings = ((parsed?["results"] as? [String: Any])?["bindings"] as? [[String: Any]]) ?? []
        #expect(bindings.count == 3)
    }
}
