import Foundation
import RDFModel
import RDFParsing
import RDFStore
import SPARQLEvaluation
import SPARQLSyntax
import Testing

/// Behaviour of the evaluator on small hand-written graphs.
@Suite("SPARQL evaluation")
struct EvaluationTests {
    static let data = """
        @prefix : <http://example.org/> .
        :alice :name "Alice" ; :knows :bob ; :age 30 .
        :bob :name "Bob" ; :knows :carol ; :age 25 .
        :carol :name "Carol" ; :knows :alice .
        :dave :name "Dave"@en .
        """

    static func store(_ turtle: String = data) throws -> TripleStore {
        try TripleStore(loading: .text(turtle, name: "test.ttl"), format: .turtle)
    }

    func select(_ query: String, on store: TripleStore? = nil) throws -> [[String: Term]] {
        let result = try QueryEngine.evaluate("PREFIX : <http://example.org/>\n" + query, on: store ?? Self.store())
        guard case .solutions(let table) = result else { throw SPARQLEvaluationError.unsupported("not a SELECT") }
        return table.rows.map { row in
            var result: [String: Term] = [:]
            for (name, term) in zip(table.variables, row) { if let term { result[name] = term } }
            return result
        }
    }

    func values(_ query: String, _ variable: String, on store: TripleStore? = nil) throws -> [Term?] {
        try select(query, on: store).map { $0[variable] }
    }

    func literal(_ text: String) -> Term { .literal(text) }
    func integer(_ value: Int) -> Term { .literal(String(value), datatype: XSD.integer) }
    func ex(_ local: String) -> Term { .iri("http://example.org/" + local) }

    @Test("a BGP joins on shared variables")
    func basicJoin() throws {
        let rows = try select("SELECT ?n WHERE { ?x :knows ?y . ?y :name ?n } ORDER BY ?n")
        #expect(rows.map { $0["n"] } == [literal("Alice"), literal("Bob"), literal("Carol")])
    }

    @Test("OPTIONAL keeps unmatched left rows")
    func optionalKeepsUnmatchedLeftRows() throws {
        let rows = try select("SELECT ?x ?age WHERE { ?x :name ?n OPTIONAL { ?x :age ?age } }")
        #expect(rows.count == 4)
        #expect(rows.filter { $0["age"] == nil }.count == 2)
    }

    @Test("OPTIONAL with a filter keeps the row when the filter fails")
    func optionalFilter() throws {
        let rows = try select("SELECT ?x ?age WHERE { ?x :name ?n OPTIONAL { ?x :age ?age FILTER(?age > 26) } }")
        #expect(rows.count == 4)
        #expect(rows.compactMap { $0["age"] } == [integer(30)])
    }

    @Test("UNION concatenates both sides")
    func union() throws {
        let rows = try select("SELECT ?v WHERE { { :alice :age ?v } UNION { :bob :age ?v } }")
        #expect(Set(rows.compactMap { $0["v"] }) == [integer(30), integer(25)])
    }

    @Test("MINUS removes compatible rows and ignores disjoint ones")
    func minus() throws {
        let rows = try select("SELECT ?x WHERE { ?x :name ?n MINUS { ?x :age ?a } }")
        #expect(Set(rows.compactMap { $0["x"] }) == [ex("carol"), ex("dave")])
        let disjoint = try select("SELECT ?x WHERE { ?x :name ?n MINUS { ?y :age ?a } }")
        #expect(disjoint.count == 4)
    }

    @Test("FILTER NOT EXISTS sees the outer bindings")
    func notExists() throws {
        let rows = try select("SELECT ?x WHERE { ?x :name ?n FILTER NOT EXISTS { ?x :knows ?y } }")
        #expect(rows.compactMap { $0["x"] } == [ex("dave")])
    }

    @Test("BIND adds a computed value")
    func bind() throws {
        let rows = try select("SELECT ?next WHERE { :alice :age ?a BIND(?a + 1 AS ?next) }")
        #expect(rows.first?["next"] == integer(31))
    }

