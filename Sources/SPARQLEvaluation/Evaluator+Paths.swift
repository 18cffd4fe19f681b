import RDFModel
import RDFStore

/// A closure computed once per query: `path` from `node`, forwards or backwards, with or without the node.
struct ClosureKey: Hashable {
    var path: IDPath
    var node: TermID
    var graph: TermID
    var forward: Bool
    var includeStart: Bool
}

/// The nodes of a closure, in discovery order and as a set.
final class ClosureResult {
    let nodes: [TermID]
    private(set) lazy var set = Set(nodes)

    init(nodes: [TermID]) {
        self.nodes = nodes
    }
}

/// One step over a single predicate in one direction.
struct StepKey: Hashable {
    var predicate: TermID
    var graph: TermID
    var forward: Bool
}

/// Property path evaluation (SPARQL 1.1 §18.4): closures are breadth-first with a visited set, so cycles end.
/// Closures are cached per start node for the query, and steps over one predicate that run many times use
/// adjacency lists built from one index scan.
extension Evaluator {
    func evaluatePath(_ subject: SlotTerm, _ path: IDPath, _ object: SlotTerm, row: ArraySlice<TermID>,
                      graph: TermID, output: inout Solutions) throws {
        func value(_ term: SlotTerm) -> TermID {
            switch term {
            case .constant(let id): return id
            case .slot(let slot): return row[row.startIndex + slot]
            }
        }
        let start = value(subject), end = value(object)
        var result = ContiguousArray(row)
        // A node bound by an earlier pattern (not written in the query) takes part in a zero-length path only
        // when it is a node of the graph: the path pattern alone would only produce graph nodes (§18.4).
        if path.matchesZeroLength {
            if start != 0, subject.slot != nil, !isNode(start, graph: graph) { return }
            if start == 0, end != 0, object.slot != nil, !isNode(end, graph: graph) { return }
        }
        if start != 0 && end != 0 {
            // Both ends known: one membership test in a cached closure. When the object is a constant the
            // closure runs backwards from it once, whatever the subject of each row.
            var closure: ClosureResult?
            switch path {
            case .zeroOrMore(let inner), .oneOrMore(let inner):
                let includeStart = path.matchesZeroLength
                if case .constant = object, subject.slot != nil {
                    closure = try cachedClosure(inner, from: end, forward: false, graph: graph, includeStart: includeStart)
                    if closure?.set.contains(start) == true { try add(result, to: &output) }
                } else {
                    closure = try cachedClosure(inner, from: start, forward: true, graph: graph, includeStart: includeStart)
                    if closure?.set.contains(end) == true { try add(result, to: &output) }
                }
            default:
                break
            }
            if closure != nil { return }
        }
        if start != 0 {
            var targets: [TermID] = []
            try successors(path, of: start, forward: true, graph: graph, into: &targets)
            for target in targets {
                try tick()
                if end != 0 {
                    if target == end { try add(result, to: &output) }
                } else if case .slot(let slot) = object {
                    result[slot] = target
                    try add(result, to: &output)
                }
            }
            return
        }
        if end != 0 {
            var sources: [TermID] = []
            try successors(path, of: end, forward: false, graph: graph, into: &sources)
            guard case .slot(let slot) = subject else { return }
            for source in sources {
                try tick()
                result[slot] = source
                try add(result, to: &output)
            }
            return
        }
        guard case .slot(let subjectSlot) = subject, case .slot(let objectSlot) = object else { return }
        for node in try startNodes(path, graph: graph) {
            var targets: [TermID] = []
            try successors(path, of: node, forward: true, graph: graph, into: &targets)
            for target in targets {
                try tick()
                if subjectSlot == objectSlot {
                    guard target == node else { continue }
                    result[subjectSlot] = node
                } else {
                    result[subjectSlot] = node
                    result[objectSlot] = target
                }
                try add(result, to: &output)
            }
        }
    }

    /// Candidate start nodes when both ends are free: the subjects of the first step, or every node of the
    /// graph when the path matches zero-length paths.
    func startNodes(_ path: IDPath, graph: TermID) throws -> [TermID] {
        if path.matchesZeroLength { return allNodes(graph: graph) }
        switch path {
        case .predicate(let predicate):
            guard let predicate else { return [] }
            var nodes: [TermID] = []
            var last: TermID = 0
            for quad in store.matches(IDPattern(graph: graph, predicate: predicate)) where quad.subject != last {
                nodes.append(quad.subject)
                last = quad.subject
            }
            return Array(Set(nodes))
        case .oneOrMore(let inner):
            return try startNodes(inner, graph: graph)
        case .sequence(let first, _):
            if !first.matchesZeroLength { return try startNodes(first, graph: graph) }
            return allNodes(graph: graph)
        case .alternative(let a, let b):
            return Array(Set(try startNodes(a, graph: graph) + startNodes(b, graph: graph)))
        default:
            return allNodes(graph: graph)
        }
    }

    /// True when `node` is a subject or object of the active graph.
    func isNode(_ node: TermID, graph: TermID) -> Bool {
        guard !terms.isOverlay(node) else { return false }
        return store.contains(IDPattern(graph: graph, subject: node)) || store.contains(IDPattern(graph: graph, object: node))
    }

    /// Every subject and object of the active graph.
    func allNodes(graph: TermID) -> [TermID] {
        var nodes = Set<TermID>()
        store.matches(IDPattern(graph: graph)).forEachQuad { quad in
            nodes.insert(quad.subject)
            nodes.insert(quad.object)
        }
        return nodes.sorted()
    }

