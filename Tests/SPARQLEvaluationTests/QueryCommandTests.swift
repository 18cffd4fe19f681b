import Foundation
import TestSupport
import Testing

/// `panet query` as a user runs it: output, exit status and messages.
@Suite("panet query")
struct QueryCommandTests {
    @Test("a SELECT over the bundled ontology prints JSON results")
    func selectJSON() throws {
        let result = try PanetProcess.run(["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "json"])
        #expect(result.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        let bindings = (json?["results"] as? [String: Any])?["bindings"] as? [[String: Any]]
        let value = (bindings?.first?["n"] as? [String: Any])?["value"] as? String
        #expect(value == "4265")
    }

    @Test("a syntax error exits 2 with line and column")
    func syntaxError() throws {
        let result = try PanetProcess.run(["query", "SELECT * WHERE {\n ?s ?p }"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("query:2:8"))
    }

    @Test("--data queries only the given files; --named adds a named graph")
    func dataAndNamed() throws {
        let directory = try TestPaths.temporaryDirectory()
        let data = directory.appendingPathComponent("data.ttl")
        try "<http://example.org/a> <http://example.org/p> \"x\" .\n".write(to: data, atomically: true, encoding: .utf8)
        let named = directory.appendingPathComponent("named.ttl")
        try "<http://example.org/b> <http://example.org/p> \"y\" .\n".write(to: named, atomically: true, encoding: .utf8)
        let result = try PanetProcess.run(["query", "SELECT ?g ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } ORDER BY ?o",
                                           "--data", data.path, "--named", named.path, "--format", "csv"])
        #expect(result.status == 0)
        #expect(result.standardOutput == "g,o\r\n,x\r\n\(URL(fileURLWithPath: named.path).absoluteString),y\r\n")
    }

    @Test("a query file resolves relative IRIs against its location and FROM loads file: IRIs")
    func queryFileAndFrom() throws {
        let directory = try TestPaths.temporaryDirectory()
        try "<http://example.org/a> <http://example.org/p> 1 .\n".write(to: directory.appendingPathComponent("d.ttl"),
                                                                      atomically: true, encoding: .utf8)
        let queryFile = directory.appendingPathComponent("q.rq")
        try "SELECT ?o FROM <d.ttl> WHERE { ?s ?p ?o }".write(to: queryFile, atomically: true, encoding: .utf8)
        let result = try PanetProcess.run(["query", "-f", queryFile.path, "--format", "tsv"])
        #expect(result.status == 0)
        #expect(result.standardOutput == "?o\n1\n")
    }

    @Test("an ASK answered no is a query that ran: it prints the answer and exits 0")
    func askNo() throws {
        let result = try PanetProcess.run(["query", "ASK { <http://example.org/none> ?p ?o }", "--format", "table"])
        #expect(result.status == 0)
        #expect(result.standardOutput == "no\n")
        let json = try PanetProcess.run(["query", "ASK { <http://example.org/none> ?p ?o }", "--format", "json"])
        #expect(json.status == 0)
        #expect(json.standardOutput == "{\"head\":{},\"boolean\":false}\n")
    }

    @Test("CONSTRUCT writes N-Triples")
    func constructNTriples() throws {
        let result = try PanetProcess.run(["query", "CONSTRUCT { ?s a <http://example.org/C> } WHERE { ?s a <http://www.w3.org/2002/07/owl#Ontology> }",
                                           "--format", "ntriples"])
        #expect(result.status == 0)
        #expect(result.standardOutput.hasSuffix("<http://example.org/C> .\n"))
    }

    @Test("--reasoning adds the inferred hierarchy")
    func reasoning() throws {
        let query = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT (COUNT(*) AS ?n) WHERE { ?a rdfs:subClassOf ?b }"
        let plain = try PanetProcess.run(["query", query, "--format", "tsv"])
        let reasoned = try PanetProcess.run(["query", query, "--format", "tsv", "--reasoning"])
        #expect(plain.status == 0 && reasoned.status == 0)
        let before = Int(plain.standardOutput.split(separator: "\n").last ?? "") ?? 0
        let after = Int(reasoned.standardOutput.split(separator: "\n").last ?? "") ?? 0
        #expect(after > before)
    }

    @Test("a timeout stops a runaway query with exit 2")
    func timeout() throws {
        let result = try PanetProcess.run(["query", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "--timeout", "0.2",
                                           "--format", "tsv"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("timed out"))
    }

    @Test("--explain prints the plan")
    func explain() throws {
        let result = try PanetProcess.run(["query", "SELECT * WHERE { ?s a ?c }", "--explain"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("bgp"))
    }

    @Test("common prefixes need no declaration; a query's own PREFIX wins")
    func commonPrefixes() throws {
        let implicit = try PanetProcess.run(["query", "SELECT ?l WHERE { panet:PaNET01188 rdfs:label ?l }", "--format", "tsv"])
        #expect(implicit.status == 0, "\(implicit.standardError)")
        #expect(implicit.standardOutput == "?l\n\"small angle x-ray scattering\"\n")
        let own = try PanetProcess.run(["query", "PREFIX panet: <http://example.org/> ASK { panet:PaNET01188 ?p ?o }",
                                        "--format", "tsv"])
        #expect(own.standardOutput.hasSuffix("false\n"))
        let help = try PanetProcess.run(["query", "--help"])
        #expect(help.standardOutput.contains("panet (http://purl.org/pan-science/PaNET/)"))
    }

    @Test("a query file that is not UTF-8 is refused at its first bad byte, exit 2")
    func queryFileNotUTF8() throws {
        let directory = try TestPaths.temporaryDirectory()
        let queryFile = directory.appendingPathComponent("bad.rq")
        try Data(Array("SELECT * WHERE {\n  ?s ?p \"caf".utf8) + [0xE9] + Array("\" }\n".utf8)).write(to: queryFile)
        let result = try PanetProcess.run(["query", "-f", queryFile.path])
        #expect(result.status == 2)
        #expect(result.standardError == "panet: \(queryFile.path):2:13: not valid UTF-8 (byte 0xE9); save the query as UTF-8\n")
        #expect(result.standardOutput.isEmpty)
        let bom = directory.appendingPathComponent("bom.rq")
        try Data([0xEF, 0xBB, 0xBF] + Array("ASK {}".utf8)).write(to: bom)
        let withBOM = try PanetProcess.run(["query", "-f", bom.path, "--format", "tsv"])
        #expect(withBOM.status == 0, "\(withBOM.standardError)")
    }

    @Test("SERVICE is refused with a short message naming the endpoint, exit 2")
    func service() throws {
        let result = try PanetProcess.run(["query", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"])
        #expect(result.status == 2)
        #expect(result.standardError == "panet: unsupported: SERVICE <http://example.org/sparql>: federated queries are not evaluated (SERVICE SILENT skips the pattern)\n")
    }

    @Test("giving both a query and -f is a usage error")
    func usage() throws {
        let result = try PanetProcess.run(["query", "ASK {}", "-f", "x.rq"])
        #expect(result.status == 64)
    }
}
