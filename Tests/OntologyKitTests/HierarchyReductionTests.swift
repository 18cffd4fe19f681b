import OntologyKit
import TestSupport
import Testing

/// The transitive reduction of `ClassHierarchy` against the definition, on random hierarchies with
/// equivalent classes: a strict superclass is a direct parent unless it lies above another strict
/// superclass.
@Suite("Class hierarchy reduction against the definition")
struct HierarchyReductionTests {
    /// Random superclass sets, transitively closed: classes fall into groups of equivalent classes,
    /// and groups form a random DAG (edges only from a lower to a higher group number). Lists come
    /// shuffled, as a reasoner may give them.
    static func randomSuperclasses(seed: UInt64, classes: Int, groups: Int, edges: Int) -> [[ClassID]] {
        var random = SeededGenerator(state: seed)
        let group = (0..<classes).map { _ in random.next(groups) }
        var above = [Set<Int>](repeating: [], count: groups)
        for _ in 0..<edges {
            let low = random.next(groups), high = random.next(groups)
            if low < high { above[low].insert(high) }
        }
        // Close transitively, highest group first (edges only go upwards).
        for g in stride(from: groups - 1, through: 0, by: -1) {
            for h in above[g] { above[g].formUnion(above[h]) }
        }
        return (0..<classes).map { c in
            var list = (0..<classes).filter { d in d != c && (group[d] == group[c] || above[group[c]].contains(group[d])) }
                .map { ClassID($0) }
            for i in stride(from: list.count - 1, to: 0, by: -1) { list.swapAt(i, random.next(i + 1)) }
            return list
        }
    }

    /// Direct parents by the definition, with plain nested loops.
    static func bruteForceParents(_ superclasses: [[ClassID]]) -> [[ClassID]] {
        let sets = superclasses.map(Set.init)
        func strictlyAbove(_ d: ClassID, _ c: Int) -> Bool { sets[c].contains(d) && !sets[Int(d)].contains(ClassID(c)) }
        return superclasses.indices.map { c in
            superclasses[c].filter { p in
                strictlyAbove(p, c) && !superclasses[c].contains { q in strictlyAbove(q, c) && strictlyAbove(p, Int(q)) }
            }.sorted()
        }
    }

    @Test("parents, children and equivalents match the definition", arguments: 0..<40)
    func reduction(seed: Int) {
        let superclasses = Self.randomSuperclasses(seed: UInt64(seed) &* 2_654_435_761 &+ 1, classes: 60,
                                                   groups: 5 + seed % 30, edges: 20 + seed * 3)
        let hierarchy = ClassHierarchy(superclasses: superclasses, excluded: [])
        let expected = Self.bruteForceParents(superclasses)
        #expect(hierarchy.parents == expected)
        var children = [[ClassID]](repeating: [], count: superclasses.count)
        for (c, parents) in expected.enumerated() { for p in parents { children[Int(p)].append(ClassID(c)) } }
        #expect(hierarchy.children == children)
        let sets = superclasses.map(Set.init)
        let equivalents = superclasses.indices.map { c in superclasses[c].filter { sets[Int($0)].contains(ClassID(c)) }.sorted() }
        #expect(hierarchy.equivalents == equivalents)
    }
}
