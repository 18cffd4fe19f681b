import DatasetCatalog
import Foundation
import Hummingbird
import HummingbirdTesting
import PaNETServer
import Testing

@Suite("REST API")
struct APITests {
    static let xes = "http://purl.org/pan-science/PaNET/PaNET01200"

    @Test func health() async throws {
        try await Fixture.app().test(.router) { client in
            let reply = try await client.fetch("/health")
            #expect(reply.status == .ok)
            #expect(reply.json?["status"]?.stringValue == "ok")
            #expect((reply.json?["ontology"]?["classes"]?.int ?? 0) > 100)
            #expect(reply.contentType?.hasPrefix("application/json") == true)
        }
    }

    @Test(arguments: ["PaNET01200", "panet:PaNET01200", encoded(xes), xes, "x-ray%20emission%20spectroscopy", "XES"])
    func termByAnyName(_ name: String) async throws {
        try await Fixture.app().test(.router) { client in
            let reply = try await client.fetch("/api/techniques/\(name)")
            #expect(reply.status == .ok, "\(name): \(reply.text)")
            let term = try #require(reply.json)
            #expect(term["id"]?.stringValue == "PaNET01200")
            #expect(term["iri"]?.stringValue == Self.xes)
            #expect(term["label"]?.stringValue == "x-ray emission spectroscopy")
            #expect(term["synonyms"]?.strings.contains("XES") == true)
            #expect(term["deprecated"] == .bool(false))
            #expect(term["parents"]?.arrayValue?.isEmpty == false)
            #expect(term["replaced_by"]?.arrayValue != nil)
            #expect(term["definition"] != nil)
        }
    }

