import DatasetCatalog
import Hummingbird
import OntologyKit
@testable import PaNETServer
import Testing

/// The term and expansion routes answer from bodies serialised when a release is loaded; they must
/// be the bytes that building the answer per request gives.
@Suite("Serialised term records and expansions")
struct RecordBodyTests {
    static func bytes(_ value: JSONValue) -> [UInt8] {
        var bytes: [UInt8] = []
        value.write(into: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    @Test("every class's kept record equals its record serialised now")
    func keptRecordsMatch() throws {
        let served = try Fixture.ontology()
        let ids = served.classified.ontology.classIDs
        #expect(!ids.isEmpty)
        for id in ids {
            let kept = try #require(served.recordBody(id), "no kept record for class \(id)")
            #expect(Array(kept.readableBytesView) == Self.bytes(served.record(id)),
                    "class \(served.classified.ontology[id].shortID)")
        }
    }

    @Test("every class's kept expansion equals its expansion serialised now")
    func keptExpansionsMatch() throws {
        let served = try Fixture.ontology()
        for id in served.classified.ontology.classIDs {
            let kept = try #require(served.expansionBody(id), "no kept expansion for class \(id)")
            let expanded = served.expansion.expand(id)
            #expect(expanded.contains(id), "an expansion includes the term itself")
            #expect(Array(kept.readableBytesView) == Self.bytes(served.classified.expansionJSON(id, expanded: expanded)),
                    "class \(served.classified.ontology[id].shortID)")
        }
    }
}
