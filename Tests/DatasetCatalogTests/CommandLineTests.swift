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
        #expect(!result.standardError.contains("panet: annotate:"))
        let shown = try PanetProcess.run(["annotate", Fixtures.path("records.jsonl"), "--db", db, "--progress"])
        #expect(shown.standardError.contains("panet: annotate: 7 records in "))
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
        #expect(none.status == 0)
        let unknown = try PanetProcess.run(["datasets", "--technique", "no such technique zzz", "--db", db])
        #expect(unknown.status == 1)
        let reindex = try PanetProcess.run(["reindex", "--db", db])
        #expect(reindex.status == 0)
        #expect(!reindex.standardError.contains("panet: reindex:"))
        let reindexShown = try PanetProcess.run(["reindex", "--db", db, "--progress"])
        #expect(reindexShown.standardError.contains("panet: reindex: 6 records in "))
    }

    @Test("annotate exits 2 when no input held a record it understands, saying why per file")
    func annotateNothingRead() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ess = TestPaths.shared("records/panfinder_ess_documents.json")
        let unknown = try PanetProcess.run(["annotate", ess])
        #expect(unknown.status == 2)
        #expect(unknown.standardOutput.isEmpty)
        #expect(unknown.standardError.contains("\(ess): no record shape recognised in 455 of 455 items (the first, at line 1, "
            + "has members document, datasets); 0 records read, 455 skipped"))
        #expect(unknown.standardError.contains("panet: no records read from any input (\(ess))"))
        let empty = directory.appendingPathComponent("empty.json").path
        try Data().write(to: URL(fileURLWithPath: empty))
        let out = directory.appendingPathComponent("out.jsonl").path
        let nothing = try PanetProcess.run(["annotate", empty, "-o", out])
        #expect(nothing.status == 2)
        #expect(nothing.standardError.contains("\(empty): no records found"))
        #expect(!FileManager.default.fileExists(atPath: out))
        // One readable input is enough.
        let some = try PanetProcess.run(["annotate", empty, Fixtures.path("array.json")])
        #expect(some.status == 1)
        #expect(some.standardOutput.split(separator: "\n").count == 2)
    }

    @Test("annotate refuses a JSON document of the wrong shape with exit 2 and file:line:column, writing nothing")
    func annotateGarbageJSON() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let garbage = directory.appendingPathComponent("garbage.json").path
        try "\n  this is not JSON".write(toFile: garbage, atomically: false, encoding: .utf8)
        let out = directory.appendingPathComponent("out.jsonl").path
        let result = try PanetProcess.run(["annotate", garbage, "-o", out])
        #expect(result.status == 2)
        #expect(result.standardError.contains("\(garbage):2:3: malformed JSON: expected a JSON object or an array of objects, found 't'"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["garbage.json"])
    }

    @Test("datasets with no hits prints the header or [], a note, and exits 0")
    func datasetsWithoutHits() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("i.db").path
        #expect(try PanetProcess.run(["annotate", Fixtures.path("array.json"), "--db", db]).status == 1)
        let table = try PanetProcess.run(["datasets", "--technique", "tomography", "--db", db])
        #expect(table.status == 0)
        #expect(table.standardOutput == "id  techniques  datestamp  title\n--  ----------  ---------  -----\n")
        #expect(table.standardError.contains("note: no indexed record is measured with PaNET01129"))
        let tsv = try PanetProcess.run(["datasets", "--technique", "tomography", "--db", db, "--format", "tsv"])
        #expect(tsv.status == 0 && tsv.standardOutput == "id\ttechniques\tdatestamp\ttitle\n")
        let json = try PanetProcess.run(["datasets", "--technique", "tomography", "--db", db, "--format", "json"])
        #expect(json.status == 0 && json.standardOutput == "[]\n")
        let hit = try PanetProcess.run(["datasets", "--technique", "SAXS", "--db", db, "--format", "json"])
        #expect(hit.status == 0 && hit.standardOutput.hasPrefix(#"{"id":"a-1""#))
    }

    @Test("Several annotate --db runs creating one index at once all succeed")
    func concurrentAnnotateRuns() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("shared.db").path
        let input = TestPaths.shared("records/panosc-search-api_mock_db.json")
        let group = DispatchGroup()
        let lock = NSLock()
        nonisolated(unsafe) var results: [ProcessResult] = []  // Guarded by `lock`.
        for _ in 0..<4 {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                let result = try? PanetProcess.run(["annotate", input, "--db", db])
                lock.withLock { if let result { results.append(result) } }
            }
        }
        group.wait()
        #expect(results.map(\.status) == [0, 0, 0, 0], "\(results.map(\.standardError))")
        #expect(try DatasetIndex(path: db).recordCount() == 4)
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
        let ok = try PanetProcess.run(["harvest", server.url("ok").absoluteString, "--db", db, "--backoff", "0.05", "--progress"])
        #expect(ok.status == 0)
        #expect(ok.standardError.contains("panet: harvest: 3 pages, 5 records in "))
        let broken = try PanetProcess.run(["harvest", server.url("broken").absoluteString, "--db", db, "--backoff", "0.05"])
        #expect(broken.status == 1)
        #expect(!broken.standardError.contains("panet: harvest:"))
        let failing = try PanetProcess.run(["harvest", server.url("badtoken").absoluteString, "--db", db, "--backoff", "0.05"])
        #expect(failing.status == 2)
        let loop = try PanetProcess.run(["harvest", server.url("loop").absoluteString, "--db", db, "--backoff", "0.05"])
        #expect(loop.status == 2)
        #expect(loop.standardError.contains("gives resumption token 't2' again"))
        let refused = try PanetProcess.run(["harvest", "http://127.0.0.1:9/oai", "--db", db, "--max-retries", "0"])
        #expect(refused.status == 2)
        #expect(try PanetProcess.run(["harvest", "ftp://x", "--db", db]).status == 64)
    }
}
