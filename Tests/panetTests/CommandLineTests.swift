import Foundation
import TestSupport
import Testing

/// Runs the built `panet` binary as a user would and checks output and exit codes.
@Suite("panet command line")
struct CommandLineTests {
    func run(_ arguments: [String], input: String? = nil) throws -> ProcessResult {
        try PanetProcess.run(arguments, input: input, environment: ["PANET_NO_CACHE": "1"])
    }

    func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    @Test("stats on the bundled ontology reports its triples, classes and version as JSON")
    func stats() throws {
        let result = try run(["stats", "--format", "json"])
        #expect(result.status == 0)
        let object = try #require(try json(result.standardOutput) as? [String: Any])
        #expect(object["triples"] as? Int == 4265)
        #expect(object["classes"] as? Int == 507)
        #expect(object["synonyms"] as? Int == 139)
        #expect(object["version"] as? String == "1.3.0")
        #expect(object["ontology_iri"] as? String == "http://purl.org/pan-science/PaNET/PaNET.owl")
    }

    @Test("the bundled ontology is found from any working directory")
    func anyDirectory() throws {
        let result = try PanetProcess.run(["lookup", "SAXS", "--format", "json"], environment: ["PANET_NO_CACHE": "1"],
                                          currentDirectory: URL(fileURLWithPath: "/"))
        #expect(result.status == 0)
    }

    @Test("lookup prints the term; unknown terms exit 1 with suggestions; empty terms exit 2")
    func lookup() throws {
        let found = try run(["lookup", "GISAXS", "--format", "json"])
        #expect(found.status == 0)
        let object = try #require(try json(found.standardOutput) as? [String: Any])
        #expect(object["id"] as? String == "PaNET01162")
        #expect((object["parents"] as? [[String: Any]])?.isEmpty == false)
        let unknown = try run(["lookup", "small angel x-ray scatering"])
        #expect(unknown.status == 1)
        #expect(unknown.standardError.contains("did you mean"))
        #expect(unknown.standardOutput.isEmpty)
        #expect(try run(["lookup", " "]).status == 2)
    }

    @Test("descendants are inferred by default and asserted on request")
    func descendants() throws {
        let inferred = try run(["descendants", "x-ray diffraction", "--format", "tsv"])
        let asserted = try run(["descendants", "x-ray diffraction", "--format", "tsv", "--asserted",
                                "--ontology", TestPaths.shared("ontology/unreasoned/PaNET-1.3.0-unreasoned.owl")])
        #expect(inferred.status == 0 && asserted.status == 0)
        #expect(inferred.standardOutput.contains("PaNET01101"), "x-ray powder diffraction is an inferred descendant")
        #expect(inferred.standardOutput.split(separator: "\n").count > asserted.standardOutput.split(separator: "\n").count)
    }

    @Test("reason on the unreasoned file finds the released hierarchy and writes it atomically")
    func reason() throws {
        let directory = try TestPaths.temporaryDirectory()
        let output = directory.appendingPathComponent("reasoned.ttl").path
        let result = try run(["reason", "--ontology", TestPaths.shared("ontology/unreasoned/PaNET-1.3.0-unreasoned.owl"),
                              "-o", output, "--format", "json"])
        #expect(result.status == 0)
        let object = try #require(try json(result.standardOutput) as? [String: Any])
        #expect(object["subsumptions"] as? Int == 3712)
        #expect((object["equivalence_sets"] as? [Any])?.count == 4)
        let written = try String(contentsOfFile: output, encoding: .utf8)
        #expect(written.contains("@prefix"))
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(left == ["reasoned.ttl"], "no temporary files left behind")
    }

