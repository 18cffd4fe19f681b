import Foundation
import RDFModel
import RDFParsing
import RDFStore
import TestSupport
import Testing

@Suite("Loading with interning")
struct InterningLoadTests {
    static func write(_ text: String, _ name: String) throws -> String {
        try TestPaths.writeTemporaryFile(text, named: name)
    }

    /// Every quad of the store as terms.
    static func quads(_ store: TripleStore) -> Set<Quad> {
        Set(store.matches(IDPattern(graph: nil)).map { quad in
            Quad(store.term(quad.subject), store.term(quad.predicate), store.term(quad.object),
                 graph: quad.graph == 0 ? nil : store.term(quad.graph))
        })
    }

    /// A store built the plain way: parse to quads, then encode each quad's terms in order.
    static func referenceStore(_ source: RDFSource, format: RDFFormat, baseIRI: String? = nil) throws -> TripleStore {
        var store = TripleStore()
        let scope = store.nextDocumentScope()
        var quads: [IDQuad] = []
        try RDFParser.parse(source, format: format, baseIRI: baseIRI, blankNodeScope: scope) { quad in
            let graph = quad.graph.map { store.encode($0) } ?? 0
            let subject = store.encode(quad.subject), predicate = store.encode(quad.predicate)
            quads.append(IDQuad(graph: graph, subject: subject, predicate: predicate, object: store.encode(quad.object)))
        }
        store.insert(contentsOf: quads)
        return store
    }

    @Test("a load reports the document's prefix declarations in order, the last namespace winning")
    func reportsPrefixes() throws {
        let path = try InterningLoadTests.write("""
            @prefix ex: <http://example.org/a#> .
            PREFIX sdo: <http://schema.org/>
            @prefix ex: <http://example.org/b#> .
            ex:s sdo:name "x" .
            """, "prefixes.ttl")
        var store = TripleStore()
        let report = try store.load(.file(path))
        #expect(report.prefixes.map(\.prefix) == ["ex", "sdo"])
        #expect(report.prefixes.map(\.namespace) == ["http://example.org/b#", "http://schema.org/"])
        #expect(store.count == 1)
    }

    @Test("blank nodes with the same label in two files stay distinct after loading both")
    func blankNodesOfTwoFiles() throws {
        let first = try Self.write("_:x <http://e/p> _:y .\n_:y <http://e/p> _:x .\n", "blank-one.nt")
        let second = try Self.write("_:x <http://e/p> _:y .\n_:y <http://e/p> _:x .\n", "blank-two.ttl")
        var store = TripleStore()
        try store.load(.file(first))
        try store.load(.file(second))
        #expect(store.count == 4)
        let blankNodes = Set(store.dictionary.allTerms.map(\.term).filter(\.isBlankNode))
        #expect(blankNodes.count == 4)
        // Within one file, the same label is the same node.
        #expect(store.distinct(.subject).count == 4)
        #expect(store.distinct(.object).count == 4)
    }

    @Test("interning from the parser's buffers gives the same terms, ids and quads", arguments: [
        ("""
        @prefix ex: <http://e/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        @base <http://b/dir/> .
        ex:s ex:p "1"^^xsd:integer, "01"^^xsd:integer, "1", "1"@EN, "1"@en, "1"^^xsd:string, "é", "e\\u0301" ;
            ex:q <rel>, <../up>, <http://abs/x>, _:b1, [ ex:p "nested" ] .
        <rel> ex:p "x"^^<dt> .
        @prefix ex: <http://other/> .
        @base <http://c/> .
        ex:s ex:p "x"^^<dt>, <rel>, "x"^^xsd:integer .
        _:b1 ex:p "日本"@ja, "1"^^ex:dt .
        """, "interning.ttl", RDFFormat.turtle),
        ("""
        <http://e/s> <http://e/p> "a" <http://e/g> .
        <http://e/s> <http://e/p> "a" .
        _:g <http://e/p> _:g _:g .
        <http://e/new> <http://e/p> "b"@de <http://e/g2> .
        """, "interning.nq", RDFFormat.nQuads),
        ("""
        @prefix ex: <http://e/> .
        ex:g1 { ex:s ex:p ex:o . }
        { ex:s ex:p "d" . }
        ex:g2 { ex:g1 ex:p _:x . }
        """, "interning.trig", RDFFormat.trig),
    ])
    func sameAsEncodingQuads(text: String, name: String, format: RDFFormat) throws {
        let path = try Self.write(text, name)
        var store = TripleStore()
        try store.load(.file(path), format: format)
        let reference = try Self.referenceStore(.file(path), format: format)
        #expect(store.dictionary.allTerms.map(\.term) == reference.dictionary.allTerms.map(\.term))
        #expect(store.count == reference.count)
        #expect(Self.quads(store) == Self.quads(reference))
    }

    @Test("a large load agrees with inserting quad by quad")
    func largeLoad() throws {
        var lines = ""
        for index in 0..<3000 {
            lines += "<http://e/s\(index % 397)> <http://e/p\(index % 7)> \"v\(index % 1009)\" .\n"
            lines += "_:b\(index % 50) <http://e/p> <http://e/s\(index % 13)> .\n"
        }
        let path = try Self.write(lines, "large.nt")
        var store = TripleStore()
        try store.load(.file(path))
        let reference = try Self.referenceStore(.file(path), format: .nTriples)
        var oneByOne = TripleStore()
        for quad in Self.quads(reference) { oneByOne.insert(quad.triple, graph: quad.graph) }
        #expect(Self.quads(store) == Self.quads(oneByOne))
        #expect(store.count == oneByOne.count)
        for subject in [Term.iri("http://e/s5"), .iri("http://e/s12")] {
            #expect(Set(store.triples(subject: subject, predicate: nil, object: nil))
                == Set(oneByOne.triples(subject: subject, predicate: nil, object: nil)))
            #expect(Set(store.triples(subject: nil, predicate: nil, object: subject))
                == Set(oneByOne.triples(subject: nil, predicate: nil, object: subject)))
        }
    }
}
