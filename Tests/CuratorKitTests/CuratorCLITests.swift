import Foundation
import RDFModel
import RDFParsing
import RDFStore
import TestSupport
import Testing

/// The curator commands run as a user runs them: output and exit codes.
@Suite("Curator commands")
struct CuratorCLITests {
    static func fixture(_ name: String) -> String { TestPaths.fixture("CuratorKitTests", name) }

    @Test("validate: exit 0 when clean, 1 on errors or on warnings with --fail-on warn, 2 for an unreadable file")
    func validateExitCodes() throws {
        let errors = try PanetProcess.run(["validate", Self.fixture("twins.ttl")])
        #expect(errors.status == 1)  // two techniques share 'tomography': an error
        let warnings = try PanetProcess.run(["validate", Self.fixture("reasoning.ttl"), "--fail-on", "warn"])
        #expect(warnings.status == 1)
        let cleanFile = try PanetProcess.run(["validate", Self.fixture("clean.ttl"), "--fail-on", "warn"])
        #expect(cleanFile.status == 0, "\(cleanFile.standardError)")
        #expect(cleanFile.standardError.contains("0 errors, 0 warnings, 0 info"))
        let missing = try PanetProcess.run(["validate", "/nonexistent/onto.owl"])
        #expect(missing.status == 2)
        #expect(missing.standardError.hasPrefix("panet: "))
    }

    @Test("validate --format json lists findings with level, rule, subject and value")
    func validateJSON() throws {
        let result = try PanetProcess.run(["validate", Self.fixture("cycle.ttl"), "--format", "json"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["rule"] as? String == "subclass_cycle" && $0["level"] as? String == "ERROR" })
    }

    @Test("validate on the bundled PaNET 1.3.0 passes; --format md is a report")
    func validateBundled() throws {
        let result = try PanetProcess.run(["validate", "--format", "md"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("# Quality report"))
        #expect(result.standardOutput.contains("technique/specifier pair"))
    }

    @Test("check-terms: exit 1 when a term is unknown, 0 when all are known, 2 for an unknown encoding")
    func checkTermsExitCodes() throws {
        let directory = try TestPaths.temporaryDirectory()
        let known = directory.appendingPathComponent("known.txt")
        try "SAXS\nPaNET01022\n".write(to: known, atomically: true, encoding: .utf8)
        let ok = try PanetProcess.run(["check-terms", known.path, "--format", "tsv"])
        #expect(ok.status == 0, "\(ok.standardError)")
        #expect(ok.standardOutput.contains("SAXS\tmatched\tPaNET01188"))
        let unknown = directory.appendingPathComponent("unknown.txt")
        try "SAXS\nx-ray difraction\n".write(to: unknown, atomically: true, encoding: .utf8)
        let no = try PanetProcess.run(["check-terms", unknown.path])
        #expect(no.status == 1)
        #expect(no.standardOutput.contains("did you mean x-ray diffraction (PaNET01216)"))
        let latin1 = directory.appendingPathComponent("latin1.txt")
        try Data(Array("SAXS\nd".utf8) + [0xE9] + Array("tecteur\n".utf8)).write(to: latin1)
        let bad = try PanetProcess.run(["check-terms", latin1.path])
        #expect(bad.status == 2)
        #expect(bad.standardError.contains("latin1.txt:2: not valid UTF-8"))
        let csv = directory.appendingPathComponent("list.csv")
        try "facility,technique\nESRF,SAXS\n".write(to: csv, atomically: true, encoding: .utf8)
        let noColumn = try PanetProcess.run(["check-terms", csv.path, "--column", "method"])
        #expect(noColumn.status == 2)
        #expect(noColumn.standardError.contains("no column named 'method'; the header has: 'facility', 'technique'"))
        let column = try PanetProcess.run(["check-terms", csv.path, "--column", "Technique"])
        #expect(column.status == 0)
    }

    @Test("diff 1.1.1 → 1.3.0 exits 1 for the removed classes; md release notes list 131 additions")
    func diffReleases() throws {
        try #require(TestPaths.hasShared, "../shared is missing")
        let old = TestPaths.shared("ontology/previous/PaNET-v1.1.1.owl"), new = TestPaths.shared("ontology/PaNET.owl")
        let result = try PanetProcess.run(["diff", old, new, "--format", "md"])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("## Added (131)"))
        #expect(result.standardOutput.contains("`PaNET00000`"))
        #expect(result.standardOutput.contains("`PaNET01316`: 'grazing incidence wide angle scattering' → 'grazing incidence wide angle x-ray scattering'"))
        #expect(result.standardError.contains("removed"))
        #expect(!result.standardOutput.contains("CHMO_0000182") && !result.standardOutput.contains("Q133900"))
        let rows = try PanetProcess.run(["diff", old, new, "--format", "tsv"]).standardOutput
        #expect(rows.split(separator: "\n").filter { $0.hasPrefix("removed\t") } == ["removed\tPaNET00000\t\tERROR: terms must be deprecated, not removed"])
        let same = try PanetProcess.run(["diff", new, new, "--format", "json"])
        #expect(same.status == 0)
    }

