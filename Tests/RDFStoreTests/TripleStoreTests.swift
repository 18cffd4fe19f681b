import RDFModel
import RDFStore
import TestSupport
import Testing

@Suite("TripleStore")
struct TripleStoreTests {
    static func term(_ index: Int) -> Term {
        switch index % 3 {
        case 0: return .iri("http://e/\(index)")
        case 1: return .blankNode("b\(index)")
        default: return .literal("v\(index)")
        }
    }

    @Test("random inserts and removals agree with a Set reference model", arguments: [1, 2, 3, 4])
    func agreesWithReferenceModel(seed: UInt64) {
        var generator = SeededGenerator(state: seed)
        var store = TripleStore()
        var reference: Set<Quad> = []
        for step in 0..<2000 {
            let subject = Term.iri("http://e/s\(generator.next(20))")
            let predicate = Term.iri("http://e/p\(generator.next(5))")
            let object = Self.term(generator.next(30))
            let graph: Term? = generator.next(4) == 0 ? .iri("http://e/g\(generator.next(2))") : nil
            let quad = Quad(subject, predicate, object, graph: graph)
            if generator.next(3) == 0 {
                let removed = store.remove(quad.triple, graph: graph)
                #expect(removed == (reference.remove(quad) != nil), "step \(step)")
            } else {
                let inserted = store.insert(quad.triple, graph: graph)
                #expect(inserted == reference.insert(quad).inserted, "step \(step)")
            }
        }
        #expect(store.count == reference.count)
        // Every pattern shape, in the default graph and across all graphs, matches the reference.
        for subject in [nil, Term.iri("http://e/s3")] {
            for predicate in [nil, Term.iri("http://e/p1")] {
                for object in [nil, Self.term(6)] {
                    let expected = reference.filter {
                        $0.graph == nil && (subject == nil || $0.subject == subject)
                            && (predicate == nil || $0.predicate == predicate) && (object == nil || $0.object == object)
                    }.map(\.triple)
                    #expect(Set(store.triples(subject: subject, predicate: predicate, object: object)) == Set(expected))
                    var pattern = IDPattern(graph: nil)
                    if let subject { pattern.subject = store.id(of: subject) ?? 0 }
                    if let predicate { pattern.predicate = store.id(of: predicate) ?? 0 }
                    if let object { pattern.object = store.id(of: object) ?? 0 }
                    let all = reference.filter {
                        (subject == nil || $0.subject == subject) && (predicate == nil || $0.predicate == predicate)
                            && (object == nil || $0.object == object)
                    }
                    #expect(store.count(pattern) == all.count)
                    // The first match, across all graphs and in the default graph alone, is the
                    // first of the full match list (and present exactly when that list is not empty).
                    #expect(store.firstMatch(pattern) == store.matches(pattern).first)
                    var defaultGraph = pattern
                    defaultGraph.graph = 0
                    #expect(store.firstMatch(defaultGraph) == store.matches(defaultGraph).first)
                    #expect((store.firstMatch(defaultGraph) != nil) == !expected.isEmpty)
                }
            }
        }
    }

    @Test("duplicate triples are stored once, in bulk and one by one")
    func setSemantics() {
        var store = TripleStore()
        let triple = Triple(.iri("http://e/s"), .iri("http://e/p"), .literal("o"))
        let first = store.insert(triple)
        let second = store.insert(triple)
        #expect(first && !second)
        let s = store.encode(triple.subject), p = store.encode(triple.predicate), o = store.encode(triple.object)
        store.insert(contentsOf: Array(repeating: IDQuad(subject: s, predicate: p, object: o), count: 5))
        #expect(store.count == 1)
    }

    @Test("counts come from index ranges and match the materialised matches")
    func countsMatchMatches() {
        var store = TripleStore()
        for index in 0..<100 {
            store.insert(Triple(.iri("http://e/s\(index % 10)"), .iri("http://e/p\(index % 3)"), .literal("\(index)")))
        }
        let p = store.id(of: .iri("http://e/p1"))!
        #expect(store.count(IDPattern(predicate: p)) == store.matches(IDPattern(predicate: p)).count)
        #expect(store.count(IDPattern(predicate: p)) == 33)
        #expect(store.distinct(.subject).count == 10)
    }

    @Test("a snapshot round-trips terms and quads")
    func snapshotRoundTrip() throws {
        var store = TripleStore()
        store.insert(Triple(.iri("http://e/s"), .iri("http://e/p"), .literal("x", language: "en")))
        store.insert(Triple(.blankNode("b"), .iri("http://e/p"), .literal("01", datatype: XSD.integer)), graph: .iri("http://e/g"))
        var writer = BinaryWriter()
        store.writeSnapshot(to: &writer)
        var reader = BinaryReader(writer.bytes)
        let copy = try TripleStore(snapshot: &reader)
        #expect(Set(copy.triples()) == Set(store.triples()))
        #expect(Set(copy.triples(graph: .iri("http://e/g"))) == Set(store.triples(graph: .iri("http://e/g"))))
        var truncated = BinaryReader(Array(writer.bytes.dropLast(3)))
        #expect(throws: BinaryReadError.self) { _ = try TripleStore(snapshot: &truncated) }
    }
}
