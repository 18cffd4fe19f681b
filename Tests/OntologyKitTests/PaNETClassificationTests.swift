import OntologyKit
import RDFParsing
import RDFStore
import TestSupport
import Testing

/// The classifier must rebuild the released PaNET hierarchy from the unreasoned source.
@Suite("PaNET classification")
struct PaNETClassificationTests {
    static func ontology(_ path: String) throws -> Ontology {
        Ontology(store: try TripleStore(loading: .file(path)), source: path)
    }

    /// Strict (sub, sup) IRI pairs of a hierarchy, equivalences included as two pairs.
    static func pairs(_ ontology: Ontology, _ hierarchy: ClassHierarchy) -> Set<[String]> {
        var result: Set<[String]> = []
        for id in ontology.classIDs {
            for sup in hierarchy.superclasses[Int(id)] { result.insert([ontology[id].iri, ontology[sup].iri]) }
        }
        return result
    }

    @Test("classifying the unreasoned release reproduces the released hierarchy exactly")
    func reproducesReleasedHierarchy() throws {
        try #require(TestPaths.hasShared, "../shared is missing")
        let unreasoned = try Self.ontology(TestPaths.shared("ontology/unreasoned/PaNET-1.3.0-unreasoned.owl"))
        let released = try Self.ontology(TestPaths.shared("ontology/PaNET.owl"))
        let classification = unreasoned.classify()
        // Equivalent classes are stated with owl:equivalentClass in the release, not subClassOf both ways.
        let allInferred = Self.pairs(unreasoned, classification.completeHierarchy)
        let inferred = allInferred.filter { !allInferred.contains([$0[1], $0[0]]) }
        let expected = Self.pairs(released, released.assertedHierarchy())
        let missing = expected.subtracting(inferred).sorted { $0.lexicographicallyPrecedes($1) }
        let extra = inferred.subtracting(expected).sorted { $0.lexicographicallyPrecedes($1) }
        #expect(missing.isEmpty, "not inferred: \(missing.prefix(20))")
        #expect(extra.isEmpty, "inferred but not released: \(extra.prefix(20))")
        #expect(unreasoned.classes.count == 507)
        #expect(classification.unsatisfiable.isEmpty)
    }

    @Test("the classifier finds the four equivalence sets of PaNET 1.3.0")
    func equivalenceSets() throws {
        try #require(TestPaths.hasShared, "../shared is missing")
        let unreasoned = try Self.ontology(TestPaths.shared("ontology/unreasoned/PaNET-1.3.0-unreasoned.owl"))
        let sets = unreasoned.classify().equivalenceSets.map { $0.map { unreasoned[$0].shortID }.sorted() }.sorted { $0[0] < $1[0] }
        #expect(sets == [["PaNET00401", "PaNET01106"], ["PaNET01022", "Q133900"], ["PaNET01107", "PaNET01273"],
                         ["PaNET2014001", "PaNET2020070"]])
    }

    @Test("well-known subsumptions hold in the inferred hierarchy", arguments: [
        ("x-ray powder diffraction", "x-ray diffraction"),
        ("GISAXS", "SAXS"),
        ("EXAFS", "XAS"),
        ("RIXS", "inelastic x-ray scattering"),
        ("ptychography", "diffraction imaging"),
        ("inelastic small angle scattering", "small angle inelastic scattering"),
    ])
    func knownSubsumptions(_ sub: String, _ sup: String) throws {
        try #require(TestPaths.hasShared, "../shared is missing")
        let unreasoned = try Self.ontology(TestPaths.shared("ontology/unreasoned/PaNET-1.3.0-unreasoned.owl"))
        let hierarchy = unreasoned.classify().hierarchy
        let resolver = TermResolver(ontology: unreasoned, hierarchy: hierarchy)
        let subID = try #require(resolver.resolve(sub)?.classID, "cannot resolve \(sub)")
        let supID = try #require(resolver.resolve(sup)?.classID, "cannot resolve \(sup)")
        #expect(hierarchy.isSubclass(subID, of: supID))
    }

    @Test("the released hierarchy has 3,712 strict subsumptions and 4 equivalence sets")
    func releasedCounts() throws {
        try #require(TestPaths.hasShared, "../shared is missing")
        let unreasoned = try Self.ontology(TestPaths.shared("ontology/unreasoned/PaNET-1.3.0-unreasoned.owl"))
        let classification = unreasoned.classify()
        let equivalencePairs = classification.equivalenceSets.reduce(0) { $0 + $1.count * ($1.count - 1) }
        #expect(classification.subsumptionCount - equivalencePairs == 3712)
        #expect(classification.equivalenceSets.count == 4)
    }
}
