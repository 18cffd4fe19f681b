import OntologyKit
import RDFParsing
import RDFStore
import TestSupport
import Testing

/// Own classes (techniques, specifiers) and foreign ones, decided from the data.
@Suite("Term kinds")
struct TermKindTests {
    static func bundled() throws -> ClassifiedOntology {
        try ClassifiedOntology.load(path: TestPaths.bundledOntology, useCache: false)
    }

    static func id(_ kb: ClassifiedOntology, _ iri: String) throws -> ClassID {
        try #require(kb.ontology.classID(of: iri), "no class \(iri)")
    }

    static let panet = "http://purl.org/pan-science/PaNET/"

    @Test("PaNET 1.3.0: foaf:Person and Wikidata Q133900 are foreign, the rest techniques or specifiers")
    func bundledKinds() throws {
        let kb = try Self.bundled()
        let foreign = kb.ontology.classIDs.filter { kb.kind(of: $0) == .foreign }.map { kb.ontology[$0].iri }.sorted()
        #expect(foreign == ["http://xmlns.com/foaf/0.1/Person", "https://www.wikidata.org/wiki/Q133900"])
        #expect(kb.ownClassIDs.count == 505)
        #expect(kb.kind(of: try Self.id(kb, Self.panet + "PaNET00001")) == .technique)
        #expect(kb.kind(of: try Self.id(kb, Self.panet + "PaNET01022")) == .technique)
        #expect(kb.kind(of: try Self.id(kb, Self.panet + "PaNET2000000")) == .specifier)
        #expect(kb.kind(of: try Self.id(kb, Self.panet + "PaNET2020018")) == .specifier)
    }

    @Test("roots, parents and paths speak of own classes only; the complete hierarchy keeps the foreign links")
    func ownHierarchy() throws {
        let kb = try Self.bundled()
        let hierarchy = kb.hierarchy()
        #expect(hierarchy.roots.map { kb.ontology[$0].shortID } == ["PaNET00001", "PaNET2000000"])
        #expect(kb.hierarchy(asserted: true).roots.map { kb.ontology[$0].shortID } == ["PaNET00001", "PaNET2000000"])
        let xrd = try Self.id(kb, Self.panet + "PaNET01216")
        #expect(hierarchy.parents[Int(xrd)].map { kb.ontology[$0].shortID } == ["PaNET01022", "PaNET01184"])
        let ptychography = try Self.id(kb, Self.panet + "PaNET01212")
        let paths = hierarchy.pathsToRoot(from: ptychography)
        #expect(paths.count == 5)
        #expect(paths.allSatisfy { $0.allSatisfy { kb.kind(of: $0) != .foreign } })
        let diffraction = try Self.id(kb, Self.panet + "PaNET01022")
        let wikidata = try Self.id(kb, "https://www.wikidata.org/wiki/Q133900")
        #expect(hierarchy.equivalents[Int(diffraction)].isEmpty)
        #expect(kb.classification.completeHierarchy.equivalents[Int(diffraction)] == [wikidata])
        let elastic = try Self.id(kb, Self.panet + "PaNET01020")
        #expect(!hierarchy.descendants(of: elastic).contains(wikidata))
        #expect(kb.search.search("Q133900").isEmpty)
    }

    @Test("a technique's twin is the specifier with its label, and the other way round")
    func twins() throws {
        let kb = try Self.bundled()
        let technique = try Self.id(kb, Self.panet + "PaNET01022"), specifier = try Self.id(kb, Self.panet + "PaNET2020018")
        #expect(kb.twins(of: technique) == [specifier])
        #expect(kb.twins(of: specifier) == [technique])
        #expect(kb.twins(of: try Self.id(kb, Self.panet + "PaNET01188")).isEmpty)
        let twinned = kb.ownClassIDs.filter { kb.kind(of: $0) == .technique && !kb.twins(of: $0).isEmpty }
        #expect(twinned.count == 71, "71 label twins; the 72nd shared name of PaNET 1.3.0 is a synonym")
    }