    @Test("bad RDF input exits 2 with file:line:column and leaves no output file", arguments: [
        ("bad.ttl", "@prefix a: <http://a/> .\na:x a:y ex:z .\n", "bad.ttl:2:9"),
        ("bad.nt", "<http://a> <http://b> \"x\\q\" .\n", "bad.nt:1:"),
        ("bad.owl", "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n<rdf:Description>\n", "bad.owl:4:1"),
        ("empty.owl", "", "empty.owl:1:1: not well-formed XML"),
    ])
    func badInput(_ name: String, _ content: String, _ expected: String) throws {
        let directory = try TestPaths.temporaryDirectory()
        let input = directory.appendingPathComponent(name)
        try Data(content.utf8).write(to: input)
        let output = directory.appendingPathComponent("out.nt").path
        let result = try run(["convert", input.path, "--to", "ntriples", "-o", output])
        #expect(result.status == 2)
        #expect(result.standardError.contains(expected), "\(result.standardError)")
        #expect(result.standardError.split(separator: "\n").count == 1, "one-line error")
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == [name])
    }

    @Test("missing files and directories exit 2; bad usage exits 64")
    func exitCodes() throws {
        #expect(try run(["stats", "/nonexistent.ttl"]).status == 2)
        #expect(try run(["stats", NSTemporaryDirectory()]).status == 2)
        #expect(try run(["stats", "--format", "xml"]).status == 64)
        #expect(try run(["convert", "x.ttl"]).status == 64)
        #expect(try run(["search", "x", "--limit", "0"]).status == 64)
    }

    @Test("convert reads stdin and writes N-Triples and Turtle")
    func convert() throws {
        let input = "@prefix ex: <http://example.org/> . ex:s ex:p \"01\"^^<http://www.w3.org/2001/XMLSchema#integer> ; ex:q [ ex:r ex:o ] ."
        let nt = try run(["convert", "-", "--input-format", "turtle", "--to", "ntriples"], input: input)
        #expect(nt.status == 0)
        #expect(nt.standardOutput.contains("\"01\"^^<http://www.w3.org/2001/XMLSchema#integer>"))
        #expect(nt.standardOutput.split(separator: "\n").count == 3)
        let ttl = try run(["convert", "-", "--input-format", "turtle", "--to", "turtle"], input: input)
        #expect(ttl.standardOutput.contains("["), "a blank node used once is written inline")
    }

    @Test("tree and path print a readable hierarchy")
    func treeAndPath() throws {
        let tree = try run(["tree", "SAXS", "--depth", "1"])
        #expect(tree.status == 0)
        #expect(tree.standardOutput.hasPrefix("small angle x-ray scattering (PaNET01188)\n  "))
        let path = try run(["path", "GISAXS"])
        #expect(path.standardOutput.split(separator: "\n").allSatisfy { $0.hasSuffix("photon and neutron technique (PaNET00001)") })
    }

    @Test("the plain forms of the term commands answer exactly as the full argument parser does", arguments: [
        ["lookup", "SAXS"],
        ["lookup", "diffraction", "--all", "--format", "json"],
        ["lookup", "small angel x-ray scatering"],
        ["lookup", "PaNET:PaNET01188", "--format=tsv"],
        ["search", "difraction", "--limit", "3", "--format", "json"],
        ["search", "zzzzqqqq"],
        ["parents", "GISAXS", "--format", "tsv"],
        ["children", "x-ray diffraction", "--asserted"],
        ["ancestors", "EXAFS", "--format", "json"],
        ["descendants", "SAXS", "--ontology", TestPaths.shared("ontology/unreasoned/PaNET-1.3.0-unreasoned.owl")],
        ["path", "GISAXS", "--asserted", "--format", "tsv"],
    ])
    func plainFormsMatchTheFullParser(_ arguments: [String]) throws {
        // A `--` before the term sends the same request through ArgumentParser (the plain-form
        // parser declines it), so both must answer alike.
        let options = Array(arguments.dropFirst(2))
        let plain = try run(arguments)
        let parsed = try run([arguments[0]] + options + ["--", arguments[1]])
        #expect(plain.status == parsed.status)
        #expect(plain.standardOutput == parsed.standardOutput)
        #expect(plain.standardError == parsed.standardError)
        #expect(!plain.standardOutput.isEmpty || plain.status != 0)
    }

    @Test("forms the plain-form parser declines still get ArgumentParser's help and errors")
    func declinedFormsGetTheFullParser() throws {
        let help = try run(["lookup", "--help"])
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("USAGE: panet lookup"))
        let badFormat = try run(["lookup", "SAXS", "--format", "xml"])
        #expect(badFormat.status == 64)
        #expect(badFormat.standardError.contains("--format"))
        #expect(try run(["lookup", "SAXS", "GISAXS"]).status == 64)
        #expect(try run(["lookup", "SAXS", "--ontology"]).status == 64)
        #expect(try run(["parents", "SAXS", "--all"]).status == 64)
        #expect(try run(["search", "x", "--limit", "many"]).status == 64)
        #expect(try run(["lookup", "SAXS", "--format", "json", "--format", "tsv"]).status == 0, "ArgumentParser takes the last value")
    }

    @Test("search ranks and scores; nothing found exits 1")
    func search() throws {
        let result = try run(["search", "small angel scattering", "--limit", "3", "--format", "json"])
        #expect(result.status == 0)
        let hits = try #require(try json(result.standardOutput) as? [[String: Any]])
        #expect(hits.first?["id"] as? String == "PaNET01124")
        #expect(try run(["search", "zzzzqqqq"]).status == 1)
    }
}