    @Test("build writes the format -o names; an unknown label exits 2 with row and column; a bad extension exits 64")
    func buildCommand() throws {
        let directory = try TestPaths.temporaryDirectory()
        let output = directory.appendingPathComponent("small.owl").path
        let ok = try PanetProcess.run(["build", Self.fixture("template-small.csv"), "--prefix", "ex=http://example.org/", "-o", output])
        #expect(ok.status == 0, "\(ok.standardError)")
        let written = try TripleStore(loading: .file(output)).triples()
        #expect(written.contains(Triple(.iri("http://example.org/neutron"), .iri(OWL.disjointWith), .iri("http://example.org/xray"))))
        let bad = try PanetProcess.run(["build", Self.fixture("template-bad-label.csv"), "--prefix", "ex=http://example.org/"])
        #expect(bad.status == 2)
        #expect(bad.standardError.contains("template-bad-label.csv:4: column 3 (Parent): unknown label 'alhpa'; did you mean 'alpha'?"))
        let noID = try PanetProcess.run(["build", Self.fixture("template-no-id.csv"), "--prefix", "ex=http://example.org/"])
        #expect(noID.status == 2)
        #expect(noID.standardError.contains("template-no-id.csv:4: the row has content but no ID"))
        let usage = try PanetProcess.run(["build", Self.fixture("template-small.csv"), "-o", directory.appendingPathComponent("x.json").path])
        #expect(usage.status == 64)
    }

