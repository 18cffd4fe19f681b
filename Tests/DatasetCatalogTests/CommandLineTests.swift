import DatasetCatalog
import Foundation
import Testing
import TestSupport

@Suite("panet annotate, datasets, expand, export, harvest", .serialized)
struct CommandLineTests {
    @Test("annotate writes JSON Lines, reports a broken record and exits 1")
    func annotateExitCodes() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out.jsonl").path
        let db = directory.appendingPathComponent("i.db").path
        let result = try PanetProcess.run(["annotate", Fixtures.path("records.jsonl"), "-o", out, "--db", db])
        #expect(result.status == 1)
        #expect(result.standardError.contains("records.jsonl:3:"))
        #expect(result.standardError.contains("1 failed"))
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 6)
        for line in lines { _ = try Fixtures.json(String(line)) }
        let ok = try PanetProcess.run(["annotate", "--input-format", "panosc", TestPaths.shared("records/panosc-search-api_mock_db.json")])
        #expect(ok.status == 0)
        #expect(ok.standardOutput.split(separator: "\n").count == 4)
        let missing = try PanetProcess.run(["annotate", directory.appendingPathComponent("nope.json").path])
        #expect(missing.status == 2)

        let found = try PanetProcess.run(["datasets", "--technique", "small angle scattering", "--db", db, "--format", "tsv"])
        #expect(found.status == 0)
        #expect(found.standardOutput.contains("ds-1\tPaNET01188"))
        let none = try PanetProcess.run(["datasets", "--technique", "tomography", "--db", db, "--limit", "0"])
        #expect(none.status == 1)
        let unknown = try PanetProcess.run(["datasets", "--technique", "no such technique zzz", "--db", db])
        #expect(unknown.status == 1)
        let reindex = try PanetProcess.run(["reindex", "--db", db])
        #expect(reindex.status == 0)
    }

    @Test("expand formats, --where, and usage errors")
    func expandCommand() throws {
        let ids = try PanetProcess.run(["expand", "SAXS", "--format", "ids"])
        #expect(ids.status == 0)
        #expect(ids.standardOutput.split(separator: "\n").first == "PaNET01188")
        let panosc = try PanetProcess.run(["expand", "SAXS", "--format", "panosc"])
        #expect(panosc.standardOutput.hasPrefix(#"{"pid":{"inq":["http://purl.org/pan-science/PaNET/PaNET01188""#))
        let es = try PanetProcess.run(["expand", "SAXS", "--format", "es", "--field", "technique.id", "--values", "id"])
        #expect(es.standardOutput.hasPrefix(#"{"query":{"terms":{"technique.id":["PaNET01188""#))
        let filter = try PanetProcess.run(["expand", "--where", #"{"or":[{"name":"SAXS"},{"pid":{"neq":"PaNET01189"}}]}"#, "--values", "id"])
        #expect(filter.status == 0)
        #expect(filter.standardOutput.hasPrefix(#"{"or":[{"pid":{"inq":["#))
        #expect(try PanetProcess.run(["expand", "--where", "{broken"]).status == 2)
        #expect(try PanetProcess.run(["expand", "no such technique zzz"]).status == 1)
        #expect(try PanetProcess.run(["expand"]).status == 64)
        let synonyms = try PanetProcess.run(["export", "synonyms", "--children"])
        #expect(synonyms.status == 0 && synonyms.standardOutput.contains(" => "))
    }

    @Test("harvest over HTTP, exit codes for failures")
    func harvestCommand() throws {
        let server = try OAITestServer()
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("h.db").path
        let ok = try PanetProcess.run(["harvest", server.url("ok").absoluteString, "--db", db, "--backoff", "0.05"])
        #expect(ok.status == 0)
        #expect(ok.standardError.contains("page 3"))
        let broken = try PanetProcess.run(["harvest", server.url("broken").absoluteString, "--db", db, "--backoff", "0.05"])
        #expect(broken.status == 1)
        let failing = try PanetProcess.run(["harvest", server.url("badtoken").absoluteString, "--db", db, "--backoff", "0.05"])
        #expect(failing.status == 2)
        let refused = try PanetProcess.run(["harvest", "http://127.0.0.1:9/oai", "--db", db, "--max-retries", "0"])
        #expect(refused.status == 2)
        #expect(try PanetProcess.run(["harvest", "ftp://x", "--db", db]).status == 64)
    }
}
