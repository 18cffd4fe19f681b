/// Checks whether two RDF graphs are isomorphic: equal up to a bijective renaming of blank nodes.
///
/// Uses colour refinement on blank nodes (each node's colour is repeatedly rehashed from the colours
/// and terms around it), then backtracking over the remaining ties, as in RDF 1.1 Concepts §3.6.
public enum GraphIsomorphism {
    /// True when `lhs` and `rhs` are isomorphic. Duplicate triples are ignored.
    public static func areIsomorphic(_ lhs: [Triple], _ rhs: [Triple]) -> Bool {
        let left = Set(lhs), right = Set(rhs)
        guard left.count == right.count else { return false }
        let leftGround = left.filter { !$0.hasBlankNode }
        let rightGround = right.filter { !$0.hasBlankNode }
        guard leftGround == rightGround else { return false }
        let leftBlank = Array(left.filter(\.hasBlankNode))
        let rightBlank = Array(right.filter(\.hasBlankNode))
        guard leftBlank.count == rightBlank.count else { return false }
        if leftBlank.isEmpty { return true }
        var search = Search(lhs: leftBlank, rhs: rightBlank)
        return search.run()
    }

    private struct Search {
        let lhs: [Triple]
        let rhs: [Triple]
        let rhsSet: Set<Triple>
        let lhsNodes: [String]
        let rhsNodes: [String]

        init(lhs: [Triple], rhs: [Triple]) {
            self.lhs = lhs
            self.rhs = rhs
            self.rhsSet = Set(rhs)
            self.lhsNodes = Array(Set(lhs.flatMap(\.blankLabels))).sorted()
            self.rhsNodes = Array(Set(rhs.flatMap(\.blankLabels))).sorted()
        }

        mutating func run() -> Bool {
            guard lhsNodes.count == rhsNodes.count else { return false }
            let left = refine(lhs, seed: Dictionary(uniqueKeysWithValues: lhsNodes.map { ($0, 0) }))
            let right = refine(rhs, seed: Dictionary(uniqueKeysWithValues: rhsNodes.map { ($0, 0) }))
            return solve(leftColours: left, rightColours: right, depth: 0)
        }

        func solve(leftColours: [String: Int], rightColours: [String: Int], depth: Int) -> Bool {
            let leftClasses = Dictionary(grouping: lhsNodes, by: { leftColours[$0]! })
            let rightClasses = Dictionary(grouping: rhsNodes, by: { rightColours[$0]! })
            guard leftClasses.count == rightClasses.count else { return false }
            for (colour, members) in leftClasses where rightClasses[colour]?.count != members.count {
                return false
            }
            // All classes are singletons: the colouring is a candidate bijection.
            if leftClasses.values.allSatisfy({ $0.count == 1 }) {
                var mapping: [String: String] = [:]
                for (colour, members) in leftClasses { mapping[members[0]] = rightClasses[colour]![0] }
                return lhs.allSatisfy { rhsSet.contains($0.renamingBlankNodes(mapping)) }
            }
            // Break the smallest tie: try each candidate on the right for one node on the left.
            guard depth < 10_000 else { return false }
            let (colour, members) = leftClasses.filter { $0.value.count > 1 }.min { $0.value.count < $1.value.count }!
            let pick = members[0]
            let fresh = (leftColours.values.max() ?? 0) &+ 7919
            var leftSeed = leftColours
            leftSeed[pick] = fresh
            let leftRefined = refine(lhs, seed: leftSeed)
            for candidate in rightClasses[colour]! {
                var rightSeed = rightColours
                rightSeed[candidate] = fresh
                let rightRefined = refine(rhs, seed: rightSeed)
                if solve(leftColours: leftRefined, rightColours: rightRefined, depth: depth + 1) { return true }
            }
            return false
        }

        /// Iterates colour refinement to a fixpoint. Colours are deterministic hashes, so equal
        /// structures on both sides get equal colours.
        func refine(_ triples: [Triple], seed: [String: Int]) -> [String: Int] {
            var colours = seed
            var classCount = Set(colours.values).count
            for _ in 0..<max(1, colours.count) {
                var signatures: [String: [Int]] = [:]
                for triple in triples {
                    let terms = [triple.subject, triple.predicate, triple.object]
                    for (position, term) in terms.enumerated() {
                        guard case .blankNode(let label) = term else { continue }
                        var hasher = StableHasher()
                        hasher.combine(position)
                        for (otherPosition, other) in terms.enumerated() where otherPosition != position {
                            hasher.combine(otherPosition)
                            if case .blankNode(let otherLabel) = other {
                                hasher.combine(otherLabel == label ? -1 : colours[otherLabel]!)
                            } else {
                                hasher.combine(other)
                            }
                        }
                        signatures[label, default: []].append(hasher.value)
                    }
                }
                var next: [String: Int] = [:]
                for (label, colour) in colours {
                    var hasher = StableHasher()
                    hasher.combine(colour)
                    for signature in (signatures[label] ?? []).sorted() { hasher.combine(signature) }
                    next[label] = hasher.value
                }
                let nextCount = Set(next.values).count
                colours = next
                if nextCount == classCount { break }
                classCount = nextCount
            }
            return colours
        }
    }
}

/// A deterministic FNV-1a hasher (Swift's `Hasher` is seeded per process, which is fine, but this
/// keeps colours comparable across the two graphs by construction).
private struct StableHasher {
    private(set) var state: UInt64 = 0xcbf2_9ce4_8422_2325

    var value: Int { Int(truncatingIfNeeded: state) }

    mutating func combine(_ value: Int) {
        var v = UInt64(bitPattern: Int64(value))
        for _ in 0..<8 {
            state ^= v & 0xff
            state &*= 0x100_0000_01b3
            v >>= 8
        }
    }

    mutating func combine(_ term: Term) {
        switch term {
        case .iri(let value): combine(1); combine(value)
        case .blankNode: combine(2)
        case .literal(let literal):
            combine(3); combine(literal.lexicalForm); combine(literal.datatype); combine(literal.language ?? "")
        }
    }

    mutating func combine(_ string: String) {
        for byte in string.utf8 {
            state ^= UInt64(byte)
            state &*= 0x100_0000_01b3
        }
        combine(string.utf8.count)
    }
}

extension Triple {
    var hasBlankNode: Bool { subject.isBlankNode || predicate.isBlankNode || object.isBlankNode }

    var blankLabels: [String] {
        [subject, predicate, object].compactMap { if case .blankNode(let label) = $0 { return label } else { return nil } }
    }

    func renamingBlankNodes(_ mapping: [String: String]) -> Triple {
        func rename(_ term: Term) -> Term {
            if case .blankNode(let label) = term, let target = mapping[label] { return .blankNode(target) }
            return term
        }
        return Triple(rename(subject), rename(predicate), rename(object))
    }
}