    @Test("build --reason of the PaNET template writes N-Triples isomorphic to the release")
    func buildPaNET() throws {
        try #require(TestPaths.hasShared, "../shared is missing")
        let directory = try TestPaths.temporaryDirectory()
        let output = directory.appendingPathComponent("PaNET.nt").path
        let result = try PanetProcess.run(["build", TestPaths.shared("ontology/source/PaNET.csv"),
                                           "--metadata", TestPaths.shared("ontology/source/PaNET_metadata.ttl"),
                                           "--reason", "--version-info", "1.3.0", "-o", output])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("'characterize excitations' is the label of PaNET00407 (row 48) and PaNET2014007 (row 433)"))
        let built = try TripleStore(loading: .file(output)).triples()
        let release = try TripleStore(loading: .file(TestPaths.shared("ontology/PaNET.owl"))).triples()
        #expect(GraphIsomorphism.areIsomorphic(built, release))
    }

    @Test("check-terms keeps the input's other columns after its own, in tsv, csv and json")
    func checkTermsKeepsColumns() throws {
        let csv = try TestPaths.writeTemporaryFile(
            "instrument,technique,count\nID02,SAXS,12\n\"BM29, bio\",x-ray difraction,3\n", named: "instruments.csv")
        let tsv = try PanetProcess.run(["check-terms", csv, "--column", "technique", "--format", "tsv"])
        #expect(tsv.status == 1)
        let lines = tsv.standardOutput.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines.first == ["line", "term", "status", "id", "label", "match", "note", "instrument", "count"])
        #expect(lines.dropFirst().map { [$0[1], $0[2], $0[7], $0[8]] } == [["SAXS", "matched", "ID02", "12"],
                                                                        ["x-ray difraction", "unknown", "BM29, bio", "3"]])
        let csvOutput = try PanetProcess.run(["check-terms", csv, "--column", "technique", "--format", "csv"])
        #expect(csvOutput.standardOutput.hasPrefix("line,term,status,id,label,match,note,instrument,count\r\n2,SAXS,matched,PaNET01188,"))
        #expect(csvOutput.standardOutput.contains(",\"BM29, bio\",3\r\n"))
        let json = try PanetProcess.run(["check-terms", csv, "--column", "technique", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let terms = try #require(object["terms"] as? [[String: Any]])
        #expect(terms.compactMap { $0["columns"] as? [String: String] } == [["instrument": "ID02", "count": "12"],
                                                                            ["instrument": "BM29, bio", "count": "3"]])
        let clash = try TestPaths.writeTemporaryFile("id,technique\nA1,SAXS\n", named: "clash.csv")
        let clashing = try PanetProcess.run(["check-terms", clash, "--column", "technique", "--format", "tsv"])
        #expect(clashing.standardOutput.hasPrefix("line\tterm\tstatus\tid\tlabel\tmatch\tnote\tinput_id\n"))
    }

    @Test("validate --only, --ignore and --config select rules, per term too; unknown rules are refused")
    func validateRuleFilters() throws {
        func findings(_ arguments: [String]) throws -> (Int32, [[String: Any]]) {
            let result = try PanetProcess.run(["validate", "--format", "json"] + arguments)
            let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
            return (result.status, object?["findings"] as? [[String: Any]] ?? [])
        }
        let (_, all) = try findings([])
        let twins = all.filter { $0["rule"] as? String == "duplicate_label" && $0["level"] as? String == "WARN" }
        #expect(twins.count == 142)
        let (_, ignored) = try findings(["--ignore", "duplicate_label:warn"])
        #expect(ignored.count == all.count - 142)
        #expect(!ignored.contains { $0["rule"] as? String == "duplicate_label" })
        let (_, only) = try findings(["--only", "duplicate_label,equivalent_classes"])
        #expect(!only.isEmpty && only.allSatisfy { ["duplicate_label", "equivalent_classes"].contains($0["rule"] as? String) })
        let config = try TestPaths.writeTemporaryFile("""
            # twins share labels by design
            duplicate_label:warn   # all of them
            equivalent_classes PaNET00401 http://purl.org/pan-science/PaNET/PaNET01106
            """, named: "validate.conf")
        let (_, configured) = try findings(["--config", config])
        #expect(!configured.contains { $0["rule"] as? String == "duplicate_label" && $0["level"] as? String == "WARN" })
        let subjects = Set(configured.filter { $0["rule"] as? String == "equivalent_classes" }.compactMap { $0["subject"] as? String })
        #expect(!subjects.contains("http://purl.org/pan-science/PaNET/PaNET00401"))
        #expect(!subjects.contains("http://purl.org/pan-science/PaNET/PaNET01106"))
        #expect(subjects.contains("http://purl.org/pan-science/PaNET/PaNET01022"))
        let unknown = try PanetProcess.run(["validate", "--only", "duplicate_labels"])
        #expect(unknown.status == 64)
        #expect(unknown.standardError.contains("unknown rule 'duplicate_labels'"))
        let badConfig = try TestPaths.writeTemporaryFile("missing_label\n  dupe_label PaNET01188\n", named: "bad.conf")
        let bad = try PanetProcess.run(["validate", "--config", badConfig])
        #expect(bad.status == 2)
        #expect(bad.standardError.contains("bad.conf:2:3: unknown rule 'dupe_label'"))
    }

    @Test("validate on a ROBOT template says so and points at panet build")
    func validateTemplate() throws {
        try #require(TestPaths.hasShared, "../shared is missing")
        let result = try PanetProcess.run(["validate", TestPaths.shared("ontology/source/PaNET.csv")])
        #expect(result.status == 2)
        #expect(result.standardError.contains("PaNET.csv: this is a ROBOT template (CSV/TSV), not an ontology; build it with 'panet build"))
        let renamed = try TestPaths.writeTemporaryFile("ID,Label,Parent\nID,LABEL,SC %\nex:a,alpha,\n", named: "template.txt")
        #expect(try PanetProcess.run(["validate", renamed]).standardError.contains("ROBOT template"))
    }
}
