import Foundation
import TestSupport
import Testing

/// `panet mappings validate|convert`, run as a user would.
@Suite("panet mappings")
struct MappingsCommandTests {
    func run(_ arguments: [String]) throws -> ProcessResult {
        try PanetProcess.run(arguments, environment: ["PANET_NO_CACHE": "1"])
    }

    @Test("validate: WFL has warnings only (exit 0), IUPAC has errors (exit 1); JSON names line, rule and fix",
          .enabled(if: TestPaths.hasShared))
    func validateShippedSets() throws {
        let wfl = try run(["mappings", "validate", TestPaths.shared("mappings/mapping_WFL.csv"), "--format", "json"])
        #expect(wfl.status == 0, "\(wfl.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(wfl.standardOutput.utf8)) as? [String: Any])
        let file = try #require((object["files"] as? [[String: Any]])?.first)
        #expect(file["errors"] as? Int == 0)
        let findings = try #require(file["findings"] as? [[String: Any]])
        let stale = try #require(findings.first { $0["rule"] as? String == "stale_label" && $0["line"] as? Int == 27 })
        #expect(stale["level"] as? String == "warning")
        #expect(stale["fix"] as? String == "write 'spin echo technique'")

        let iupac = try run(["mappings", "validate", TestPaths.shared("mappings/mapping_IUPAC.csv")])
        #expect(iupac.status == 1)
        #expect(iupac.standardOutput.contains("mapping_IUPAC.csv:21"))
        #expect(iupac.standardOutput.contains("prefix 'Panet' of subject_id 'Panet:PaNET01268' is not declared"))
        #expect(iupac.standardError.contains("mapping_IUPAC.csv: 194 errors, "))
    }

    @Test("validate --format junit: a testsuite per file", .enabled(if: TestPaths.hasShared))
    func validateJUnit() throws {
        let result = try run(["mappings", "validate", "--no-ontology", "--format", "junit",
                              TestPaths.shared("mappings/mapping_WFL.csv"), TestPaths.shared("mappings/mapping_IUPAC.csv")])
        #expect(result.status == 1)
        #expect(result.standardOutput.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "))
        #expect(result.standardOutput.components(separatedBy: "<testsuite ").count - 1 == 2)
        #expect(result.standardOutput.contains("type=\"undeclared_prefix\">"))
    }

    @Test("unreadable or malformed input exits 2 with file:line:column, and writes no output file")
    func badInput() throws {
        let missing = try run(["mappings", "validate", "--no-ontology", "/nonexistent/m.sssom.tsv"])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("/nonexistent/m.sssom.tsv"))
        let bad = try TestPaths.writeTemporaryFile("# curie_map:\n#   x: 'http://x/\nsubject_id\tobject_id\n", named: "bad.sssom.tsv")
        let output = bad + ".json"
        let converted = try run(["mappings", "convert", bad, "-o", output])
        #expect(converted.status == 2)
        #expect(converted.standardError.contains("bad.sssom.tsv:2:8: metadata header: quoted value is never closed"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test("convert: CSV -> JSON -> TSV gives the same table", .enabled(if: TestPaths.hasShared))
    func convertRoundTrip() throws {
        let directory = try TestPaths.temporaryDirectory()
        let json = directory.appendingPathComponent("wfl.json").path
        let tsv = directory.appendingPathComponent("wfl.sssom.tsv").path
        #expect(try run(["mappings", "convert", TestPaths.shared("mappings/mapping_WFL.csv"), "-o", json]).status == 0)
        #expect(try run(["mappings", "convert", json, "-o", tsv]).status == 0)
        let direct = try run(["mappings", "convert", TestPaths.shared("mappings/mapping_WFL.csv"), "--to", "sssom-tsv"])
        #expect(try String(contentsOfFile: tsv, encoding: .utf8) == direct.standardOutput)
        let turtle = try run(["mappings", "convert", tsv, "--to", "turtle"])
        #expect(turtle.status == 0)
        #expect(turtle.standardOutput.contains("panet:PaNET00410 skos:exactMatch wfl:1419 ."))
    }
}
