import Foundation
import TestSupport
import Testing

/// RDF input and output through the `panet` binary: empty documents, strictness, limits, round trips.
@Suite("RDF on the command line")
struct CommandLineRDFTests {
    static func file(_ name: String, _ text: String) throws -> String {
        try TestPaths.writeTemporaryFile(text, named: name)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("an empty or comment-only N-Triples or Turtle file is an empty graph", arguments: [
        ("empty.nt", ""), ("empty.ttl", ""), ("blank.ttl", " \n\t\n"), ("comments.nt", "# nothing here\n\n# yet\n"),
    ])
    func emptyGraph(_ name: String, _ text: String) throws {
        let path = try Self.file(name, text)
        let stats = try PanetProcess.run(["stats", path, "--format", "json"])
        #expect(stats.status == 0, "\(stats.standardError)")
        #expect(try Self.json(stats.standardOutput)["triples"] as? Int == 0)
        #expect(stats.standardError.isEmpty)
        let query = try PanetProcess.run(["query", "SELECT * {?s ?p ?o}", "--data", path, "--format", "json"])
        #expect(query.status == 0, "\(query.standardError)")
        let results = try #require(try Self.json(query.standardOutput)["results"] as? [String: Any])
        #expect((results["bindings"] as? [Any])?.isEmpty == true)
    }

    @Test("an empty RDF/XML file is not well-formed XML: exit 2 with its position")
    func emptyRDFXML() throws {
        for (name, text) in [("empty.owl", ""), ("blank.rdf", "\n  \n")] {
            let path = try Self.file(name, text)
            let result = try PanetProcess.run(["stats", path])
            #expect(result.status == 2)
            let line = text.isEmpty ? 1 : 3
            #expect(result.standardError.hasPrefix("panet: \(path):\(line):"), "\(result.standardError)")
            #expect(result.standardError.contains("not well-formed XML"))
            #expect(result.standardOutput.isEmpty)
        }
    }

    @Test("an empty file given as the ontology stays an error")
    func emptyOntology() throws {
        let path = try Self.file("empty.ttl", "")
        let result = try PanetProcess.run(["lookup", "SAXS", "--ontology", path], environment: ["PANET_NO_CACHE": "1"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("\(path): file is empty"), "\(result.standardError)")
    }

    static let spacedIRIs = """
        <?xml version="1.0"?>
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
          <rdf:Description rdf:about="http://example.org/a b">
            <ex:p rdf:resource="http://example.org/c&gt;d"/>
          </rdf:Description>
          <ex:T rdf:about="http://example.org/x{y}"/>
        </rdf:RDF>

        """

    @Test("RDF/XML IRIs with forbidden characters: exit 2 with the position, or warnings with --lenient")
    func forbiddenIRIs() throws {
        let path = try Self.file("spaced.owl", Self.spacedIRIs)
        let strict = try PanetProcess.run(["stats", path])
        #expect(strict.status == 2)
        #expect(strict.standardError.hasPrefix("panet: \(path):4:5: IRI <http://example.org/a b> holds a space"), "\(strict.standardError)")
        #expect(strict.standardError.split(separator: "\n").count == 1)
        let lenient = try PanetProcess.run(["stats", path, "--lenient", "--format", "json"])
        #expect(lenient.status == 0, "\(lenient.standardError)")
        #expect(try Self.json(lenient.standardOutput)["triples"] as? Int == 2)
        #expect(lenient.standardError.split(separator: "\n").count == 3, "\(lenient.standardError)")
        #expect(lenient.standardError.contains("\(path):6: warning: IRI <http://example.org/x{y}> holds the character '{'"))
    }

    @Test("convert writes what panet reads, for every output syntax", arguments: ["ntriples", "nquads", "turtle"])
    func convertReadsBack(_ target: String) throws {
        let input = try Self.file("spaced.owl", Self.spacedIRIs)
        let directory = try TestPaths.temporaryDirectory()
        let extensions = ["ntriples": "nt", "nquads": "nq", "turtle": "ttl"]
        let output = directory.appendingPathComponent("out.\(extensions[target]!)").path
        let converted = try PanetProcess.run(["convert", input, "--lenient", "--to", target, "-o", output])
        #expect(converted.status == 0, "\(converted.standardError)")
        let written = try String(contentsOfFile: output, encoding: .utf8)
        #expect(written.contains("http://example.org/a%20b") && written.contains("http://example.org/c%3Ed"), "\(written)")
        let stats = try PanetProcess.run(["stats", output, "--format", "json"])
        #expect(stats.status == 0, "\(stats.standardError)")
        #expect(try Self.json(stats.standardOutput)["triples"] as? Int == 2)
    }

    @Test("N-Triples with Turtle shorthand is refused by extension and by --input-format")
    func strictNTriples() throws {
        let text = "<http://e/a> <http://e/b> <http://e/c> ;\n  <http://e/d> <http://e/e> .\n"
        for (name, extra) in [("data.nt", [String]()), ("data.txt", ["--input-format", "ntriples"])] {
            let path = try Self.file(name, text)
            let result = try PanetProcess.run(["stats", path] + extra)
            #expect(result.status == 2)
            #expect(result.standardError.hasPrefix("panet: \(path):1:40: "), "\(result.standardError)")
            #expect(result.standardError.contains("no Turtle abbreviations"), "\(result.standardError)")
        }
        let turtle = try PanetProcess.run(["stats", try Self.file("data.ttl", text), "--format", "json"])
        #expect(try Self.json(turtle.standardOutput)["triples"] as? Int == 2)
    }

    @Test("errors in standard input carry a line and column too", arguments: [
        ("ntriples", "<http://e/s> <http://e/p> \"ok\" .\n<http://e/a> <http://e/b> \"a\\uD800\" .\n", "<stdin>:2:"),
        ("turtle", "@prefix e: <http://e/> .\ne:a e:b f:c .\n", "<stdin>:2:9: undefined prefix 'f:'"),
        ("rdfxml", "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n<foo/></rdf:RDF>\n",
         "<stdin>:3:1: "),
    ])
    func standardInputErrors(_ format: String, _ text: String, _ expected: String) throws {
        let result = try PanetProcess.run(["convert", "-", "--input-format", format, "--to", "ntriples"], input: text)
        #expect(result.status == 2)
        #expect(result.standardError.hasPrefix("panet: \(expected)"), "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
    }
}