    @Test("PaNET 1.1.1: CHMO_0000182, PaNET:dataset, foaf:Person and Q133900 are foreign")
    func previousRelease() throws {
        try #require(TestPaths.hasShared, "../shared is missing")
        let kb = try ClassifiedOntology.load(path: TestPaths.shared("ontology/previous/PaNET-v1.1.1.owl"), useCache: false)
        let foreign = kb.ontology.classIDs.filter { kb.kind(of: $0) == .foreign }.map { kb.ontology[$0].iri }.sorted()
        #expect(foreign == ["PaNET:dataset", "http://purl.obolibrary.org/obo/CHMO_0000182", "http://xmlns.com/foaf/0.1/Person",
                            "https://www.wikidata.org/wiki/Q133900"])
        let dynamical = try Self.id(kb, Self.panet + "PaNET01023")
        #expect(kb.hierarchy().parents[Int(dynamical)].map { kb.ontology[$0].shortID } == ["PaNET01022"])
        #expect(kb.hierarchy(asserted: true).parents[Int(dynamical)].map { kb.ontology[$0].shortID } == ["PaNET01022"])
    }

    @Test("any ontology: OBO ids by their prefix, classes placed under own ones, equivalents stay foreign")
    func generalRule() throws {
        let text = """
            @prefix obo: <http://purl.obolibrary.org/obo/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix ex: <http://example.org/> .
            <http://purl.obolibrary.org/obo/xyz.owl> a owl:Ontology .
            obo:BFO_0000001 a owl:Class .
            obo:BFO_0000002 a owl:Class ; rdfs:subClassOf obo:BFO_0000001 .
            obo:XYZ_0000001 a owl:Class ; rdfs:subClassOf obo:BFO_0000002 .
            obo:XYZ_0000002 a owl:Class ; rdfs:subClassOf obo:XYZ_0000001 .
            ex:narrower a owl:Class ; rdfs:subClassOf obo:XYZ_0000002 .
            ex:same a owl:Class ; owl:equivalentClass obo:XYZ_0000002 .
            ex:middle a owl:Class ; rdfs:subClassOf obo:XYZ_0000001 .
            obo:XYZ_0000003 a owl:Class ; rdfs:subClassOf ex:middle .
            obo:XYZ_0000004 a owl:Class ; rdfs:subClassOf obo:XYZ_0000001 .
            """
        let store = try TripleStore(loading: .text(text, name: "xyz.ttl"), format: .turtle)
        let kb = ClassifiedOntology(ontology: Ontology(store: store, source: "xyz.ttl"))
        func kind(_ iri: String) throws -> TermKind { kb.kind(of: try Self.id(kb, iri)) }
        let obo = "http://purl.obolibrary.org/obo/"
        #expect(try kind(obo + "BFO_0000001") == .foreign)
        #expect(try kind(obo + "BFO_0000002") == .foreign)
        #expect(try kind(obo + "XYZ_0000001") == .technique)
        #expect(try kind("http://example.org/narrower") == .technique)
        #expect(try kind("http://example.org/middle") == .technique)
        #expect(try kind("http://example.org/same") == .foreign)
        let hierarchy = kb.hierarchy()
        #expect(hierarchy.roots.map { kb.ontology[$0].iri } == [obo + "XYZ_0000001"])
        let third = try Self.id(kb, obo + "XYZ_0000003")
        #expect(hierarchy.parents[Int(third)].map { kb.ontology[$0].iri } == ["http://example.org/middle"])
    }

    @Test("a dropped class in the middle of a chain leaves its subclasses under its superclasses")
    func restrictionReduces() {
        // 0 ⊑ 1 ⊑ 2, and 1 is dropped: 0's parent becomes 2.
        let full = ClassHierarchy(superclasses: [[1, 2], [2], []], excluded: [])
        let restricted = full.restricted(to: [true, false, true])
        #expect(restricted.parents == [[2], [], []])
        #expect(restricted.children == [[], [], [0]])
        #expect(restricted.roots == [2])
    }
}