    @Test func hierarchyRoutes() async throws {
        let served = try Fixture.ontology()
        try await Fixture.app().test(.router) { client in
            for relation in ["parents", "children", "ancestors", "descendants"] {
                let reply = try await client.fetch("/api/techniques/PaNET01012/\(relation)")
                #expect(reply.status == .ok, "\(relation)")
                #expect(reply.json?["relation"]?.stringValue == relation)
                let ids = Set(reply.json?["results"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [])
                let id = try #require(served.classified.resolver.resolve("PaNET01012")?.classID)
                let hierarchy = served.classified.classification.hierarchy
                let expected: [Int32]
                switch relation {
                case "parents": expected = hierarchy.parents[Int(id)]
                case "children": expected = hierarchy.children[Int(id)]
                case "ancestors": expected = hierarchy.ancestors(of: id)
                default: expected = hierarchy.descendants(of: id)
                }
                #expect(ids == Set(expected.map { served.classified.ontology[$0].shortID }), "\(relation)")
                #expect(reply.json?["count"]?.int == expected.count)
            }
            let asserted = try await client.fetch("/api/techniques/PaNET01012/descendants?asserted=true")
            #expect(asserted.json?["hierarchy"]?.stringValue == "asserted")
            // An unencoded IRI followed by a relation.
            let unencoded = try await client.fetch("/api/techniques/\(Self.xes)/parents")
            #expect(unencoded.status == .ok)
            #expect(unencoded.json?["term"]?["id"]?.stringValue == "PaNET01200")
        }
    }

    @Test func unknownTermIs404WithSuggestions() async throws {
        try await Fixture.app().test(.router) { client in
            let reply = try await client.fetch("/api/techniques/diffractoin")
            #expect(reply.status == .notFound)
            let message = try #require(reply.errorMessage)
            #expect(message.contains("diffraction"))
            let missing = try await client.fetch("/api/no-such-route")
            #expect(missing.status == .notFound)
            #expect(missing.errorMessage != nil)
        }
    }

    @Test func search() async throws {
        try await Fixture.app().test(.router) { client in
            let reply = try await client.fetch("/api/techniques?q=XES&limit=3")
            #expect(reply.status == .ok)
            let results = try #require(reply.json?["results"]?.arrayValue)
            #expect(results.count <= 3)
            #expect(results.first?["id"]?.stringValue == "PaNET01200")
            let prefix = try await client.fetch("/api/techniques?q=diffr")
            #expect(prefix.json?["results"]?.arrayValue?.isEmpty == false)
            let listing = try await client.fetch("/api/techniques?limit=5&offset=2")
            #expect(listing.json?["results"]?.arrayValue?.count == 5)
            for bad in ["limit=0", "limit=abc", "limit=99999999999999999999"] {
                let rejected = try await client.fetch("/api/techniques?q=x&\(bad)")
                #expect(rejected.status == .badRequest, "\(bad)")
                #expect(rejected.errorMessage?.contains("limit") == true)
            }
        }
    }

    @Test func expand() async throws {
        let served = try Fixture.ontology()
        try await Fixture.app().test(.router) { client in
            let reply = try await client.fetch("/api/expand?term=diffraction")
            #expect(reply.status == .ok)
            let ids = reply.json?["ids"]?.strings ?? []
            let root = try #require(served.classified.resolver.resolve("diffraction")?.classID)
            #expect(ids.first == served.classified.ontology[root].shortID)
            #expect(ids.count == 1 + served.classified.classification.hierarchy.descendants(of: root).count)
            #expect(reply.json?["iris"]?.strings.count == ids.count)
            #expect(try await client.fetch("/api/expand").status == .badRequest)
            #expect(try await client.fetch("/api/expand?term=zzzzqqq").status == .notFound)
        }
    }

    @Test("query strings: + and %20 are spaces, empty and valueless pairs are skipped, the first value wins",
          arguments: ["term=small+angle+scattering", "&&term=small%20angle%20scattering&", "x&term=small+angle+scattering&term=SAXS",
                      "=1&term=%20small%20angle%20scattering%20&x="])
    func queryStrings(_ query: String) async throws {
        let served = try Fixture.ontology()
        let expected = try #require(served.classified.resolver.resolve("small angle scattering")?.classID)
        try await Fixture.app().test(.router) { client in
            let reply = try await client.fetch("/api/expand?" + query)
            #expect(reply.status == .ok)
            #expect(reply.json?["ids"]?.strings.first == served.classified.ontology[expected].shortID)
        }
    }

    @Test func emptyTermIsABadRequest() async throws {
        try await Fixture.app().test(.router) { client in
            for query in ["term", "term=", "term=%20%20"] {
                let reply = try await client.fetch("/api/expand?" + query)
                #expect(reply.status == .badRequest, "\(query)")
            }
        }
    }

    @Test func hostileInput() async throws {
        try await Fixture.app().test(.router) { client in
            for path in ["/api/techniques/..%2F..%2Fetc%2Fpasswd", "/api/techniques/../../etc/passwd", "/term/..%2F..%2Fetc%2Fpasswd",
                         "/assets/..%2F..%2FPackage.swift", "/api/techniques/%00", "/api/techniques/" + String(repeating: "a", count: 5000)] {
                let reply = try await client.fetch(path)
                #expect([.notFound, .badRequest].contains(reply.status), "\(path.prefix(60)): \(reply.status)")
                #expect(!reply.text.contains("/work/"), "\(path.prefix(60))")
                #expect(!reply.text.contains("root:"), "\(path.prefix(60))")
            }
            let invalidUTF8 = try await client.fetch("/api/techniques?q=%FF%FE")
            #expect(invalidUTF8.status == .badRequest)
            #expect(invalidUTF8.errorMessage?.contains("UTF-8") == true)
            let badEscape = try await client.fetch("/api/expand?term=%G1")
            #expect(badEscape.status == .badRequest)
            let badPathUTF8 = try await client.fetch("/api/techniques/%C3%28")
            #expect(badPathUTF8.status == .badRequest)
        }
    }

    @Test func corsAndMetrics() async throws {
        try await Fixture.app().test(.router) { client in
            let reply = try await client.fetch("/api/techniques/PaNET01200", headers: [.origin: "http://example.org"])
            #expect(reply.headers[.accessControlAllowOrigin] == "*")
            let preflight = try await client.fetch("/api/annotate", method: .options, headers: [
                .origin: "http://example.org", .accessControlRequestMethod: "POST",
            ])
            #expect(preflight.headers[.accessControlAllowMethods]?.contains("POST") == true)
            let metrics = try await client.fetch("/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.text.contains("panet_http_requests_total{method=\"GET\",route=\"/api/techniques/**\",status=\"200\"} 1"))
            #expect(metrics.text.contains("panet_http_request_duration_seconds_bucket"))
            #expect(metrics.text.contains("panet_ontology_classes"))
        }
    }
}
