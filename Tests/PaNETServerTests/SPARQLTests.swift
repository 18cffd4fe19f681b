import DatasetCatalog
import Foundation
import Hummingbird
import HummingbirdTesting
import PaNETServer
import Testing

@Suite("SPARQL protocol")
struct SPARQLTests {
    static let closure = """
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?sub WHERE { ?sub rdfs:subClassOf <http://purl.org/pan-science/PaNET/PaNET01012> }
        """
    static let construct = """
        CONSTRUCT { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }
        WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 5
        """

    @Test func getAndPostForms() async throws {
        try await Fixture.app().test(.router) { client in
            let get = try await client.fetch("/sparql?query=\(encoded(Self.closure))")
            #expect(get.status == .ok)
            #expect(get.contentType?.hasPrefix("application/sparql-results+json") == true)
            let rows = get.json?["results"]?["bindings"]?.arrayValue ?? []
            #expect(rows.count > 10)
            let direct = try await client.fetch("/sparql", method: .post, headers: [.contentType: "application/sparql-query"], body: Self.closure)
            #expect(direct.json?["results"]?["bindings"]?.arrayValue?.count == rows.count)
            let form = try await client.fetch("/sparql", method: .post,
                                              headers: [.contentType: "application/x-www-form-urlencoded; charset=UTF-8"],
                                              body: "query=\(encoded(Self.closure).replacingOccurrences(of: "%20", with: "+"))")
            #expect(form.json?["results"]?["bindings"]?.arrayValue?.count == rows.count)
        }
    }

    @Test(arguments: [
        ("text/csv", "text/csv", "sub\r\n"),
        ("text/tab-separated-values", "text/tab-separated-values", "?sub\n"),
        ("application/sparql-results+xml", "application/sparql-results+xml", "<sparql"),
        ("application/json", "application/sparql-results+json", "\"bindings\""),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml", "<sparql"),
        ("*/*", "application/sparql-results+json", "\"bindings\""),
    ])
    func negotiation(_ accept: String, _ expectedType: String, _ marker: String) async throws {
        try await Fixture.app().test(.router) { client in
            let reply = try await client.fetch("/sparql?query=\(encoded(Self.closure))", headers: [.accept: accept])
            #expect(reply.status == .ok)
            #expect(reply.contentType?.hasPrefix(expectedType) == true, "\(accept) → \(reply.contentType ?? "-")")
            #expect(reply.text.contains(marker), "\(accept)")
        }
    }

    @Test func graphs() async throws {
        try await Fixture.app().test(.router) { client in
            let turtle = try await client.fetch("/sparql?query=\(encoded(Self.construct))", headers: [.accept: "text/turtle"])
            #expect(turtle.contentType?.hasPrefix("text/turtle") == true)
            #expect(turtle.text.contains("rdfs:label"))
            let ntriples = try await client.fetch("/sparql?query=\(encoded(Self.construct))", headers: [.accept: "application/n-triples"])
            #expect(ntriples.contentType?.hasPrefix("application/n-triples") == true)
            #expect(ntriples.text.split(separator: "\n").count == 5)
            let refused = try await client.fetch("/sparql?query=\(encoded(Self.construct))", headers: [.accept: "text/csv"])
            #expect(refused.status == .notAcceptable)
            #expect(refused.errorMessage?.contains("text/turtle") == true)
        }
    }

