import RDFModel
import RDFParsing
import TestSupport
import Testing

@Suite("RDF/XML writer")
struct RDFXMLWriterTests {
    static func reparse(_ xml: String) throws -> [Triple] {
        try RDFParser.quads(.text(xml, name: "out.owl"), format: .rdfXML, baseIRI: "http://example.org/base/").map(\.triple)
    }

    /// The graphs of the W3C Turtle and RDF/XML evaluation tests.
    static func evalGraphs() -> [String] {
        guard TestPaths.hasShared else { return [] }
        var paths: [String] = []
        for (manifest, type) in [("rdf-turtle", "TestTurtleEval"), ("rdf-xml", "TestXMLEval")] {
            let entries = (try? W3CManifest.entries(at: TestPaths.shared("w3c-tests/rdf/rdf11/\(manifest)/manifest.ttl"))) ?? []
            paths += entries.filter { $0.type.hasSuffix(type) }.compactMap { $0.result.map(W3CTestEntry.path(of:)) }
        }
        return paths
    }

    @Test("the expected graphs of the W3C Turtle and RDF/XML eval tests survive writing and re-parsing as RDF/XML")
    func w3cRoundTrips() throws {
        let paths = RDFXMLWriterTests.evalGraphs()
        try #require(!paths.isEmpty || !TestPaths.hasShared)
        var written = 0, inexpressible: [String] = []
        for path in paths {
            let original = try RDFParser.quads(.file(path), format: .nTriples).map(\.triple)
            let xml: String
            do {
                xml = try RDFXMLWriter.string(original)
            } catch let error as RDFParsingError {
                // Only graphs RDF/XML has no syntax for may be refused.
                #expect(error.description.contains("cannot express"), "\(path): \(error)")
                inexpressible.append(path)
                continue
            }
            written += 1
            let back = try RDFXMLWriterTests.reparse(xml)
            #expect(GraphIsomorphism.areIsomorphic(original, back), "\(path):\n\(xml)")
        }
        // Almost every graph has an RDF/XML form; a writer refusing many would be broken.
        #expect(written >= paths.count * 9 / 10, "refused: \(inexpressible)")
    }

    @Test("typed nodes, nested restrictions and collections, as OWL tools write them")
    func abbreviatedShapes() throws {
        let turtle = """
            @prefix owl: <http://www.w3.org/2002/07/owl#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix ex: <http://example.org/> .
            <http://example.org/onto> a owl:Ontology .
            ex:A a owl:Class ; rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:p ; owl:someValuesFrom ex:B ] .
            ex:C a owl:Class ; owl:equivalentClass [ a owl:Class ; owl:intersectionOf ( ex:A ex:B ) ] .
            ex:D rdfs:label "x" .
            """
        let original = try RDFParser.quads(.text(turtle, name: "in.ttl"), format: .turtle).map(\.triple)
        let xml = try RDFXMLWriter.string(original)
        #expect(xml.contains("<owl:Class rdf:about=\"http://example.org/A\">"))
        #expect(xml.contains("<owl:Restriction>"))
        #expect(xml.contains("rdf:parseType=\"Collection\""))
        #expect(xml.contains("<rdf:Description rdf:about=\"http://example.org/D\">"))
        #expect(!xml.contains("rdf:nodeID"), "blank nodes used once are nested")
        let ontology = try #require(xml.range(of: "owl:Ontology"))
        let firstClass = try #require(xml.range(of: "<owl:Class rdf:about"))
        #expect(ontology.lowerBound < firstClass.lowerBound, "the ontology header comes first")
        #expect(GraphIsomorphism.areIsomorphic(original, try RDFXMLWriterTests.reparse(xml)))
        #expect(try RDFXMLWriter.string(original.reversed()) == xml, "output does not depend on input order")
    }

    @Test("literals keep markup characters, carriage returns, languages and datatypes")
    func literalEscaping() throws {
        let subject = Term.iri("http://example.org/s"), predicate = Term.iri("http://example.org/p")
        let literals: [Term] = [
            .literal("a < b && c > d \"quoted\" ]]>"),
            .literal("line\r\nbreak\ttab"),
            .literal(Literal("chat", language: "fr")),
            .literal(Literal("01", datatype: XSD.integer)),
            .literal(Literal("<b>x</b>", datatype: RDF.XMLLiteral)),
            .literal(""),
        ]
        let triples = literals.map { Triple(subject, predicate, $0) }
        let xml = try RDFXMLWriter.string(triples + [Triple(subject, .iri("http://example.org/q"), .iri("http://example.org/a&b\"c"))])
        // `"` may not stand in an IRI: it is written percent-encoded, `&` as an entity.
        let expected = triples + [Triple(subject, .iri("http://example.org/q"), .iri("http://example.org/a&b%22c"))]
        #expect(GraphIsomorphism.areIsomorphic(expected, try RDFXMLWriterTests.reparse(xml)), "\(xml)")
    }

    @Test("blank nodes used twice, and cycles, get node ids")
    func sharedBlankNodes() throws {
        let a = Term.blankNode("x"), b = Term.blankNode("y"), p = Term.iri("http://example.org/p")
        let triples = [
            Triple(.iri("http://example.org/s1"), p, a), Triple(.iri("http://example.org/s2"), p, a),
            Triple(b, p, b), Triple(a, .iri("http://example.org/name"), .literal("shared")),
        ]
        let xml = try RDFXMLWriter.string(triples)
        #expect(xml.contains("rdf:nodeID"))
        #expect(GraphIsomorphism.areIsomorphic(triples, try RDFXMLWriterTests.reparse(xml)))
    }

    @Test("graphs RDF/XML cannot express are refused with the reason", arguments: [
        Triple(.iri("http://example.org/s"), .iri("http://example.org/123"), .literal("x")),
        Triple(.iri("http://example.org/s"), .iri(RDF.namespace + "li"), .literal("x")),
        Triple(.iri("http://example.org/s"), .iri("http://example.org/p"), .literal("bell\u{07}")),
        Triple(.literal("a literal"), .iri("http://example.org/p"), .literal("o")),
    ])
    func inexpressible(_ triple: Triple) throws {
        #expect {
            _ = try RDFXMLWriter.string([triple])
        } throws: { error in
            "\(error)".contains("cannot express")
        }
    }

    @Test("namespaces without a prefix are declared as ns1, ns2 ...")
    func generatedPrefixes() throws {
        let triples = [Triple(.iri("http://a.example/s"), .iri("http://b.example/vocab#prop"), .iri("http://c.example/o")),
                       Triple(.iri("http://a.example/s"), .iri("http://d.example/terms/other"), .literal("v"))]
        let xml = try RDFXMLWriter.string(triples, prefixes: PrefixMap([]))
        #expect(xml.contains("xmlns:ns1=\"http://b.example/vocab#\""))
        #expect(xml.contains("xmlns:ns2=\"http://d.example/terms/\""))
        #expect(GraphIsomorphism.areIsomorphic(triples, try RDFXMLWriterTests.reparse(xml)))
    }
}
