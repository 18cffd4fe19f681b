import Foundation
import OWLModel
import OWLParsing
import RDFModel
import RDFParsing
import RDFStore
import TestSupport
import Testing

/// Parses Turtle with the project's loader.
func turtleTriples(_ text: String) throws -> [Triple] {
    try TripleStore(loading: .text(text, name: "expected.ttl"), format: .turtle).triples()
}

func readOWLXML(_ text: String, path: String = "test.owx", baseIRI: String? = nil) throws(OWLParsingError) -> OWLOntologyDocument {
    try OWLXMLReader.read(bytes: Array(text.utf8), path: path, baseIRI: baseIRI)
}

func readOFN(_ text: String, path: String = "test.ofn") throws(OWLParsingError) -> OWLOntologyDocument {
    try FunctionalSyntaxReader.read(bytes: Array(text.utf8), path: path)
}

@Suite struct ESRFETReadingTests {
    static let path = TestPaths.shared("ontology/facility/ESRFET.owl")

    func count(_ document: OWLOntologyDocument, _ matches: (OWLAxiomContent) -> Bool) -> Int {
        document.axioms.filter { matches($0.content) }.count
    }

    /// Counts checked with grep on the file: 282 `<Declaration>` (247 of classes), 172
    /// `<SubClassOf>`, 82 `<EquivalentClasses>`, 577 `<AnnotationAssertion>`, 1142 axioms in all,
    /// 14 ontology `<Annotation>`s, one `<ObjectUnionOf>`, one `<DatatypeRestriction>`.
    @Test("ESRFET.owl (OWL/XML) reads with the axiom counts grep finds")
    func esrfet() throws {
        guard TestPaths.hasShared else { return }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.path)))
        let document = try OWLXMLReader.read(bytes: bytes, path: Self.path)
        #expect(document.ontologyIRI == "https://w3id.org/PaN/ESRFET")
        #expect(document.versionIRI == "https://w3id.org/PaN/ESRFET/v0.1.0")
        #expect(document.imports == ["http://purl.org/pan-science/PaNET/PaNET.owl"])
        #expect(document.annotations.count == 14)
        #expect(document.axioms.count == 1142)
        #expect(count(document) { if case .declaration = $0 { true } else { false } } == 282)
        #expect(count(document) { if case .declaration(let entity) = $0 { entity.kind == .class } else { false } } == 247)
        #expect(count(document) { if case .subClassOf = $0 { true } else { false } } == 172)
        #expect(count(document) { if case .equivalentClasses = $0 { true } else { false } } == 82)
        #expect(count(document) { if case .annotationAssertion = $0 { true } else { false } } == 577)
        #expect(document.prefixes.namespace(for: "ESRFET") == "https://w3id.org/PaN/ESRFET#")

        // The one union: total_electrons ≡ auger_electrons ⊔ photo_electrons (relative IRIs resolved by xml:base).
        let ns = "https://w3id.org/PaN/ESRFET#"
        #expect(document.axioms.contains(OWLAxiom(.equivalentClasses([
            .class(ns + "total_electrons"), .objectUnionOf([.class(ns + "auger_electrons"), .class(ns + "photo_electrons")])]))))
        var unions = 0
        var restrictions: [OWLDataRange] = []
        func walk(_ expression: OWLClassExpression) {
            switch expression {
            case .objectUnionOf(let operands): unions += 1; operands.forEach(walk)
            case .objectIntersectionOf(let operands): operands.forEach(walk)
            case .objectSomeValuesFrom(_, let filler): walk(filler)
            case .dataSomeValuesFrom(_, let range): if case .restriction = range { restrictions.append(range) }
            default: break
            }
        }
        for axiom in document.axioms {
            if case .equivalentClasses(let classes) = axiom.content { classes.forEach(walk) }
            if case .subClassOf(let sub, let sup) = axiom.content { walk(sub); walk(sup) }
        }
        #expect(unions == 1)
        #expect(restrictions == [.restriction(datatype: XSD.float, facets: [
            OWLFacetRestriction(facet: XSD.namespace + "minInclusive", value: Literal("5.0", datatype: XSD.float))])])
        // Anonymous individuals keep their node ids; the created date keeps its datatype.
        #expect(document.annotations.contains(OWLAnnotation(property: "http://purl.org/dc/terms/created",
                                                            value: .literal(Literal("2025-07-07", datatype: XSD.date)))))
        #expect(document.axioms.contains(OWLAxiom(.annotationAssertion(
            property: "http://xmlns.com/foaf/0.1/name", subject: .anonymous("_:genid2147485322"),
            value: .literal(Literal("Giannis Koumoutsos"))))))
        // Its RDF graph loads as N-Triples text through the project's loader, unchanged.
        let triples = document.rdfTriples()
        let reloaded = try TripleStore(loading: .text(NTriplesWriter.string(triples), name: "esrfet.nt"), format: .nTriples).triples()
        #expect(GraphIsomorphism.areIsomorphic(reloaded, triples))
        #expect(triples.contains(Triple(.iri(ns + "XAS"), .iri(RDF.type), .iri(OWL.Class))))
    }
}
