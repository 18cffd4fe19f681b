import Foundation
import TestSupport
import Testing

/// `panet build` of old releases and `panet history`, run as a user would.
@Suite("panet history")
struct HistoryCommandTests {
    func run(_ arguments: [String]) throws -> ProcessResult {
        try PanetProcess.run(arguments, environment: ["PANET_NO_CACHE": "1"])
    }

    @Test("history build writes the file; history TERM tells a relabelled class's changes; unknown terms exit 1",
          .enabled(if: TestPaths.hasShared))
    func buildAndShow() throws {
        let directory = try TestPaths.temporaryDirectory()
        let file = directory.appendingPathComponent("history.tsv").path
        let releases = ["v1.0.0", "v1.1.0", "v1.2.0"].map { TestPaths.shared("ontology/history/" + $0) }
            + ["1.3.0=" + TestPaths.shared("ontology/source")]
        let built = try run(["history", "build", "--lenient"] + releases + ["-o", file])
        #expect(built.status == 0, "\(built.standardError)")
        #expect(built.standardError.contains("4 releases (1.0.0, 1.1.0, 1.2.0, 1.3.0)"))
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.hasPrefix("#panet-history\t1\n#releases\t1.0.0\t1.1.0\t1.2.0\t1.3.0\n"))

        // The former label finds the class; the bundled 1.3.0 is the last release.
        let shown = try run(["history", "photoemission microscopy", "--history", file, "--format", "json"])
        #expect(shown.status == 0, "\(shown.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(shown.standardOutput.utf8)) as? [String: Any])
        let classes = try #require(object["classes"] as? [[String: Any]])
        #expect(classes.count == 1)
        #expect(classes.first?["id"] as? String == "PaNET01146")
        #expect(classes.first?["releases"] as? [String] == ["1.0.0", "1.1.0", "1.2.0", "1.3.0"])
        let changes = try #require(classes.first?["changes"] as? [[String: Any]])
        let relabel = changes.first { $0["change"] as? String == "relabelled" }
        #expect(relabel?["release"] as? String == "1.1.0")
        #expect(relabel?["old"] as? String == "photoemission microscopy")
        #expect(relabel?["new"] as? String == "photoemission electron microscopy")

        let unknown = try run(["history", "no such technique at all", "--history", file])
        #expect(unknown.status == 1)
        #expect(unknown.standardError.contains("unknown term"))
        #expect(unknown.standardOutput.isEmpty)
    }

    @Test("a header with raw line breaks needs --lenient: without it, exit 2 naming file:line and nothing written",
          .enabled(if: TestPaths.hasShared))
    func strictHeader() throws {
        let directory = try TestPaths.temporaryDirectory()
        let output = directory.appendingPathComponent("v100.ttl").path
        let folder = TestPaths.shared("ontology/history/v1.0.0")
        let strict = try run(["build", folder + "/PaNET.csv", "--metadata", folder + "/PaNET_metadata.ttl", "-o", output])
        #expect(strict.status == 2)
        #expect(strict.standardError.contains("PaNET_metadata.ttl:49:"))
        #expect(strict.standardError.contains("--lenient"))
        #expect(!FileManager.default.fileExists(atPath: output))
        let lenient = try run(["build", folder + "/PaNET.csv", "--metadata", folder + "/PaNET_metadata.ttl", "--lenient", "-o", output])
        #expect(lenient.status == 0, "\(lenient.standardError)")
        #expect(lenient.standardError.contains("warning: \(folder)/PaNET_metadata.ttl:49: a short string holds raw line breaks"))
        #expect(FileManager.default.fileExists(atPath: output))
    }

    @Test("history build refuses a release without a version name, and history a malformed file")
    func badInput() throws {
        let unnamed = try run(["history", "build", "/tmp/no-version-here"])
        #expect(unnamed.status == 64)
        #expect(unnamed.standardError.contains("NAME=PATH"))
        let bad = try TestPaths.writeTemporaryFile("#panet-history\t9\n", named: "bad-history.tsv")
        let shown = try run(["history", "SAXS", "--history", bad])
        #expect(shown.status == 2)
        #expect(shown.standardError.contains("bad-history.tsv:1:1:"))
    }
}
