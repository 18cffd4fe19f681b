/// A class hierarchy over `ClassID`s: every (strict or equivalent) superclass of each class, with
/// the direct parents and children computed by transitive reduction.
public struct ClassHierarchy: Sendable {
    /// All superclasses of each class (excluding itself; including classes equivalent to it).
    public let superclasses: [[ClassID]]
    /// Direct parents (transitively reduced, equivalents excluded), sorted.
    public let parents: [[ClassID]]
    /// Direct children, sorted.
    public let children: [[ClassID]]
    /// Classes equivalent to each class (excluding itself), sorted.
    public let equivalents: [[ClassID]]
    /// Classes left out of the hierarchy (unsatisfiable ones).
    public let excluded: Set<ClassID>

    /// Builds the hierarchy from each class's full set of superclasses (transitive reduction).
    ///
    /// - Complexity: O(Σ (*k* log *k* + Σ over direct parents of their *k*)) for *k* superclasses per
    ///   class, with array lookups only.
    public init(superclasses unsorted: [[ClassID]], excluded: Set<ClassID>) {
        let superclasses = unsorted.map { $0.sorted() }
        let count = superclasses.count
        func contains(_ list: [ClassID], _ value: ClassID) -> Bool {
            var low = 0, high = list.count
            while low < high {
                let mid = (low + high) >> 1
                if list[mid] < value { low = mid + 1 } else { high = mid }
            }
            return low < list.count && list[low] == value
        }
        var equivalents = [[ClassID]](repeating: [], count: count)
        var strict = [[ClassID]](repeating: [], count: count)
        for index in 0..<count {
            let id = ClassID(index)
            for sup in superclasses[index] {
                if contains(superclasses[Int(sup)], id) { equivalents[index].append(sup) } else { strict[index].append(sup) }
            }
        }
        // A strict superclass is indirect when it is a strict superclass of another strict superclass.
        // A strict superclass has fewer strict superclasses than any class below it, so when the
        // candidates are visited from the most to the fewest, one still unstamped when reached is
        // direct, and only direct ones need to stamp what lies above them (every indirect candidate
        // lies above a direct one).
        var stamp = [Int32](repeating: -1, count: count)
        var parents = [[ClassID]](repeating: [], count: count)
        var children = [[ClassID]](repeating: [], count: count)
        let sizes = strict.map { Int32($0.count) }
        var order: [ClassID] = []
        for index in 0..<count {
            let generation = Int32(index)
            let candidates = strict[index]
            if candidates.count > 1 {
                order.removeAll(keepingCapacity: true)
                order.append(contentsOf: candidates)
                order.sort { sizes[Int($0)] > sizes[Int($1)] }
                for candidate in order where stamp[Int(candidate)] != generation {
                    for indirect in strict[Int(candidate)] { stamp[Int(indirect)] = generation }
                }
            }
            let direct = candidates.count > 1 ? candidates.filter { stamp[Int($0)] != generation } : candidates
            parents[index] = direct
            for parent in direct { children[Int(parent)].append(ClassID(index)) }
        }
        self.init(superclasses: superclasses, parents: parents, children: children, equivalents: equivalents,
                  excluded: excluded)
    }

    /// A hierarchy whose reduction was computed before (read from a snapshot); lists must be sorted.
    init(superclasses: [[ClassID]], parents: [[ClassID]], children: [[ClassID]], equivalents: [[ClassID]],
         excluded: Set<ClassID>) {
        self.superclasses = superclasses
        self.parents = parents
        self.children = children
        self.equivalents = equivalents
        self.excluded = excluded
    }

    private func binarySearch(_ list: [ClassID], _ value: ClassID) -> Bool {
        var low = 0, high = list.count
        while low < high {
            let mid = (low + high) >> 1
            if list[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < list.count && list[low] == value
    }

    /// True when `sub` is subsumed by `sup` (or equal).
    public func isSubclass(_ sub: ClassID, of sup: ClassID) -> Bool {
        sub == sup || binarySearch(superclasses[Int(sub)], sup)
    }

    /// Every superclass of `id`, strict ones only (equivalents excluded).
    public func ancestors(of id: ClassID) -> [ClassID] {
        let equivalent = equivalents[Int(id)]
        return equivalent.isEmpty ? superclasses[Int(id)] : superclasses[Int(id)].filter { !binarySearch(equivalent, $0) }
    }

    /// Every subclass of `id`, strict ones only, sorted.
    public func descendants(of id: ClassID) -> [ClassID] {
        // A walk down the children, marking visited classes in a flag array (no hashing).
        var visited = [Bool](repeating: false, count: children.count)
        visited[Int(id)] = true
        var result: [ClassID] = []
        var stack = children[Int(id)]
        while let next = stack.popLast() {
            guard !visited[Int(next)] else { continue }
            visited[Int(next)] = true
            result.append(next)
            stack.append(contentsOf: children[Int(next)])
        }
        let equivalent = equivalents[Int(id)]
        if !equivalent.isEmpty { result.removeAll { equivalent.contains($0) } }
        return result.sorted()
    }

    /// Classes with no parent (and not excluded), sorted.
    public var roots: [ClassID] {
        parents.indices.filter { parents[$0].isEmpty && !excluded.contains(ClassID($0)) }.map { ClassID($0) }
    }

    /// The length of the longest path from `id` up to a root (roots have depth 0).
    public func depth(of id: ClassID) -> Int {
        var memo: [ClassID: Int] = [:]
        return depth(id, &memo)
    }

    /// The greatest depth of any class (0 for an empty hierarchy).
    public var maxDepth: Int {
        var memo: [ClassID: Int] = [:]
        return parents.indices.map { depth(ClassID($0), &memo) }.max() ?? 0
    }

    private func depth(_ id: ClassID, _ memo: inout [ClassID: Int]) -> Int {
        if let known = memo[id] { return known }
        memo[id] = 0
        let value = parents[Int(id)].map { depth($0, &memo) + 1 }.max() ?? 0
        memo[id] = value
        return value
    }

    /// Every path from `id` up to a root, each listed from `id` to the root.
    public func pathsToRoot(from id: ClassID, limit: Int = 10_000) -> [[ClassID]] {
        var result: [[ClassID]] = []
        func walk(_ node: ClassID, _ path: [ClassID]) {
            guard result.count < limit else { return }
            let next = parents[Int(node)].filter { !path.contains($0) }
            if next.isEmpty {
                result.append(path)
                return
            }
            for parent in next { walk(parent, path + [parent]) }
        }
        walk(id, [id])
        return result
    }

    /// The lowest common ancestors of two classes: common ancestors (or the classes themselves)
    /// with no other common ancestor below them.
    public func lowestCommonAncestors(_ a: ClassID, _ b: ClassID) -> [ClassID] {
        let left = Set(ancestors(of: a) + [a]), right = Set(ancestors(of: b) + [b])
        let common = left.intersection(right)
        return common.filter { candidate in
            !common.contains { other in other != candidate && isSubclass(other, of: candidate) && !isSubclass(candidate, of: other) }
        }.sorted()
    }

    /// Sets of two or more mutually equivalent classes.
    public var equivalenceSets: [[ClassID]] {
        var seen: Set<ClassID> = []
        var sets: [[ClassID]] = []
        for index in equivalents.indices where !equivalents[index].isEmpty && !seen.contains(ClassID(index)) {
            let members = ([ClassID(index)] + equivalents[index]).sorted()
            seen.formUnion(members)
            sets.append(members)
        }
        return sets
    }
}