    @Test func errors() async throws {
        try await Fixture.app().test(.router) { client in
            let syntax = try await client.fetch("/sparql?query=\(encoded("SELECT ?x WHERE {\n  ?x ?y"))")
            #expect(syntax.status == .badRequest)
            #expect(syntax.errorMessage?.contains("2:") == true, "\(syntax.text)")
            #expect(try await client.fetch("/sparql").status == .badRequest)
            let notAcceptable = try await client.fetch("/sparql?query=\(encoded(Self.closure))", headers: [.accept: "image/png"])
            #expect(notAcceptable.status == .notAcceptable)
            let unsupported = try await client.fetch("/sparql", method: .post, headers: [.contentType: "text/plain"], body: Self.closure)
            #expect(unsupported.status == .unsupportedMediaType)
            let update = try await client.fetch("/sparql", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                body: "update=\(encoded("CLEAR ALL"))")
            #expect(update.status == .badRequest)
            let badUTF8 = try await client.fetch("/sparql", method: .post, headers: [.contentType: "application/sparql-query"],
                                                 body: String(decoding: [0x53, 0xFF, 0xFE], as: UTF8.self))
            #expect([.badRequest].contains(badUTF8.status))
        }
    }

    /// A query that runs for minutes in little memory: every pair of triples is tried against the filter.
    static let slow = """
        SELECT (COUNT(*) AS ?n) WHERE {
          ?a ?b ?c OPTIONAL { ?d ?e ?f FILTER(?f = ?c && ?e = <http://example.org/none>) }
        }
        """

    @Test func timeoutAndCap() async throws {
        let slow = Self.slow
        try await Fixture.app({ $0.sparqlTimeout = .milliseconds(300); $0.sparqlResultLimit = 7 }).test(.router) { client in
            let started = ContinuousClock.now
            let reply = try await client.fetch("/sparql?query=\(encoded(slow))")
            #expect(reply.status == .serviceUnavailable)
            #expect(reply.errorMessage?.contains("timed out") == true)
            #expect(ContinuousClock.now - started < .seconds(10))
            // The server keeps serving.
            let capped = try await client.fetch("/sparql?query=\(encoded(Self.closure))")
            #expect(capped.status == .ok)
            #expect(capped.json?["results"]?["bindings"]?.arrayValue?.count == 7)
            #expect(capped.headers.first { $0.name.canonicalName == "panet-result-truncated" }?.value == "true")
        }
    }

    @Test("a query whose client hung up stops, so the next query does not wait behind it")
    func hungUpClientStopsItsQuery() async throws {
        try await Fixture.app({ $0.sparqlTimeout = .seconds(60); $0.sparqlConcurrency = 1 }).test(.live) { client in
            let port = try #require(client.port)
            for _ in 0..<3 {
                let connection = try RawConnection(port: port)
                connection.send("GET /sparql?query=\(encoded(Self.slow)) HTTP/1.1\r\nHost: test\r\n\r\n")
                try await Task.sleep(for: .milliseconds(300))
            }
            // The three connections are closed now; their queries stop at their next check.
            let started = ContinuousClock.now
            let reply = try await client.fetch("/sparql?query=\(encoded("ASK { ?s ?p ?o }"))")
            #expect(reply.status == .ok)
            #expect(reply.text.contains("true"))
            // Far below the 60 s the abandoned queries would take, with room for a loaded machine.
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }

    @Test("term routes and /health answer while every SPARQL worker is busy; a full queue is a 503")
    func queriesDoNotBlockOtherRoutes() async throws {
        // Queries that would run for 20 s; the other routes must answer long before that, even on a
        // loaded machine.
        try await Fixture.app({ $0.sparqlTimeout = .seconds(20); $0.sparqlConcurrency = 1 }).test(.live) { client in
            let port = try #require(client.port)
            var connections: [RawConnection] = []
            for _ in 0..<70 {
                let connection = try RawConnection(port: port)
                connection.send("GET /sparql?query=\(encoded(Self.slow)) HTTP/1.1\r\nHost: test\r\n\r\n")
                connections.append(connection)
            }
            try await Task.sleep(for: .milliseconds(500))
            let started = ContinuousClock.now
            #expect(try await client.fetch("/health").status == .ok)
            #expect(try await client.fetch("/api/techniques/PaNET01188").status == .ok)
            #expect(ContinuousClock.now - started < .seconds(5))
            let refused = try await client.fetch("/sparql?query=\(encoded("ASK { ?s ?p ?o }"))")
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.errorMessage?.contains("too many SPARQL queries") == true)
            withExtendedLifetime(connections) {}
        }
    }

    @Test("SERVICE is a 501 with a short message, no internal text")
    func serviceIsNotImplemented() async throws {
        try await Fixture.app().test(.router) { client in
            let query = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
            let reply = try await client.fetch("/sparql?query=\(encoded(query))")
            #expect(reply.status == .notImplemented)
            #expect(reply.json?["error"]?["status"]?.int == 501)
            #expect(reply.errorMessage == "unsupported: SERVICE <http://example.org/sparql>: federated queries are not evaluated (SERVICE SILENT skips the pattern)")
            let silent = "SELECT * WHERE { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } }"
            #expect(try await client.fetch("/sparql?query=\(encoded(silent))").status == .ok)
        }
    }

    @Test func hugeBodyIs413() async throws {
        try await Fixture.app({ $0.maxBodySize = 1000 }).test(.router) { client in
            let reply = try await client.fetch("/sparql", method: .post, headers: [.contentType: "application/sparql-query"],
                                               body: "# " + String(repeating: "x", count: 5000) + "\n" + Self.closure)
            #expect(reply.status == .contentTooLarge)
            #expect(reply.errorMessage != nil)
        }
    }
}
