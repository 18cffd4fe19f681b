import OntologyKit
import RDFParsing
import RDFStore
import TestSupport
import Testing

/// Random EL ontologies in normal form: the classifier must agree with a brute-force fixpoint of
/// the completion rules, computed here independently with plain nested loops.
@Suite("EL classifier against a brute-force fixpoint")
struct ReasonerPropertyTests {
    enum Axiom {
        case sub(Int, Int)            // A ⊑ B
        case conj(Int, Int, Int)      // A ⊓ B ⊑ C
        case some(Int, Int, Int)      // A ⊑ ∃r.B
        case someLeft(Int, Int, Int)  // ∃r.A ⊑ B
        case bottom(Int)              // A ⊑ ⊥
        case role(Int, Int)           // r ⊑ s
        case chain(Int, Int, Int)     // r ∘ s ⊑ t
        case conj3(Int, Int, Int, Int)          // A ⊓ B ⊓ C ⊑ D
        case conjSome(Int, Int, Int, Int)       // A ⊓ ∃r.B ⊑ C
        case equivalent(Int, Int, Int, Int)     // D ≡ A ⊓ ∃r.B
    }

    /// Random axioms; with `definitions`, a quarter of them are nested conjunctions and
    /// definitions D ≡ A ⊓ ∃r.B, the shape of PaNET's techniques.
    static func randomOntology(seed: UInt64, classes: Int, roles: Int, axioms: Int, definitions: Bool = false) -> [Axiom] {
        var g = SeededGenerator(state: seed)
        var result: [Axiom] = []
        for _ in 0..<axioms {
            if definitions && g.next(4) == 0 {
                switch g.next(3) {
                case 0: result.append(.conj3(g.next(classes), g.next(classes), g.next(classes), g.next(classes)))
                case 1: result.append(.conjSome(g.next(classes), g.next(roles), g.next(classes), g.next(classes)))
                default: result.append(.equivalent(g.next(classes), g.next(classes), g.next(roles), g.next(classes)))
                }
                continue
            }
            switch g.next(20) {
            case 0..<6: result.append(.sub(g.next(classes), g.next(classes)))
            case 6..<9: result.append(.conj(g.next(classes), g.next(classes), g.next(classes)))
            case 9..<13: result.append(.some(g.next(classes), g.next(roles), g.next(classes)))
            case 13..<17: result.append(.someLeft(g.next(roles), g.next(classes), g.next(classes)))
            case 17: result.append(.bottom(g.next(classes)))
            case 18: result.append(.role(g.next(roles), g.next(roles)))
            default: result.append(.chain(g.next(roles), g.next(roles), g.next(roles)))
            }
        }
        return result
    }

    static func turtle(_ axioms: [Axiom], classes: Int) -> String {
        var text = """
            @prefix : <http://e/> .
            @prefix owl: <http://www.w3.org/2002/07/owl#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

            """
        for index in 0..<classes { text += ":C\(index) a owl:Class .\n" }
        func some(_ r: Int, _ c: Int) -> String { "[ a owl:Restriction ; owl:onProperty :r\(r) ; owl:someValuesFrom :C\(c) ]" }
        for axiom in axioms {
            switch axiom {
            case .sub(let a, let b): text += ":C\(a) rdfs:subClassOf :C\(b) .\n"
            case .conj(let a, let b, let c): text += "[ owl:intersectionOf ( :C\(a) :C\(b) ) ] rdfs:subClassOf :C\(c) .\n"
            case .some(let a, let r, let b): text += ":C\(a) rdfs:subClassOf \(some(r, b)) .\n"
            case .someLeft(let r, let a, let b): text += "\(some(r, a)) rdfs:subClassOf :C\(b) .\n"
            case .bottom(let a): text += ":C\(a) rdfs:subClassOf owl:Nothing .\n"
            case .role(let r, let s): text += ":r\(r) rdfs:subPropertyOf :r\(s) .\n"
            case .chain(let r, let s, let t): text += ":r\(t) owl:propertyChainAxiom ( :r\(r) :r\(s) ) .\n"
            case .conj3(let a, let b, let c, let d):
                text += "[ owl:intersectionOf ( :C\(a) :C\(b) :C\(c) ) ] rdfs:subClassOf :C\(d) .\n"
            case .conjSome(let a, let r, let b, let c):
                text += "[ owl:intersectionOf ( :C\(a) \(some(r, b)) ) ] rdfs:subClassOf :C\(c) .\n"
            case .equivalent(let d, let a, let r, let b):
                text += ":C\(d) owl:equivalentClass [ owl:intersectionOf ( :C\(a) \(some(r, b)) ) ] .\n"
            }
        }
        return text
    }

