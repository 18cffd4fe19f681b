import RDFModel
import RDFStore

/// Property path evaluation (SPARQL 1.1 §18.4): closures are breadth-first with a visited set, so cycles end.
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
        if start != 0 {
            var targets: [TermID] = []
            try successors(path, of: start, forward: true, graph: graph, into: &targets)
            for target in targets {
                try tick()
                if end != 0 {
                    if target == end { output.append(result) }
                } else if case .slot(let slot) = object {
                    result[slot] = target
                    output.append(result)
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
                output.append(result)
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
                output.append(result)
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
            result.append(contentsOf: try closure(inner, from: node, forward: forward, graph: graph, includeStart: true))
        case .oneOrMore(let inner):
            result.append(contentsOf: try closure(inner, from: node, forward: forward, graph: graph, includeStart: false))
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

    /// Nodes reachable by one or more (or zero or more) steps, each once.
    func closure(_ path: IDPath, from node: TermID, forward: Bool, graph: TermID, includeStart: Bool) throws -> [TermID] {
        var visited = Set<TermID>()
        var reached: [TermID] = []
        if includeStart {
            visited.insert(node)
            reached.append(node)
        }
        var frontier: [TermID] = [node]
        var expanded = Set<TermID>([node])
        while let current = frontier.popLast() {
            try tick()
            var next: [TermID] = []
            try successors(path, of: current, forward: forward, graph: graph, into: &next)
            for target in next {
                if visited.insert(target).inserted { reached.append(target) }
                if expanded.insert(target).inserted { frontier.append(target) }
            }
        }
        return reached
    }
}
