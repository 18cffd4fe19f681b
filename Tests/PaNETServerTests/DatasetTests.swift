import DatasetCatalog
import Foundation
import Hummingbird
import HummingbirdTesting
import PaNETServer
import TestSupport
import Testing

@Suite("Annotation and datasets")
struct DatasetTests {
    static let record = #"{"pid":"ds-1","title":"SAXS on gels","techniques":[{"pid":"http://purl.org/pan-science/PaNET/PaNET01188","name":"small angle x-ray scattering"}]}"#
    static let json: HTTPFields = [.contentType: "application/json"]

    @Test func annotateOneAndMany() async throws {
        try await Fixture.app().test(.router) { client in
            let one = try await client.fetch("/api/annotate", method: .post, headers: Self.json, body: Self.record)
            #expect(one.status == .ok, "\(one.text)")
            let annotated = try #require(one.json)
            #expect(annotated["pid"]?.stringValue == "ds-1")
            #expect(annotated["panet"]?["techniques"]?.arrayValue?.first?["id"]?.stringValue == "PaNET01188")
            let ancestors = annotated["panet"]?["ancestors"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            #expect(ancestors.contains("PaNET01124"))
            let many = try await client.fetch("/api/annotate", method: .post, headers: Self.json, body: "[\(Self.record),\(Self.record)]")
            #expect(many.json?.arrayValue?.count == 2)
        }
    }

    @Test func annotateRejectsBadInput() async throws {
        try await Fixture.app({ $0.maxBodySize = 4096 }).test(.router) { client in
            let malformed = try await client.fetch("/api/annotate", method: .post, headers: Self.json, body: #"{"pid": "#)
            #expect(malformed.status == .badRequest)
            #expect(malformed.errorMessage?.contains("1:") == true)
            let scalar = try await client.fetch("/api/annotate", method: .post, headers: Self.json, body: "42")
            #expect(scalar.status == .badRequest)
            let wrongType = try await client.fetch("/api/annotate", method: .post, headers: [.contentType: "text/xml"], body: "<a/>")
            #expect(wrongType.status == .unsupportedMediaType)
            let huge = try await client.fetch("/api/annotate", method: .post, headers: Self.json,
                                              body: "[" + Array(repeating: Self.record, count: 100).joined(separator: ",") + "]")
            #expect(huge.status == .contentTooLarge)
            #expect(huge.errorMessage != nil)
            let invalidUTF8 = try await client.execute(uri: "/api/annotate", method: .post, headers: Self.json,
                                                       body: ByteBuffer(bytes: [0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D])) { Reply($0) }
            #expect(invalidUTF8.status == .badRequest)
        }
    }

    @Test func datasetsWithoutIndex() async throws {
        try await Fixture.app().test(.router) { client in
            let reply = try await client.fetch("/api/datasets?technique=SAXS")
            #expect(reply.status == .notFound)
            #expect(reply.errorMessage?.contains("--db") == true)
        }
    }

    @Test func datasetsFromIndex() async throws {
        let served = try Fixture.ontology()
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("index.db").path
        let index = try DatasetIndex(path: path)
        let annotator = RecordAnnotator(ontology: served.classified)
        try index.write { writer in
            for number in 1...3 {
                let text = Self.record.replacingOccurrences(of: "ds-1", with: "ds-\(number)")
                for record in try JSONRecordReader.records(in: text, source: "test") {
                    try writer.store(record, annotator.annotate(record), annotator: annotator)
                }
            }
            try writer.setOntologyVersion(annotator.ontologyVersion)
        }
        try await buildApplication(configuration: Fixture.configuration { $0.databasePath = path }, logger: Fixture.quietLogger,
                                   ontology: served).test(.router) { client in
            let reply = try await client.fetch("/api/datasets?technique=small%20angle%20scattering&limit=2")
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply.json?["technique"]?["id"]?.stringValue == "PaNET01124")
            #expect(reply.json?["results"]?.arrayValue?.count == 2)
            #expect(reply.json?["next_offset"]?.int == 2)
            #expect(!reply.text.contains(directory.path))
            let rest = try await client.fetch("/api/datasets?technique=PaNET01124&offset=2")
            #expect(rest.json?["results"]?.arrayValue?.first?["title"]?.stringValue == "SAXS on gels")
            let health = try await client.fetch("/health")
            #expect(health.json?["datasets"]?["records"]?.int == 3)
            let page = try await client.fetch("/term/PaNET01124")
            #expect(page.text.contains("SAXS on gels"))
        }
    }
}
