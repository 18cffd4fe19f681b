import DatasetCatalog
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("POST /api/tag")
struct TagTests {
    static let json: HTTPFields = [.contentType: "application/json"]

    @Test func tagsText() async throws {
        try await Fixture.app().test(.router) { client in
            let reply = try await client.fetch("/api/tag", method: .post, headers: Self.json,
                                               body: #"{"text": "GIWAXS and XRR instead of fluorescence"}"#)
            #expect(reply.status == .ok, "\(reply.text)")
            let matches = try #require(reply.json?["matches"]?.arrayValue)
            #expect(matches.compactMap { $0["id"]?.stringValue } == ["PaNET01316", "PaNET01149"])
            #expect(matches.first?["start"]?.jsonText == "0")
            #expect(matches.first?["end"]?.jsonText == "6")
            #expect(matches.first?["how"]?.stringValue == "acronym")
            let none = try await client.fetch("/api/tag", method: .post, headers: Self.json, body: #"{"text": "calorimetry at 2 K"}"#)
            #expect(none.json?["matches"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test func rejectsBadInput() async throws {
        try await Fixture.app().test(.router) { client in
            let malformed = try await client.fetch("/api/tag", method: .post, headers: Self.json, body: #"{"text": "#)
            #expect(malformed.status == .badRequest)
            #expect(malformed.errorMessage?.contains("malformed JSON") == true)
            let noText = try await client.fetch("/api/tag", method: .post, headers: Self.json, body: #"{"text": 3}"#)
            #expect(noText.status == .badRequest)
            #expect(noText.errorMessage?.contains("\"text\"") == true)
            let wrongType = try await client.fetch("/api/tag", method: .post, headers: [.contentType: "text/plain"], body: "SAXS")
            #expect(wrongType.status == .unsupportedMediaType)
        }
    }
}
