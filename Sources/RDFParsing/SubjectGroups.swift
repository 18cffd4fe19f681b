import RDFModel

/// Triples grouped by subject, with the blank nodes a writer may nest inside the statement that
/// uses them: those used exactly once as an object, never as a predicate, not their own object and
/// not on a cycle of such nodes. Shared by the Turtle and RDF/XML writers.
struct SubjectGroups {
    /// The triples of each subject, in input order.
    let bySubject: [Term: [Triple]]
    /// Blank nodes written nested where they are used, not as statements of their own.
    let inlinable: Set<Term>

    /// Blank nodes from which `listItems` finds no well-formed list (worked out once: a long chain
    /// would otherwise be walked again from each of its nodes).
    private let notListStarts: Set<Term>

    /// How deep a writer nests inlined nodes before it writes the next one as a statement of its own
    /// (with a label) instead: deeper nesting would exhaust the stack of a recursive writer.
    static let maximumNesting = 64

    init(_ triples: [Triple]) {
        var bySubject: [Term: [Triple]] = [:]
        var objectUses: [Term: Int] = [:]
        var usedBy: [Term: Term] = [:]
        for triple in triples {
            bySubject[triple.subject, default: []].append(triple)
            if triple.object.isBlankNode {
                objectUses[triple.object, default: 0] += 1
                usedBy[triple.object] = triple.subject
            }
            if triple.predicate.isBlankNode || triple.subject == triple.object { objectUses[triple.subject, default: 0] += 2 }
        }
        var inlinable = Set(objectUses.filter { $0.value == 1 }.map(\.key))
        for node in SubjectGroups.onCycles(inlinable, usedBy: usedBy) { inlinable.remove(node) }
        self.bySubject = bySubject
        self.inlinable = inlinable
        notListStarts = SubjectGroups.notListStarts(inlinable, bySubject: bySubject)
    }

    /// The inlinable nodes on a cycle of inlinable nodes. Each is used by one subject, so following
    /// those uses from a node either leaves the inlinable nodes, joins a path already followed, or
    /// comes back to a node of this path: the nodes from there on form a cycle. Linear time.
    static func onCycles(_ inlinable: Set<Term>, usedBy: [Term: Term]) -> [Term] {
        var walkOf: [Term: Int] = [:]
        var cycles: [Term] = []
        var walk = 0
        for start in inlinable where walkOf[start] == nil {
            walk += 1
            var path: [Term] = []
            var node = start
            while inlinable.contains(node) {
                if let seen = walkOf[node] {
                    if seen == walk, let first = path.firstIndex(of: node) { cycles += path[first...] }
                    break
                }
                walkOf[node] = walk
                path.append(node)
                guard let user = usedBy[node] else { break }
                node = user
            }
        }
        return cycles
    }

    /// The inlinable nodes from which no well-formed list can be read. A walk from a node passes
    /// through the same nodes as the walks from those after it, so one walk decides them all.
    static func notListStarts(_ inlinable: Set<Term>, bySubject: [Term: [Triple]]) -> Set<Term> {
        var decided: [Term: Bool] = [:]  // true: a well-formed list starts here
        for start in inlinable where decided[start] == nil {
            var path: [Term] = []
            var onPath: Set<Term> = []
            var current = start
            var isList = false
            while true {
                if current == .iri(RDF.nil) { isList = true; break }
                if let known = decided[current] { isList = known; break }
                guard current.isBlankNode, inlinable.contains(current), onPath.insert(current).inserted,
                      let triples = bySubject[current], triples.count == 2,
                      triples.contains(where: { $0.predicate == .iri(RDF.first) }),
                      let rest = triples.first(where: { $0.predicate == .iri(RDF.rest) }) else { break }
                path.append(current)
                current = rest.object
            }
            for node in path { decided[node] = isList }
            if !isList { decided[start] = false }
        }
        return Set(decided.filter { !$0.value }.map(\.key))
    }

    /// Subjects written at the top level, in term order.
    var roots: [Term] { bySubject.keys.filter { !inlinable.contains($0) }.sorted() }

    /// The triples of `subject`.
    func triples(of subject: Term) -> [Triple] { bySubject[subject] ?? [] }

    /// The items of a well-formed list whose nodes are all inlinable blank nodes, else nil.
    func listItems(startingAt node: Term) -> [Term]? {
        if notListStarts.contains(node) { return nil }
        var items: [Term] = []
        var current = node
        var seen: Set<Term> = []
        while current != .iri(RDF.nil) {
            guard current.isBlankNode, inlinable.contains(current), seen.insert(current).inserted,
                  let triples = bySubject[current], triples.count == 2,
                  let first = triples.first(where: { $0.predicate == .iri(RDF.first) }),
                  let rest = triples.first(where: { $0.predicate == .iri(RDF.rest) }) else {
                return nil
            }
            items.append(first.object)
            current = rest.object
        }
        return items
    }
}
