import Foundation
import RDFModel
import RDFParsing
import RDFStore
import TestSupport
import Testing

@Suite("Parsers")
struct ParserBehaviourTests {
    static func write(_ text: String, _ name: String) throws -> String {
        try TestPaths.writeTemporaryFile(text, named: name)
    }

    static func error(_ text: String, _ name: String) throws -> RDFParsingError? {
        let path = try write(text, name)
        do {
            _ = try RDFParser.quads(.file(path))
            return nil
        } catch let error as RDFParsingError {
            return error
        }
    }

    @Test("an undefined prefix is an error at its line and column")
    func undefinedPrefix() throws {
        let error = try #require(try Self.error("@prefix a: <http://a/> .\na:x a:y ex:z .\n", "u.ttl"))
        guard case .syntax(_, let line, let column, let message) = error else { Issue.record("\(error)"); return }
        #expect(line == 2 && column == 9)
        #expect(message.contains("ex:"))
        #expect(error.description.contains("u.ttl:2:9"))
    }

    @Test("bad input is rejected with a position", arguments: [
        ("<http://a> <http://b> \"x\\q\" .\n", "escape.nt", 1),
        ("<http://a b> <http://b> <http://c> .\n", "iri.nt", 1),
        ("<http://a> <http://b> .\n", "short.ttl", 1),
        ("<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n<rdf:Description rdf:about=\"http://x\">\n", "truncated.rdf", 4),
    ])
    func badInput(_ text: String, _ name: String, _ expectedLine: Int) throws {
        let error = try #require(try Self.error(text, name))
        guard case .syntax(let source, let line, _, _) = error else { Issue.record("\(error)"); return }
        #expect(source.hasSuffix(name))
        #expect(line == expectedLine)
    }

    @Test("binary garbage is rejected, not crashed on")
    func garbage() throws {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for name in ["g.ttl", "g.owl", "g.nt"] {
            let url = try TestPaths.temporaryDirectory().appendingPathComponent(name)
            try Data(bytes).write(to: url)
            #expect(throws: RDFParsingError.self) { _ = try RDFParser.quads(.file(url.path)) }
        }
    }

    @Test("missing files and directories give I/O errors naming the path")
    func ioErrors() throws {
        #expect(throws: RDFParsingError.io(path: "/nonexistent/x.ttl", message: "No such file or directory")) {
            _ = try RDFParser.quads(.file("/nonexistent/x.ttl"))
        }
        let directory = try TestPaths.temporaryDirectory().path
        #expect(throws: RDFParsingError.io(path: directory, message: "is a directory, not a file")) {
            _ = try RDFParser.quads(.file(directory), format: .turtle)
        }
    }

    @Test("XML entity expansion bombs are rejected and external entities are never read")
    func xmlEntities() throws {
        var entities = "<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            entities += "<!ENTITY \(name) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
            previous = name
        }
        let bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE rdf:RDF [\(entities)]>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
              <rdf:Description rdf:about="http://example.org/s"><ex:p>&i;</ex:p></rdf:Description>
            </rdf:RDF>
            """
        #expect(throws: RDFParsingError.self) { _ = try RDFParser.quads(.text(bomb, name: "bomb.rdf"), format: .rdfXML) }

        let secret = try Self.write("TOP-SECRET", "secret.txt")
        let xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE rdf:RDF [ <!ENTITY x SYSTEM "file://\(secret)"> ]>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
              <rdf:Description rdf:about="http://example.org/s"><ex:p>&x;</ex:p></rdf:Description>
            </rdf:RDF>
            """
        let quads = (try? RDFParser.quads(.text(xxe, name: "xxe.rdf"), format: .rdfXML)) ?? []
        #expect(!quads.contains { $0.object.literalValue?.lexicalForm.contains("TOP-SECRET") == true })
    }

    @Test("blank nodes of two documents never merge")
    func blankNodeScoping() throws {
        let text = "_:b <http://e/p> \"x\" .\n"
        var store = TripleStore()
        try store.load(.text(text, name: "one.nt"), format: .nTriples)
        try store.load(.text(text, name: "two.nt"), format: .nTriples)
        #expect(store.count == 2)
        #expect(store.distinct(.subject).count == 2)
    }

    @Test("literal lexical forms are kept exactly as written")
    func lexicalForms() throws {
        let quads = try RDFParser.quads(.text("<http://e/s> <http://e/p> \"01\"^^<http://www.w3.org/2001/XMLSchema#integer>, 1.0, true .", name: "l.ttl"),
                                        format: .turtle)
        let forms = Set(quads.compactMap { $0.object.literalValue?.lexicalForm })
        #expect(forms == ["01", "1.0", "true"])
    }

    @Test("relative IRIs resolve against the given base")
    func baseIRI() throws {
        let quads = try RDFParser.quads(.text("<a> <b> <../c> .", name: "r.ttl"), format: .turtle, baseIRI: "http://ex.org/x/y")
        #expect(quads.first?.triple == Triple(.iri("http://ex.org/x/a"), .iri("http://ex.org/x/b"), .iri("http://ex.org/c")))
    }

    @Test("TriG and N-Quads keep named graphs")
    func namedGraphs() throws {
        var store = TripleStore()
        try store.load(.text("<http://e/g> { <http://e/s> <http://e/p> 1 } <http://e/s> <http://e/p> 2 .", name: "d.trig"), format: .trig)
        #expect(store.triples(graph: .iri("http://e/g")).count == 1)
        #expect(store.triples().count == 1)
    }
}