    /// Subsumers per class (index `classes` stands for ⊥), by naive iteration to a fixpoint.
    static func bruteForce(_ axioms: [Axiom], classes: Int, roles: Int) -> [Set<Int>] {
        let bottom = classes
        var s = (0..<classes).map { Set([$0]) }
        var r = [Set<[Int]>](repeating: [], count: roles)
        var changed = true
        while changed {
            changed = false
            func add(_ x: Int, _ c: Int) { if s[x].insert(c).inserted { changed = true } }
            func link(_ role: Int, _ x: Int, _ y: Int) { if r[role].insert([x, y]).inserted { changed = true } }
            for x in 0..<classes {
                for axiom in axioms {
                    switch axiom {
                    case .sub(let a, let b): if s[x].contains(a) { add(x, b) }
                    case .conj(let a, let b, let c): if s[x].contains(a) && s[x].contains(b) { add(x, c) }
                    case .some(let a, let role, let b): if s[x].contains(a) { link(role, x, b) }
                    case .bottom(let a): if s[x].contains(a) { add(x, bottom) }
                    case .conj3(let a, let b, let c, let d):
                        if s[x].contains(a) && s[x].contains(b) && s[x].contains(c) { add(x, d) }
                    case .conjSome(let a, let role, let b, let c):
                        if s[x].contains(a) && r[role].contains(where: { $0[0] == x && s[$0[1]].contains(b) }) { add(x, c) }
                    case .equivalent(let d, let a, let role, let b):
                        if s[x].contains(d) { add(x, a); link(role, x, b) }
                        if s[x].contains(a) && r[role].contains(where: { $0[0] == x && s[$0[1]].contains(b) }) { add(x, d) }
                    default: break
                    }
                }
            }
            for axiom in axioms {
                switch axiom {
                case .someLeft(let role, let a, let b):
                    for pair in r[role] where s[pair[1]].contains(a) { add(pair[0], b) }
                case .role(let sub, let sup):
                    for pair in r[sub] { link(sup, pair[0], pair[1]) }
                case .chain(let first, let second, let sup):
                    for left in r[first] { for right in r[second] where left[1] == right[0] { link(sup, left[0], right[1]) } }
                default: break
                }
            }
            for role in 0..<roles { for pair in r[role] where s[pair[1]].contains(bottom) { add(pair[0], bottom) } }
        }
        return s
    }

    /// Classifies `axioms` and compares every class's superclasses and satisfiability with the fixpoint.
    static func expectAgreement(_ axioms: [Axiom], classes: Int, roles: Int, seed: UInt64) throws {
        let store = try TripleStore(loading: .text(turtle(axioms, classes: classes), name: "random.ttl"), format: .turtle)
        let ontology = Ontology(store: store)
        let classification = ontology.classify()
        let expected = bruteForce(axioms, classes: classes, roles: roles)
        for index in 0..<classes {
            let id = try #require(ontology.classID(of: "http://e/C\(index)"))
            let unsatisfiable = expected[index].contains(classes)
            #expect(classification.unsatisfiable.contains(id) == unsatisfiable, "seed \(seed): C\(index) satisfiability")
            guard !unsatisfiable else { continue }
            let inferred = Set(classification.hierarchy.superclasses[Int(id)].map { ontology[$0].shortID })
            let brute = Set(expected[index].filter { $0 != index && !expected[$0].contains(classes) }.map { "C\($0)" })
            #expect(inferred == brute, "seed \(seed): superclasses of C\(index)")
        }
    }

    @Test("classification equals the brute-force fixpoint", arguments: Array(UInt64(1)...UInt64(40)))
    func agreesWithBruteForce(seed: UInt64) throws {
        let axioms = Self.randomOntology(seed: seed, classes: 12, roles: 3, axioms: 30)
        try Self.expectAgreement(axioms, classes: 12, roles: 3, seed: seed)
    }

    @Test("with nested conjunctions and definitions, classification equals the brute-force fixpoint",
          arguments: Array(UInt64(1)...UInt64(60)))
    func definitionsAgreeWithBruteForce(seed: UInt64) throws {
        let axioms = Self.randomOntology(seed: seed &* 7919, classes: 14, roles: 3, axioms: 36, definitions: true)
        try Self.expectAgreement(axioms, classes: 14, roles: 3, seed: seed)
    }
}