    @Test("VALUES constrains a pattern")
    func inlineValues() throws {
        let rows = try select("SELECT ?n WHERE { VALUES ?x { :bob :nobody } ?x :name ?n }")
        #expect(rows.compactMap { $0["n"] } == [literal("Bob")])
    }

    @Test("a sub-query hides its inner variables")
    func subquery() throws {
        let rows = try select("SELECT ?x ?n WHERE { ?x :name ?n { SELECT ?x WHERE { ?x :age ?n } } }")
        #expect(rows.isEmpty == false)
        #expect(rows.count == 2)
    }

    @Test("property paths terminate on cycles")
    func pathsOnCycles() throws {
        let rows = try select("SELECT ?y WHERE { :alice :knows+ ?y }")
        #expect(Set(rows.compactMap { $0["y"] }) == [ex("alice"), ex("bob"), ex("carol")])
        let star = try select("SELECT ?x ?y WHERE { ?x :knows* ?y }")
        // The three knows-nodes reach each other; every other node of the graph (dave, the four names and two
        // ages) reaches only itself.
        #expect(star.count == 3 * 3 + 7)
    }

    @Test("inverse, sequence, alternative and negated paths")
    func pathOperators() throws {
        #expect(try values("SELECT ?x WHERE { :bob ^:knows ?x }", "x") == [ex("alice")])
        #expect(try values("SELECT ?n WHERE { :alice :knows/:name ?n }", "n") == [literal("Bob")])
        #expect(Set(try values("SELECT ?v WHERE { :alice (:name|:age) ?v }", "v")) == [literal("Alice"), integer(30)])
        #expect(Set(try values("SELECT ?v WHERE { :alice !(:knows|:name) ?v }", "v")) == [integer(30)])
        #expect(try values("SELECT ?v WHERE { :dave :knows? ?v }", "v") == [ex("dave")])
    }

    @Test("GROUP BY with COUNT, SUM, AVG, MIN, MAX, SAMPLE and GROUP_CONCAT")
    func aggregates() throws {
        let rows = try select("""
            SELECT (COUNT(*) AS ?c) (COUNT(DISTINCT ?p) AS ?dp) (SUM(?age) AS ?sum) (AVG(?age) AS ?avg)
                   (MIN(?age) AS ?min) (MAX(?age) AS ?max) (SAMPLE(?age) AS ?one)
            WHERE { ?x ?p ?o OPTIONAL { ?x :age ?age } FILTER(?p = :age) }
            """)
        #expect(rows.count == 1)
        #expect(rows[0]["c"] == integer(2))
        #expect(rows[0]["dp"] == integer(1))
        #expect(rows[0]["sum"] == integer(55))
        #expect(rows[0]["avg"] == .literal("27.5", datatype: XSD.decimal))
        #expect(rows[0]["min"] == integer(25) && rows[0]["max"] == integer(30))
        #expect(rows[0]["one"] != nil)
        let concat = try select("SELECT (GROUP_CONCAT(?n; SEPARATOR='|') AS ?all) WHERE { VALUES ?n { 'a' 'b' } }")
        #expect(concat.first?["all"] == literal("a|b"))
    }

    @Test("COUNT over an empty pattern is zero; grouped empty input has no groups")
    func emptyAggregates() throws {
        #expect(try values("SELECT (COUNT(*) AS ?c) WHERE { ?x :missing ?y }", "c") == [integer(0)])
        #expect(try select("SELECT ?x (COUNT(*) AS ?c) WHERE { ?x :missing ?y } GROUP BY ?x").isEmpty)
    }

    @Test("HAVING filters groups")
    func having() throws {
        let rows = try select("SELECT ?x WHERE { ?x ?p ?o } GROUP BY ?x HAVING (COUNT(*) > 2)")
        #expect(Set(rows.compactMap { $0["x"] }) == [ex("alice"), ex("bob")])
    }

    @Test("ORDER BY, DISTINCT, LIMIT and OFFSET")
    func modifiers() throws {
        #expect(try values("SELECT ?a WHERE { ?x :age ?a } ORDER BY DESC(?a)", "a") == [integer(30), integer(25)])
        #expect(try select("SELECT DISTINCT ?p WHERE { ?x ?p ?o }").count == 3)
        #expect(try values("SELECT ?n WHERE { ?x :name ?n } ORDER BY ?n LIMIT 2 OFFSET 1", "n") == [literal("Bob"), literal("Carol")])
    }

