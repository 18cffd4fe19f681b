import DatasetCatalog
import Foundation
import Hummingbird
import HummingbirdTesting
import PaNETServer
import Testing

/// The routes list the ontology's own classes: foaf:Person and Wikidata's Q133900 are no techniques.
@Suite("Own classes over HTTP")
struct OwnClassesTests {
    static let foreign = ["http://xmlns.com/foaf/0.1/Person", "https://www.wikidata.org/wiki/Q133900"]

    @Test("pan-ontologies-api listings and counts leave foreign classes out")
    func panOntologiesRoutes() async throws {
        try await Fixture.app().test(.router) { client in
            let count = try await client.fetch("/techniques/count")
            #expect(count.json?["count"]?.int == 505)
            let all = try await client.fetch("/techniques/pan-ontology")
            let pids = all.json?["pid"]?["inq"]?.strings ?? []
            #expect(pids.count == 505)
            #expect(Set(pids).isDisjoint(with: Self.foreign))
            let xrd = try await client.fetch("/techniques/" + encoded("http://purl.org/pan-science/PaNET/PaNET01216"))
            #expect(xrd.json?["parents"]?.strings == ["http://purl.org/pan-science/PaNET/PaNET01022",
                                                      "http://purl.org/pan-science/PaNET/PaNET01184"])
        }
    }

    @Test("term records say whether a class is a technique, a specifier or foreign")
    func recordKind() async throws {
        try await Fixture.app().test(.router) { client in
            for (id, kind) in [("PaNET01022", "technique"), ("PaNET2020018", "specifier"), (encoded(Self.foreign[1]), "foreign")] {
                let reply = try await client.fetch("/api/techniques/\(id)")
                #expect(reply.status == .ok, "\(id)")
                #expect(reply.json?["kind"]?.stringValue == kind, "\(id)")
            }
            let listing = try await client.fetch("/api/techniques?limit=1000")
            #expect(listing.json?["total"]?.int == 505)
        }
    }
}