@Suite("Writers")
struct WriterTests {
    static func turtleEvalInputs() -> [String] {
        guard TestPaths.hasShared else { return [] }
        let entries = (try? W3CManifest.entries(at: TestPaths.shared("w3c-tests/rdf/rdf11/rdf-turtle/manifest.ttl"))) ?? []
        return entries.filter { $0.type.hasSuffix("TestTurtleEval") }.compactMap { $0.action.map(W3CTestEntry.path(of:)) }
    }

    @Test("Turtle and N-Triples output re-parse to the same graph (W3C Turtle eval inputs)", arguments: turtleEvalInputs())
    func roundTrip(_ path: String) throws {
        let original = try RDFParser.quads(.file(path), format: .turtle).map(\.triple)
        let turtle = TurtleWriter(prefixes: .standard).string(original)
        let fromTurtle = try RDFParser.quads(.text(turtle, name: "out.ttl"), format: .turtle).map(\.triple)
        #expect(GraphIsomorphism.areIsomorphic(original, fromTurtle), "Turtle:\n\(turtle)")
        let nTriples = NTriplesWriter.string(original)
        let fromNTriples = try RDFParser.quads(.text(nTriples, name: "out.nt"), format: .nTriples).map(\.triple)
        #expect(GraphIsomorphism.areIsomorphic(original, fromNTriples), "N-Triples:\n\(nTriples)")
    }

    @Test("the bundled ontology survives RDF/XML and Turtle round trips")
    func ontologyRoundTrip() throws {
        let original = try RDFParser.quads(.file(TestPaths.bundledOntology)).map(\.triple)
        let xml = try RDFXMLWriter.string(original)
        let fromXML = try RDFParser.quads(.text(xml, name: "out.owl"), format: .rdfXML, baseIRI: "http://example.org/").map(\.triple)
        #expect(GraphIsomorphism.areIsomorphic(original, fromXML))
        let turtle = TurtleWriter().string(original)
        let fromTurtle = try RDFParser.quads(.text(turtle, name: "out.ttl"), format: .turtle).map(\.triple)
        #expect(GraphIsomorphism.areIsomorphic(original, fromTurtle))
    }

    @Test("N-Triples escapes quotes, backslashes, line breaks and control characters")
    func escaping() {
        let literal = Term.literal("a\"b\\c\nd\u{01}")
        #expect(NTriplesWriter.string(literal) == "\"a\\\"b\\\\c\\nd\\u0001\"")
        #expect(NTriplesWriter.string(.iri("http://e/a b")) == "<http://e/a%20b>")
    }
}
