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

    @Test func timeoutAndCap() async throws {
        let slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
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

    @Test func hugeBodyIs413() async throws {
        try await Fixture.app({ $0.maxBodySize = 1000 }).test(.router) { client in
            let reply = try await client.fetch("/sparql", method: .post, headers: [.contentType: "application/sparql-query"],
                                               body: "# " + String(repeating: "x", count: 5000) + "\n" + Self.closure)
            #expect(reply.status == .contentTooLarge)
            #expect(reply.errorMessage != nil)
        }
    }
}
