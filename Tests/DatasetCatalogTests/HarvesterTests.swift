import DatasetCatalog
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport

/// The test OAI-PMH repository (Fixtures/oai_server.py) on a free loopback port.
final class OAITestServer {
    private let server: PythonTestServer
    var port: Int { server.port }

    init() throws {
        server = try PythonTestServer([Fixtures.path("oai_server.py")])
    }

    func url(_ scenario: String) -> URL {
        URL(string: "http://127.0.0.1:\(port)/\(scenario)/oai")!
    }

    /// The query arguments of every request the server saw.
    func requests() throws -> [[String: String]] {
        let data = try AsyncHTTPClientFetcher().get(URL(string: "http://127.0.0.1:\(port)/requests")!, timeout: 10).body
        let entries = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
        return entries.compactMap { $0["query"] as? [String: String] }
    }
}

@Suite("OAI-PMH harvester against a loopback server", .serialized)
struct HarvesterTests {
    let annotator = RecordAnnotator(ontology: Fixtures.panet)

    func harvest(_ server: OAITestServer, _ scenario: String, index: DatasetIndex, retries: Int = 3,
                 from: String? = nil) throws -> (HarvestSummary, [RecordFailure]) {
        var options = HarvestOptions(endpoint: server.url(scenario), metadataPrefix: "oai_datacite", from: from)
        options.maxRetries = retries
        options.backoff = 0.05
        options.timeout = 10
        var failures: [RecordFailure] = []
        let harvester = OAIHarvester(options: options, index: index, annotator: annotator, report: { failures.append($0) })
        return (try harvester.run(), failures)
    }

    func temporaryIndex() throws -> (DatasetIndex, URL) {
        let directory = try TestPaths.temporaryDirectory()
        return (try DatasetIndex(path: directory.appendingPathComponent("h.db").path), directory)
    }

    @Test("Pages through resumption tokens, removes deleted records, then harvests incrementally")
    func multiPageAndIncremental() throws {
        let server = try OAITestServer()
        let (index, directory) = try temporaryIndex()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (summary, failures) = try harvest(server, "ok", index: index)
        #expect(failures.isEmpty)
        #expect(summary.pages == 3)
        #expect(summary.stored == 4)
        #expect(summary.deleted == 1)
        #expect(try index.recordCount() == 3)
        #expect(try index.datasets(technique: "PaNET01124").map(\.id) == ["oai:test:2"])
        #expect(summary.lastDatestamp == "2024-01-04T10:00:00Z")
        let again = try harvest(server, "ok", index: index).0
        #expect(again.from == "2024-01-04T10:00:00Z")
        #expect(again.noRecordsMatch)
        #expect(try server.requests().last?["from"] == "2024-01-04T10:00:00Z")
    }

    @Test("Retries a 503 with Retry-After and a truncated page")
    func retries() throws {
        let server = try OAITestServer()
        let (index, directory) = try temporaryIndex()
        defer { try? FileManager.default.removeItem(at: directory) }
        let started = Date()
        let (summary, failures) = try harvest(server, "flaky", index: index)
        #expect(Date().timeIntervalSince(started) >= 1)
        #expect(failures.isEmpty)
        #expect(summary.stored == 4)
        let tokens = try server.requests().compactMap { $0["resumptionToken"] }
        #expect(tokens == ["t2", "t2", "t3", "t3"])
    }

    @Test("badResumptionToken fails the harvest; pages before it stay committed")
    func badToken() throws {
        let server = try OAITestServer()
        let (index, directory) = try temporaryIndex()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: DatasetCatalogError.self) { try harvest(server, "badtoken", index: index) }
        #expect(try index.recordCount() == 2)
    }

    @Test("noRecordsMatch is an empty harvest, and a broken record is reported while the rest is stored")
    func emptyAndBroken() throws {
        let server = try OAITestServer()
        let (index, directory) = try temporaryIndex()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (empty, _) = try harvest(server, "empty", index: index)
        #expect(empty.noRecordsMatch && empty.stored == 0)
        let (summary, failures) = try harvest(server, "broken", index: index)
        #expect(summary.failed == 1)
        #expect(failures.first?.description.contains("malformed XML") == true)
        #expect(summary.stored == 4)
    }

    @Test("An interrupted harvest resumes from its checkpoint")
    func resumesFromCheckpoint() throws {
        let server = try OAITestServer()
        let (index, directory) = try temporaryIndex()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Page 2 fails twice: with one retry the first harvest gives up after committing page 1.
        #expect(throws: DatasetCatalogError.self) { try harvest(server, "failing", index: index, retries: 1) }
        #expect(try index.recordCount() == 2)
        let checkpoint = try index.checkpoint(endpoint: server.url("failing").absoluteString, metadataPrefix: "oai_datacite", set: nil)
        #expect(checkpoint?.resumptionToken == "t2")
        let (summary, _) = try harvest(server, "failing", index: index)
        #expect(summary.resumed)
        #expect(summary.pages == 2)
        #expect(try index.recordCount() == 3)
        let listRequests = try server.requests().filter { $0["verb"] == "ListRecords" }
        #expect(listRequests.filter { $0["metadataPrefix"] != nil }.count == 1)
    }

    @Test("A resumption token given again stops the harvest with an error naming it")
    func repeatedTokenStops() throws {
        let server = try OAITestServer()
        let (index, directory) = try temporaryIndex()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: DatasetCatalogError.badOAIResponse(
            url: server.url("loop").absoluteString,
            message: "page 2 gives resumption token 't2' again (first given on page 1); stopped, as following it "
                + "would repeat the same pages forever")) {
            try harvest(server, "loop", index: index)
        }
        let pages = try server.requests().filter { $0["verb"] == "ListRecords" }
        #expect(pages.count == 2)
        // Page 1 stays committed, with its checkpoint.
        #expect(try index.recordCount() == 2)
    }

    @Test("Retry-After takes seconds or an HTTP date")
    func retryAfterParsing() {
        #expect(OAIHarvester.retryAfterSeconds("3") == 3)
        #expect(OAIHarvester.retryAfterSeconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0)
        #expect(OAIHarvester.retryAfterSeconds("soon") == nil)
    }
}
