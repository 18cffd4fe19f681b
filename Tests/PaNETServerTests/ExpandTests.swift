import DatasetCatalog
import Foundation
import Hummingbird
import HummingbirdTesting
import PaNETServer
import TestSupport
import Testing

/// `/api/expand` answers in the formats of `panet expand`, and names that resolve to nothing are named.
@Suite("Expansion formats and unresolved names")
struct ExpandTests {
    @Test("format=ids|iris|es|panosc answer exactly what panet expand --format prints", arguments: ["ids", "iris", "es", "panosc"])
    func formatsMatchTheCommand(format: String) async throws {
        let cli = try PanetProcess.run(["expand", "SAXS", "--format", format, "--ontology", TestPaths.bundledOntology])
        #expect(cli.status == 0, "\(cli.standardError)")
        try await Fixture.app().test(.router) { client in
            let reply = try await client.fetch("/api/expand?term=SAXS&format=\(format)")
            #expect(reply.status == .ok)
            #expect(reply.text == cli.standardOutput)
            #expect(reply.text.hasSuffix("\n"))
            #expect(reply.contentType?.hasPrefix(format == "ids" || format == "iris" ? "text/plain" : "application/json") == true)
        }
    }

    @Test("format=json, field and values as the command takes them; a bad format is a 400")
    func jsonFieldAndValues() async throws {
        let cli = try PanetProcess.run(["expand", "SAXS", "--format", "json", "--ontology", TestPaths.bundledOntology])
        let es = try PanetProcess.run(["expand", "SAXS", "--format", "es", "--field", "t.id", "--values", "id",
                                       "--ontology", TestPaths.bundledOntology])
        try await Fixture.app().test(.router) { client in
            let json = try await client.fetch("/api/expand?term=SAXS&format=json")
            #expect(json.json == (try JSONValue.parse(cli.standardOutput)), "\(json.text)")
            let byID = try await client.fetch("/api/expand?term=SAXS&format=es&field=t.id&values=id")
            #expect(byID.text == es.standardOutput)
            let plain = try await client.fetch("/api/expand?term=SAXS")
            #expect(plain.json?["ids"]?.strings.first == "PaNET01188")
            let bad = try await client.fetch("/api/expand?term=SAXS&format=xml")
            #expect(bad.status == .badRequest)
            #expect(bad.errorMessage?.contains("ids, iris, json, es, panosc") == true)
        }
    }

    @Test("Names that match no technique are listed in X-PaNET-Unresolved")
    func unresolvedNames() async throws {
        try await Fixture.app().test(.router) { client in
            let filter = #"{"or":[{"name":"SAXS"},{"name":{"inq":["nosuchthing","other, thing","SAXS"]}},{"pid":"PaNET99999"}]}"#
            for path in ["/techniques/pan-ontology?where=", "/api/expand?where="] {
                let reply = try await client.fetch(path + encoded(filter))
                #expect(reply.status == .ok, "\(reply.text)")
                #expect(reply.header("X-PaNET-Unresolved") == "nosuchthing, other%2C thing, PaNET99999", "\(path)")
                #expect(reply.header("X-PaNET-Unresolved-Count") == "3")
                #expect(reply.json?["or"]?.arrayValue?.count == 3)
            }
            let resolved = try await client.fetch("/techniques/pan-ontology?where=" + encoded(#"{"name":"SAXS"}"#))
            #expect(resolved.header("X-PaNET-Unresolved") == nil)
            let both = try await client.fetch("/api/expand?term=SAXS&where=" + encoded(#"{"name":"SAXS"}"#))
            #expect(both.status == .badRequest)
        }
    }
}
