@testable import OntologyKit
import RDFParsing
import RDFStore
import TestSupport
import Testing

@Suite("Snapshot encoding")
struct SnapshotRoundTripTests {
    static let annotated = """
        @prefix : <http://e/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix obo: <http://purl.obolibrary.org/obo/> . @prefix oio: <http://www.geneontology.org/formats/oboInOwl#> .
        <http://e/onto> a owl:Ontology ; owl:versionInfo "2.0" ; owl:versionIRI <http://e/onto/2.0> .
        :r a owl:ObjectProperty .
        :A a owl:Class ; rdfs:label "a"@en , "ein A"@de ; skos:altLabel "alpha" ; oio:hasRelatedSynonym "first"@en ;
           obo:IAO_0000115 "The first class." ; obo:IAO_0000119 "a book" , <http://e/source> ; rdfs:comment "note"@en .
        :B a owl:Class ; rdfs:subClassOf :A , [ a owl:Restriction ; owl:onProperty :r ; owl:someValuesFrom :A ] ;
           owl:deprecated true ; obo:IAO_0100001 :C .
        :C a owl:Class ; owl:equivalentClass :B ; rdfs:label "\u{00e9}t\u{00e9} \\"quoted\\"" .
        :D a owl:Class ; rdfs:subClassOf owl:Nothing .
        """

    @Test("a snapshot gives back the same view, classification and triples", arguments: ["annotated", "bundled"])
    func roundTrip(_ which: String) throws {
        let original: ClassifiedOntology
        if which == "bundled" {
            original = try ClassifiedOntology.load(path: TestPaths.bundledOntology, useCache: false)
        } else {
            let store = try TripleStore(loading: .text(Self.annotated, name: "annotated.ttl"), format: .turtle)
            original = ClassifiedOntology(ontology: Ontology(store: store, source: "annotated.ttl"))
        }
        let decoded = try OntologySnapshot.decode(OntologySnapshot.encode(original), source: original.ontology.source)
        let (a, b) = (original.ontology, decoded.ontology)
        #expect(b.classes == a.classes)
        #expect(b.ontologyIRI == a.ontologyIRI && b.versionIRI == a.versionIRI && b.versionInfo == a.versionInfo)
        #expect(b.objectProperties == a.objectProperties)
        #expect(b.prefixes == a.prefixes)
        for id in a.classIDs { #expect(b.classID(of: a[id].iri) == id) }
        let (h, g) = (original.classification.hierarchy, decoded.classification.hierarchy)
        #expect(g.superclasses == h.superclasses && g.parents == h.parents && g.children == h.children)
        #expect(g.equivalents == h.equivalents && g.excluded == h.excluded)
        let (hc, gc) = (original.classification.completeHierarchy, decoded.classification.completeHierarchy)
        #expect(gc.superclasses == hc.superclasses && gc.parents == hc.parents && gc.equivalents == hc.equivalents)
        #expect(decoded.classification.kinds == original.classification.kinds)
        #expect(decoded.classification.unsatisfiable == original.classification.unsatisfiable)
        #expect(decoded.classification.subsumptionCount == original.classification.subsumptionCount)
        #expect(decoded.classification.ignored == original.classification.ignored)
        #expect(Set(b.store.triples()) == Set(a.store.triples()))
        if which == "annotated" {
            let c = try #require(b.classID(of: "http://e/C"))
            #expect(b[c].label == "été \"quoted\"")
            let bClass = try #require(b.classID(of: "http://e/B"))
            #expect(b[bClass].isDeprecated && b[bClass].replacedBy == ["http://e/C"])
            #expect(decoded.classification.unsatisfiable.map { b[$0].shortID } == ["D"])
        }
    }

    @Test("every truncation of a snapshot is refused, never trapped on")
    func truncations() throws {
        let store = try TripleStore(loading: .text(Self.annotated, name: "annotated.ttl"), format: .turtle)
        let bytes = OntologySnapshot.encode(ClassifiedOntology(ontology: Ontology(store: store)))
        for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 400)) {
            #expect(throws: (any Error).self) { try OntologySnapshot.decode(Array(bytes.prefix(length)), source: "x") }
        }
    }
}