    /// Appends the nodes reachable from `node` by one match of `path` (backwards when `forward` is false).
    /// Sequences and alternatives keep duplicates (they count as joins and unions); closures do not.
    func successors(_ path: IDPath, of node: TermID, forward: Bool, graph: TermID, into result: inout [TermID]) throws {
        switch path {
        case .predicate(let predicate):
            guard let predicate, !terms.isOverlay(node) else { return }
            let step = StepKey(predicate: predicate, graph: graph, forward: forward)
            if let lists = adjacency[step] {
                if let targets = lists[node] { result.append(contentsOf: targets) }
                return
            }
            let uses = stepUses[step, default: 0] + 1
            stepUses[step] = uses
            if uses >= 16 {
                adjacency[step] = buildAdjacency(step)
                if let targets = adjacency[step]?[node] { result.append(contentsOf: targets) }
                return
            }
            if forward {
                store.matches(IDPattern(graph: graph, subject: node, predicate: predicate)).forEachQuad { result.append($0.object) }
            } else {
                store.matches(IDPattern(graph: graph, predicate: predicate, object: node)).forEachQuad { result.append($0.subject) }
            }
        case .inverse(let inner):
            try successors(inner, of: node, forward: !forward, graph: graph, into: &result)
        case .sequence(let first, let second):
            var middle: [TermID] = []
            try successors(forward ? first : second, of: node, forward: forward, graph: graph, into: &middle)
            for step in middle {
                try tick()
                try successors(forward ? second : first, of: step, forward: forward, graph: graph, into: &result)
            }
        case .alternative(let a, let b):
            try successors(a, of: node, forward: forward, graph: graph, into: &result)
            try successors(b, of: node, forward: forward, graph: graph, into: &result)
        case .zeroOrOne(let inner):
            var reached: [TermID] = [node]
            try successors(inner, of: node, forward: forward, graph: graph, into: &reached)
            var seen = Set<TermID>()
            for target in reached where seen.insert(target).inserted { result.append(target) }
        case .zeroOrMore(let inner):
            result.append(contentsOf: try cachedClosure(inner, from: node, forward: forward, graph: graph, includeStart: true).nodes)
        case .oneOrMore(let inner):
            result.append(contentsOf: try cachedClosure(inner, from: node, forward: forward, graph: graph, includeStart: false).nodes)
        case .negated(let forwardSet, let inverseSet, let hasForward, let hasInverse):
            guard !terms.isOverlay(node) else { return }
            // !(p1|...|^q1|...) matches forward links not in the p's and inverse links not in the q's.
            let useForward = hasForward || !hasInverse
            if useForward {
                let pattern = forward ? IDPattern(graph: graph, subject: node) : IDPattern(graph: graph, object: node)
                store.matches(pattern).forEachQuad { quad in
                    if !forwardSet.contains(quad.predicate) { result.append(forward ? quad.object : quad.subject) }
                }
            }
            if hasInverse {
                let pattern = forward ? IDPattern(graph: graph, object: node) : IDPattern(graph: graph, subject: node)
                store.matches(pattern).forEachQuad { quad in
                    if !inverseSet.contains(quad.predicate) { result.append(forward ? quad.subject : quad.object) }
                }
            }
        }
    }

    /// Adjacency lists of one predicate in one direction, from one scan of the predicate's quads, in the order
    /// the index would give them per node.
    func buildAdjacency(_ step: StepKey) -> [TermID: [TermID]] {
        var lists: [TermID: [TermID]] = [:]
        store.matches(IDPattern(graph: step.graph, predicate: step.predicate)).forEachQuad { quad in
            if step.forward {
                lists[quad.subject, default: []].append(quad.object)
            } else {
                lists[quad.object, default: []].append(quad.subject)
            }
        }
        return lists
    }

    /// `closure`, computed once per query for each path, node and direction.
    func cachedClosure(_ path: IDPath, from node: TermID, forward: Bool, graph: TermID,
                       includeStart: Bool) throws -> ClosureResult {
        let key = ClosureKey(path: path, node: node, graph: graph, forward: forward, includeStart: includeStart)
        if let cached = closureCache[key] { return cached }
        let result = ClosureResult(nodes: try closure(path, from: node, forward: forward, graph: graph,
                                                      includeStart: includeStart))
        closureCache[key] = result
        return result
    }

    /// Nodes reachable by one or more (or zero or more) steps, each once, in discovery order.
    func closure(_ path: IDPath, from node: TermID, forward: Bool, graph: TermID, includeStart: Bool) throws -> [TermID] {
        // One set for "reached" and "expanded": they differ only for the start, which is always expanded and
        // is reached at once with zero or more steps, or when a cycle leads back to it.
        var seen = Set<TermID>([node])
        var reached: [TermID] = includeStart ? [node] : []
        var startReached = includeStart
        var frontier: [TermID] = [node]
        var next: [TermID] = []
        while let current = frontier.popLast() {
            try tick()
            next.removeAll(keepingCapacity: true)
            try successors(path, of: current, forward: forward, graph: graph, into: &next)
            for target in next {
                if target == node {
                    if !startReached {
                        startReached = true
                        reached.append(node)
                    }
                } else if seen.insert(target).inserted {
                    reached.append(target)
                    frontier.append(target)
                }
            }
        }
        return reached
    }
}
