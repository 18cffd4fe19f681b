import Foundation
import RDFModel
import RDFParsing
import RDFStore
import SPARQLEvaluation
import TestSupport
import Testing

/// Memory and time budgets: counting without rows, the row limit, and timeouts that stop on time.
@Suite("SPARQL resource limits")
struct ResourceLimitTests {
    /// A graph of `count` triples.
    static func store(triples count: Int) throws -> TripleStore {
        var text = ""
        for index in 0..<count { text += "<http://example.org/s\(index)> <http://example.org/p\(index % 7)> \"\(index)\" .\n" }
        return try TripleStore(loading: .text(text, name: "test.nt"), format: .nTriples)
    }

    func count(_ query: String, on store: TripleStore, options: QueryOptions = QueryOptions()) throws -> [Term?] {
        guard case .solutions(let table) = try QueryEngine.evaluate(query, on: store, options: options) else { return [] }
        return table.rows.first ?? []
    }

    @Test("COUNT(*) over a cross product is counted, not built")
    func countCrossProduct() throws {
        let store = try Self.store(triples: 2_000)
        let options = QueryOptions(cancellation: QueryCancellation(timeout: .seconds(10)), maxRows: 1_000)
        let row = try count("SELECT (COUNT(*) AS ?n) (COUNT(?d) AS ?m) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                            on: store, options: options)
        #expect(row == [.literal("8000000000", datatype: XSD.integer), .literal("8000000000", datatype: XSD.integer)])
    }

    @Test("COUNT(*) over joined patterns counts their matches")
    func countJoin() throws {
        let store = try Self.store(triples: 70)
        let options = QueryOptions(maxRows: 10)
        // Each p0 subject has one triple; ?s ?q ?o then matches that one triple again.
        let row = try count("SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/p0> ?o . ?s ?q ?x . ?y ?z ?o }",
                            on: store, options: options)
        #expect(row == [.literal("10", datatype: XSD.integer)])
    }

    @Test("a query building more rows than the limit stops with a clear error")
    func rowLimit() throws {
        let store = try Self.store(triples: 100)
        #expect(throws: SPARQLEvaluationError.tooManyRows(limit: 1_000)) {
            try QueryEngine.evaluate("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }", on: store,
                                     options: QueryOptions(maxRows: 1_000))
        }
        #expect(throws: SPARQLEvaluationError.tooManyRows(limit: 150)) {
            try QueryEngine.evaluate("SELECT * WHERE { { ?a ?b ?c } UNION { ?d ?e ?f } }", on: store,
                                     options: QueryOptions(maxRows: 150))
        }
        let fits = try QueryEngine.evaluate("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }", on: store,
                                            options: QueryOptions(maxRows: 10_000))
        guard case .solutions(let table) = fits else { throw SPARQLEvaluationError.cancelled }
        #expect(table.rows.count == 10_000)
    }

    @Test("panet query --max-rows refuses an oversized query with exit 2")
    func maxRowsOption() throws {
        let result = try PanetProcess.run(["query", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }", "--max-rows", "1000",
                                           "--format", "tsv"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("more than 1000 intermediate rows"))
        #expect(result.standardOutput.isEmpty)
    }

    @Test("panet query --timeout stops within about a second of the limit")
    func timeoutOption() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let result = try PanetProcess.run(["query", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "--timeout", "1",
                                           "--max-rows", "1000000000", "--format", "tsv"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("timed out"))
        #expect(clock.now - started < .milliseconds(3_500))
    }
}