    @Test("division by zero is an error, not a crash: the variable stays unbound")
    func divisionByZero() throws {
        let rows = try select("SELECT ?v WHERE { BIND(1 / 0 AS ?v) }")
        #expect(rows.count == 1 && rows[0]["v"] == nil)
        let double = try select("SELECT ?v WHERE { BIND(1.0e0 / 0 AS ?v) }")
        #expect(double[0]["v"] == .literal("INF", datatype: XSD.double))
    }

    @Test("an invalid regular expression is reported")
    func invalidRegex() throws {
        #expect(throws: SPARQLEvaluationError.self) {
            _ = try select("SELECT ?n WHERE { ?x :name ?n FILTER REGEX(?n, '(') }")
        }
    }

    @Test("REGEX flags, REPLACE and string functions")
    func strings() throws {
        #expect(try values("SELECT ?n WHERE { ?x :name ?n FILTER REGEX(?n, '^a', 'i') }", "n") == [literal("Alice")])
        #expect(try values("SELECT (REPLACE('abcb', 'b(.)?', 'X$1') AS ?v) {}", "v") == [literal("aXcX")])
        #expect(try values("SELECT (UCASE(?n) AS ?v) { :dave :name ?n }", "v") == [.literal("DAVE", language: "en")])
        #expect(try values("SELECT (SUBSTR('hello', 2, 3) AS ?v) {}", "v") == [literal("ell")])
        #expect(try values("SELECT (STRBEFORE('a-b', '-') AS ?v) {}", "v") == [literal("a")])
        #expect(try values("SELECT (CONCAT('a', 'b', 'c') AS ?v) {}", "v") == [literal("abc")])
        #expect(try values("SELECT (ENCODE_FOR_URI('a b/ü') AS ?v) {}", "v") == [literal("a%20b%2F%C3%BC")])
        #expect(try values("SELECT (LANGMATCHES(LANG(?n), 'EN') AS ?v) { :dave :name ?n }", "v") == [Term.literal("true", datatype: XSD.boolean)])
    }

    @Test("hash functions match known digests")
    func hashes() throws {
        let expected = [
            "MD5": "900150983cd24fb0d6963f7d28e17f72",
            "SHA1": "a9993e364706816aba3e25717850c26c9cd0d89d",
            "SHA256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "SHA384": "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
            "SHA512": "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
        ]
        for (function, digest) in expected {
            #expect(try values("SELECT (\(function)('abc') AS ?v) {}", "v") == [literal(digest)], "\(function)")
        }
    }

    @Test("date and time accessors")
    func dates() throws {
        let rows = try select("""
            SELECT (YEAR(?d) AS ?y) (MONTH(?d) AS ?m) (HOURS(?d) AS ?h) (TZ(?d) AS ?tz) (TIMEZONE(?d) AS ?zone)
            WHERE { BIND("2011-01-10T14:45:13.815-05:00"^^<http://www.w3.org/2001/XMLSchema#dateTime> AS ?d) }
            """)
        #expect(rows[0]["y"] == integer(2011) && rows[0]["m"] == integer(1) && rows[0]["h"] == integer(14))
        #expect(rows[0]["tz"] == literal("-05:00"))
        #expect(rows[0]["zone"] == .literal("-PT5H", datatype: XSD.namespace + "dayTimeDuration"))
    }

    @Test("casts, IF, COALESCE and IN")
    func conditionals() throws {
        #expect(try values("SELECT (<http://www.w3.org/2001/XMLSchema#integer>('42') AS ?v) {}", "v") == [integer(42)])
        #expect(try values("SELECT (IF(1 > 2, 'a', 'b') AS ?v) {}", "v") == [literal("b")])
        #expect(try values("SELECT (COALESCE(1/0, ?unbound, 'x') AS ?v) {}", "v") == [literal("x")])
        #expect(try values("SELECT (2 IN (1, 2) AS ?v) {}", "v") == [Term.literal("true", datatype: XSD.boolean)])
    }

    @Test("ASK answers whether a solution exists")
    func ask() throws {
        #expect(try QueryEngine.evaluate("ASK { <http://example.org/alice> ?p ?o }", on: Self.store()) == .boolean(true))
        #expect(try QueryEngine.evaluate("ASK { <http://example.org/zed> ?p ?o }", on: Self.store()) == .boolean(false))
    }

    @Test("CONSTRUCT makes fresh blank nodes per solution")
    func construct() throws {
        let result = try QueryEngine.evaluate("""
            PREFIX : <http://example.org/>
            CONSTRUCT { _:b :of ?x } WHERE { ?x :age ?a }
            """, on: Self.store())
        guard case .graph(let triples) = result else {
            Issue.record("not a graph")
            return
        }
        #expect(triples.count == 2)
        #expect(Set(triples.map(\.subject)).count == 2)
    }

    @Test("DESCRIBE returns the concise bounded description")
    func describe() throws {
        let store = try Self.store("""
            @prefix : <http://example.org/> .
            :a :p [ :q 1 ] ; :r :b .
            :b :s 2 .
            """)
        guard case .graph(let triples) = try QueryEngine.evaluate("DESCRIBE <http://example.org/a>", on: store) else {
            Issue.record("not a graph")
            return
        }
        #expect(triples.count == 3)
    }

    @Test("GRAPH iterates the named graphs")
    func namedGraphs() throws {
        var store = try Self.store()
        try store.load(.text("<http://x> <http://p> 1 .", name: "g1.ttl"), format: .turtle, graph: .iri("http://g1"))
        try store.load(.text("<http://y> <http://p> 2 .", name: "g2.ttl"), format: .turtle, graph: .iri("http://g2"))
        let rows = try select("SELECT ?g ?s WHERE { GRAPH ?g { ?s <http://p> ?o } }", on: store)
        #expect(Set(rows.compactMap { $0["g"] }) == [.iri("http://g1"), .iri("http://g2")])
        #expect(try select("SELECT ?s WHERE { ?s <http://p> ?o }", on: store).isEmpty)
        #expect(try select("SELECT ?s FROM NAMED <http://g1> WHERE { GRAPH ?g { ?s ?p ?o } }", on: store).count == 1)
    }

    @Test("a cross product times out with a clear error")
    func timeoutOnCrossProduct() throws {
        var turtle = "@prefix : <http://example.org/> .\n"
        for index in 0..<200 { turtle += ":s\(index) :p :o\(index) .\n" }
        let store = try Self.store(turtle)
        let cancellation = QueryCancellation(timeout: .milliseconds(50))
        let start = ContinuousClock.now
        #expect(throws: SPARQLEvaluationError.timeout(.milliseconds(50))) {
            _ = try QueryEngine.evaluate("SELECT * WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }", on: store,
                                         options: QueryOptions(cancellation: cancellation))
        }
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect("\(SPARQLEvaluationError.timeout(.seconds(2)))".contains("timed out after 2 s"))
    }

    @Test("a cancelled token stops the query")
    func cancellation() throws {
        let cancellation = QueryCancellation()
        cancellation.cancel()
        #expect(throws: SPARQLEvaluationError.cancelled) {
            _ = try QueryEngine.evaluate("SELECT * WHERE { ?s ?p ?o }", on: Self.store(),
                                         options: QueryOptions(cancellation: cancellation))
        }
    }

    @Test("SERVICE is reported as unsupported")
    func service() throws {
        #expect(throws: SPARQLEvaluationError.self) {
            _ = try select("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
        }
    }

    @Test("explain shows the chosen pattern order")
    func explain() throws {
        let query = try SPARQLParser.parse(query: "PREFIX : <http://example.org/> SELECT ?n WHERE { ?x :name ?n . ?x :age 30 }")
        let plan = try QueryEngine.explain(query, on: Self.store())
        let lines = plan.split(separator: "\n")
        let ageLine = try #require(lines.firstIndex { $0.contains("age") })
        let nameLine = try #require(lines.firstIndex { $0.contains("name") })
        #expect(ageLine < nameLine)
    }
}
