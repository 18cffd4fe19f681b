import Foundation
import OntologyKit
import RDFParsing
import RDFStore
import TestSupport
import Testing

/// Justifications must entail their question and be minimal, checked by reasoning on exactly the
/// returned axioms and on each of them less one.
@Suite("Justifications")
struct JustificationTests {
    static let unreasonedPath = "ontology/unreasoned/PaNET-1.3.0-unreasoned.owl"

    static func expectJustified(_ justifications: Justifications, _ entailment: Entailment, _ axioms: [LogicalAxiom],
                                comment: String) {
        for set in justifications.sets {
            let chosen = set.map { axioms[$0] }
            #expect(entailment.holds(in: chosen), "does not entail: \(comment)")
            for dropped in chosen.indices {
                var smaller = chosen
                smaller.remove(at: dropped)
                #expect(!entailment.holds(in: smaller), "not minimal, \(chosen[dropped]) is not needed: \(comment)")
            }
        }
        #expect(Set(justifications.sets).count == justifications.sets.count, "a justification repeats: \(comment)")
    }

    @Test("reading axioms whole and classifying them agrees with the classifier on PaNET")
    func logicalAxiomsClassifyLikeTheStore() throws {
        try #require(TestPaths.hasShared, "../shared is missing")
        let ontology = Ontology(store: try TripleStore(loading: .file(TestPaths.shared(Self.unreasonedPath))))
        let expected = ontology.classify()
        let axioms = ontology.logicalAxioms()
        for id in ontology.classIDs.prefix(60) {
            for sup in expected.completeHierarchy.superclasses[Int(id)] {
                #expect(Entailment(sub: ontology[id].iri, sup: ontology[sup].iri).holds(in: axioms))
            }
        }
    }

    @Test("on PaNET, justifications of inferred links, the deepest included, entail them and are minimal")
    func panetJustificationsAreMinimal() throws {
        try #require(TestPaths.hasShared, "../shared is missing")
        let ontology = Ontology(store: try TripleStore(loading: .file(TestPaths.shared(Self.unreasonedPath))))
        let classification = ontology.classify()
        let hierarchy = classification.completeHierarchy
        let asserted = ontology.assertedHierarchy()
        // Inferred, not asserted: every 40th class's farthest ancestor, plus the pair with the most ancestors.
        var pairs: [(ClassID, ClassID)] = []
        for id in ontology.classIDs where Int(id) % 40 == 0 {
            let inferred = hierarchy.superclasses[Int(id)].filter { !asserted.superclasses[Int(id)].contains($0) }
            if let far = inferred.min(by: { hierarchy.superclasses[Int($0)].count < hierarchy.superclasses[Int($1)].count }) {
                pairs.append((id, far))
            }
        }
        let deepest = try #require(ontology.classIDs.max { hierarchy.superclasses[Int($0)].count < hierarchy.superclasses[Int($1)].count })
        let root = try #require(hierarchy.superclasses[Int(deepest)].min { hierarchy.superclasses[Int($0)].count < hierarchy.superclasses[Int($1)].count })
        pairs.append((deepest, root))
        #expect(pairs.count >= 8)
        let axioms = ontology.logicalAxioms()
        for (sub, sup) in pairs {
            let entailment = Entailment(sub: ontology[sub].iri, sup: ontology[sup].iri)
            let found = try #require(Justifications.find(entailment, in: axioms, limit: 4))
            #expect(!found.sets.isEmpty)
            Self.expectJustified(found, entailment, axioms, comment: "\(ontology[sub].shortID) ⊑ \(ontology[sup].shortID)")
        }
    }

    @Test("an asserted subclass link is its own one-axiom explanation")
    func assertedLinkExplainsItself() throws {
        let text = """
            @prefix : <http://e/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            :A a owl:Class . :B a owl:Class . :C a owl:Class .
            :A rdfs:subClassOf :C . :C rdfs:subClassOf :B . :A rdfs:subClassOf :B .
            """
        let ontology = Ontology(store: try TripleStore(loading: .text(text, name: "t.ttl"), format: .turtle))
        let axioms = ontology.logicalAxioms()
        let entailment = Entailment(sub: "http://e/A", sup: "http://e/B")
        let one = try #require(Justifications.find(entailment, in: axioms))
        #expect(one.sets.map { $0.map { axioms[$0] } } == [[.subClassOf(.named("http://e/A"), .named("http://e/B"))]])
        let all = try #require(Justifications.find(entailment, in: axioms, limit: 10))
        #expect(all.sets.count == 2)
        #expect(all.isComplete)
        Self.expectJustified(all, entailment, axioms, comment: "A ⊑ B")
    }

    @Test("a pair that is not entailed has no justification; unsatisfiability has its own")
    func notEntailedAndUnsatisfiable() throws {
        let text = """
            @prefix : <http://e/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            :A a owl:Class . :B a owl:Class . :C a owl:Class . :D a owl:Class .
            :A rdfs:subClassOf :B , :C . :B owl:disjointWith :C . :D rdfs:subClassOf :B .
            """
        let ontology = Ontology(store: try TripleStore(loading: .text(text, name: "t.ttl"), format: .turtle))
        let axioms = ontology.logicalAxioms()
        #expect(Justifications.find(Entailment(sub: "http://e/D", sup: "http://e/C"), in: axioms) == nil)
        let entailment = Entailment(sub: "http://e/A", sup: nil)
        let found = try #require(Justifications.find(entailment, in: axioms, limit: 10))
        #expect(found.sets.count == 1 && found.sets[0].count == 3)
        Self.expectJustified(found, entailment, axioms, comment: "A ⊑ ⊥")
    }

