import CuratorKit
import OntologyKit
import TestSupport
import Testing

@Suite("Ontology diff")
struct DiffTests {
    static let ns = "http://example.org/onto/"

    static func load(_ path: String) throws -> ClassifiedOntology {
        try ClassifiedOntology.load(path: path, useCache: false)
    }

    static func fixtureDiff() throws -> OntologyDiff {
        OntologyDiff(old: try load(TestPaths.fixture("CuratorKitTests", "diff-old.ttl")),
                     new: try load(TestPaths.fixture("CuratorKitTests", "diff-new.ttl")))
    }

    @Test("added, removed, deprecated and relabelled classes are found")
    func classChanges() throws {
        let diff = try Self.fixtureDiff()
        #expect(diff.added.map(\.iri) == [Self.ns + "D"])
        #expect(diff.removed.map(\.iri) == [Self.ns + "Gone"])
        #expect(diff.hasErrors)
        #expect(diff.deprecated.map(\.term.iri) == [Self.ns + "B"])
        #expect(diff.deprecated.first?.replacedBy.map(\.label) == ["delta"])
        #expect(diff.relabelled == [Relabelling(term: DiffClass(iri: Self.ns + "C", shortID: "C", label: "gamma ray"),
                                                oldLabel: "gamma", newLabel: "gamma ray")])
        #expect(diff.oldVersion == "1.0" && diff.newVersion == "2.0")
    }

    @Test("synonyms and definitions changes are listed per class")
    func annotationChanges() throws {
        let diff = try Self.fixtureDiff()
        #expect(diff.synonymChanges.count == 1)
        #expect(diff.synonymChanges.first?.added == ["A3"])
        #expect(diff.synonymChanges.first?.removed == ["A2"])
        #expect(diff.definitionChanges.map(\.new) == ["New text."])
    }

    @Test("a class moved in the inferred hierarchy shows the parents it gained and lost")
    func moves() throws {
        let diff = try Self.fixtureDiff()
        let move = try #require(diff.moved.first { $0.term.iri == Self.ns + "C" })
        #expect(Set(move.parentsGained.map(\.iri)) == [Self.ns + "A", Self.ns + "D"])
        #expect(move.parentsLost.map(\.iri) == [Self.ns + "Root"])
    }

    @Test("release notes have a section per change, removals first")
    func releaseNotes() throws {
        let notes = try Self.fixtureDiff().releaseNotes(oldName: "old.ttl", newName: "new.ttl")
        #expect(notes.hasPrefix("# Changes from 1.0 to 2.0\n"))
        let removed = try #require(notes.range(of: "## Removed"))
        let added = try #require(notes.range(of: "## Added (1)"))
        #expect(removed.lowerBound < added.lowerBound)
        #expect(notes.contains("- delta (`D`)"))
        #expect(notes.contains("`C`: 'gamma' → 'gamma ray'"))
    }

    @Test("PaNET 1.1.1 → 1.3.0: 131 classes added, PaNET00000 removed, one class relabelled; foreign classes are no terms")
    func panetReleases() throws {
        try #require(TestPaths.hasShared, "../shared is missing")
        let diff = OntologyDiff(old: try Self.load(TestPaths.shared("ontology/previous/PaNET-v1.1.1.owl")),
                                new: try Self.load(TestPaths.shared("ontology/PaNET.owl")))
        #expect(diff.added.count == 131)
        #expect(diff.added.contains { $0.shortID == "PaNET2020018" && $0.label == "diffraction" })
        // CHMO_0000182 (≡ diffraction in 1.1.1) and the unexpanded CURIE class PaNET:dataset are foreign.
        #expect(diff.removed.map(\.iri) == ["http://purl.org/pan-science/PaNET/PaNET00000"])
        let foreign = ["http://purl.obolibrary.org/obo/CHMO_0000182", "https://www.wikidata.org/wiki/Q133900"]
        #expect(!diff.moved.contains { move in (move.parentsGained + move.parentsLost).contains { foreign.contains($0.iri) } })
        #expect(diff.relabelled == [Relabelling(
            term: DiffClass(iri: "http://purl.org/pan-science/PaNET/PaNET01316", shortID: "PaNET01316",
                            label: "grazing incidence wide angle x-ray scattering"),
            oldLabel: "grazing incidence wide angle scattering", newLabel: "grazing incidence wide angle x-ray scattering")])
        #expect(diff.deprecated.isEmpty)
        #expect(diff.hasErrors)
    }

    @Test("a foreign class dropped from the new release is neither removed nor a lost parent")
    func foreignLinks() throws {
        let header = """
            @prefix : <http://example.org/onto/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            <http://example.org/onto.owl> a owl:Ontology .
            :Root a owl:Class . :A a owl:Class ; rdfs:subClassOf :Root .

            """
        let old = try TestPaths.writeTemporaryFile(header + """
            <http://www.wikidata.org/entity/Q1> a owl:Class ; owl:equivalentClass :A .
            :B a owl:Class ; rdfs:subClassOf :A , <http://www.wikidata.org/entity/Q1> .
            """, named: "foreign-old.ttl")
        let new = try TestPaths.writeTemporaryFile(header + ":B a owl:Class ; rdfs:subClassOf :A .\n", named: "foreign-new.ttl")
        let diff = OntologyDiff(old: try Self.load(old), new: try Self.load(new))
        #expect(diff.removed.isEmpty && diff.added.isEmpty)
        #expect(diff.moved.isEmpty)
        #expect(!diff.hasErrors)
    }
}
