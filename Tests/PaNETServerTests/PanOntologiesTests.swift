import DatasetCatalog
import Foundation
import Hummingbird
import HummingbirdTesting
import OntologyKit
import PaNETServer
import Testing

/// The routes of the pan-ontologies-api service, with the cases of its own acceptance tests.
@Suite("pan-ontologies-api routes")
struct PanOntologiesTests {
    static let xes = "http://purl.org/pan-science/PaNET/PaNET01200"

    func expansion(_ term: String) throws -> Set<String> {
        let served = try Fixture.ontology()
        let id = try #require(served.classified.resolver.resolve(term)?.classID)
        return Set(served.expansion.expand(id).map { served.classified.ontology[$0].iri })
    }

    func panOntology(_ client: some TestClientProtocol, _ filter: String) async throws -> Reply {
        try await client.fetch("/techniques/pan-ontology?where=\(encoded(filter))")
    }

    @Test func nameAndPid() async throws {
        try await Fixture.app().test(.router) { client in
            let byName = try await panOntology(client, #"{"name":"x-ray emission spectroscopy"}"#)
            #expect(byName.status == .ok)
            #expect(byName.json == .object([("pid", .object([("inq", .array([.string(Self.xes)]))]))]))
            let bySynonym = try await panOntology(client, #"{"name":"XES"}"#)
            #expect(bySynonym.json == byName.json)
            let byPid = try await panOntology(client, #"{"pid":"\#(Self.xes)"}"#)
            #expect(byPid.json == byName.json)
            let sas = try await panOntology(client, #"{"name":"small angle scattering"}"#)
            #expect(Set(sas.json?["pid"]?["inq"]?.strings ?? []) == (try expansion("small angle scattering")))
            #expect((sas.json?["pid"]?["inq"]?.strings.count ?? 0) > 5)
        }
    }

    @Test func negationAndLogic() async throws {
        try await Fixture.app().test(.router) { client in
            let neq = try await panOntology(client, #"{"name":{"neq":"small angle scattering"}}"#)
            #expect(Set(neq.json?["pid"]?["nin"]?.strings ?? []) == (try expansion("small angle scattering")))
            for op in ["and", "or"] {
                let reply = try await panOntology(client, #"{"\#(op)":[{"name":"small angle scattering"},{"name":{"neq":"x-ray probe"}}]}"#)
                #expect(reply.status == .ok)
                let operands = try #require(reply.json?[op]?.arrayValue)
                #expect(operands.count == 2)
                #expect(Set(operands[0]["pid"]?["inq"]?.strings ?? []) == (try expansion("small angle scattering")))
                #expect(Set(operands[1]["pid"]?["nin"]?.strings ?? []) == (try expansion("x-ray probe")))
            }
            let everything = try await client.fetch("/techniques/pan-ontology")
            #expect((everything.json?["pid"]?["inq"]?.strings.count ?? 0) == (try Fixture.ontology()).classified.ownClassIDs.count)
        }
    }

    @Test func badFilters() async throws {
        try await Fixture.app().test(.router) { client in
            for filter in [#"{"name":"#, #"["name"]"#, #"{"title":"x"}"#, #"{"name":{"regexp":"x"}}"#, "not json"] {
                let reply = try await panOntology(client, filter)
                #expect(reply.status == .badRequest, "\(filter)")
                #expect(reply.errorMessage != nil, "\(filter)")
            }
            let malformed = try await panOntology(client, #"{"name":"#)
            #expect(malformed.errorMessage?.contains("1:") == true)
        }
    }

    @Test func records() async throws {
        let served = try Fixture.ontology()
        try await Fixture.app().test(.router) { client in
            let one = try await client.fetch("/techniques/\(encoded(Self.xes))")
            #expect(one.status == .ok)
            #expect(one.json?["pid"]?.stringValue == Self.xes)
            #expect(one.json?["name"]?.stringValue == "x-ray emission spectroscopy")
            #expect(one.json?["synonym"]?.strings == ["XES"])
            #expect(one.json?["relatives"]?.strings == [Self.xes])
            #expect(one.json?["children"]?.strings == [])
            #expect(one.json?["parents"]?.strings.isEmpty == false)
            let count = try await client.fetch("/techniques/count")
            #expect(count.json?["count"]?.int == served.classified.ownClassIDs.count)
            let filtered = try await client.fetch("/techniques/count?where=\(encoded(#"{"synonym":"XES"}"#))")
            #expect(filtered.json?["count"]?.int == 1)
            let page = try await client.fetch("/techniques?filter=\(encoded(#"{"where":{"name":{"like":"%diffraction%"}},"limit":3}"#))")
            #expect(page.json?.arrayValue?.count == 3)
            #expect(page.json?.arrayValue?.allSatisfy { $0["name"]?.stringValue?.contains("diffraction") == true } == true)
            let missing = try await client.fetch("/techniques/\(encoded("http://purl.org/pan-science/PaNET/PaNET99999"))")
            #expect(missing.status == .notFound)
            #expect(missing.errorMessage != nil)
        }
    }
}