    @Test("on random EL ontologies every justification found entails and is minimal", arguments: Array(UInt64(1)...UInt64(25)))
    func randomOntologies(seed: UInt64) throws {
        let random = ReasonerPropertyTests.randomOntology(seed: seed &* 104_729, classes: 10, roles: 3, axioms: 26, definitions: true)
        let store = try TripleStore(loading: .text(ReasonerPropertyTests.turtle(random, classes: 10), name: "random.ttl"), format: .turtle)
        let ontology = Ontology(store: store)
        let classification = ontology.classify()
        let axioms = ontology.logicalAxioms()
        for id in ontology.classIDs {
            let question = classification.unsatisfiable.contains(id)
                ? [Entailment(sub: ontology[id].iri, sup: nil)]
                : classification.completeHierarchy.superclasses[Int(id)].map { Entailment(sub: ontology[id].iri, sup: ontology[$0].iri) }
            for entailment in question {
                let found = try #require(Justifications.find(entailment, in: axioms, limit: 5), "seed \(seed): \(entailment)")
                Self.expectJustified(found, entailment, axioms, comment: "seed \(seed): \(entailment)")
            }
        }
        for id in ontology.classIDs where !classification.unsatisfiable.contains(id) {
            for other in ontology.classIDs where other != id && !classification.completeHierarchy.superclasses[Int(id)].contains(other) {
                #expect(Justifications.find(Entailment(sub: ontology[id].iri, sup: ontology[other].iri), in: axioms) == nil)
            }
        }
    }

    @Test("explain prints a justification, exits 1 for a pair not entailed, writes OFN with -o")
    func explainCommand() throws {
        try #require(TestPaths.hasShared, "../shared is missing")
        let path = TestPaths.shared(Self.unreasonedPath)
        let one = try PanetProcess.run(["explain", "x-ray diffraction", "x-ray probe", "--ontology", path])
        #expect(one.status == 0, "\(one.standardError)")
        #expect(one.standardOutput == """
            Justification 1 of x-ray diffraction (PaNET01216) ⊑ x-ray probe (PaNET01012) (1 axioms):
              'x-ray diffraction' EquivalentTo 'x-ray probe' and PaNET01022

            """)
        let no = try PanetProcess.run(["explain", "x-ray diffraction", "neutron probe", "--ontology", path])
        #expect(no.status == 1)
        #expect(no.standardOutput.isEmpty)
        #expect(no.standardError.contains("does not entail x-ray diffraction (PaNET01216) ⊑ neutron probe (PaNET00101)"))
        let unknown = try PanetProcess.run(["explain", "x-ray difraction", "x-ray probe", "--ontology", path])
        #expect(unknown.status == 1)
        #expect(unknown.standardError.contains("x-ray diffraction"))
        let all = try PanetProcess.run(["explain", "x-ray diffraction", "photon and neutron technique", "--all", "--limit", "2",
                                        "--format", "json", "--ontology", path])
        #expect(all.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(all.standardOutput.utf8)) as? [String: Any])
        #expect((object["justifications"] as? [[String]])?.count == 2)
        #expect(object["complete"] as? Bool == false)
        let directory = try TestPaths.temporaryDirectory()
        let file = directory.appendingPathComponent("why.ofn").path
        let ofn = try PanetProcess.run(["explain", "x-ray diffraction", "scattering technique", "--format", "ofn", "-o", file,
                                        "--ontology", path])
        #expect(ofn.status == 0)
        let written = try String(contentsOfFile: file, encoding: .utf8)
        #expect(written.hasPrefix("Prefix(owl:=<http://www.w3.org/2002/07/owl#>)"))
        #expect(written.contains("Declaration(Class(<http://purl.org/pan-science/PaNET/PaNET01216>))"))
        #expect(written.contains("EquivalentClasses(<http://purl.org/pan-science/PaNET/PaNET01216> ObjectIntersectionOf("))
        #expect(written.hasSuffix(")\n"))
    }

    @Test("explain --unsatisfiable explains TERM ⊑ owl:Nothing; a wrong number of terms is a usage error")
    func explainUnsatisfiable() throws {
        let path = try TestPaths.writeTemporaryFile("""
            @prefix : <http://e/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            :A a owl:Class ; rdfs:label "alpha" . :B a owl:Class ; rdfs:label "beta" . :C a owl:Class ; rdfs:label "gamma" .
            :r a owl:ObjectProperty ; rdfs:label "has part" .
            :A rdfs:subClassOf :B , [ a owl:Restriction ; owl:onProperty :r ; owl:someValuesFrom :C ] .
            :B owl:disjointWith :C . :C rdfs:subClassOf owl:Nothing .
            """, named: "unsatisfiable.ttl")
        let result = try PanetProcess.run(["explain", "alpha", "--unsatisfiable", "--all", "--format", "tsv", "--ontology", path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "justification\taxiom\n1\t'alpha' SubClassOf 'has part' some 'gamma'\n"
            + "1\t'gamma' SubClassOf owl:Nothing\n")
        let satisfiable = try PanetProcess.run(["explain", "beta", "--unsatisfiable", "--ontology", path])
        #expect(satisfiable.status == 1)
        #expect(satisfiable.standardError.contains("does not entail beta (B) ⊑ owl:Nothing"))
        #expect(try PanetProcess.run(["explain", "alpha", "--ontology", path]).status == 64)
        #expect(try PanetProcess.run(["explain", "alpha", "beta", "--unsatisfiable", "--ontology", path]).status == 64)
    }
}
