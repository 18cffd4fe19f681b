import RDFModel

/// Triples grouped by subject, with the blank nodes a writer may nest inside the statement that
/// uses them: those used exactly once as an object, never as a predicate, not their own object and
/// not on a cycle of such nodes. Shared by the Turtle and RDF/XML writers.
struct SubjectGroups {
    /// The triples of each subject, in input order.
    let bySubject: [Term: [Triple]]
    /// Blank nodes written nested where they are used, not as statements of their own.
    let inlinable: Set<Term>

    init(_ triples: [Triple]) {
        var bySubject: [Term: [Triple]] = [:]
        var objectUses: [Term: Int] = [:]
        for triple in triples {
            bySubject[triple.subject, default: []].append(triple)
            if triple.object.isBlankNode { objectUses[triple.object, default: 0] += 1 }
            if triple.predicate.isBlankNode || triple.subject == triple.object { objectUses[triple.subject, default: 0] += 2 }
        }
        var inlinable = Set(objectUses.filter { $0.value == 1 }.map(\.key))
        for node in inlinable where SubjectGroups.reaches(node, node, bySubject: bySubject, inlinable: inlinable) {
            inlinable.remove(node)
        }
        self.bySubject = bySubject
        self.inlinable = inlinable
    }

    /// Subjects written at the top level, in term order.
    var roots: [Term] { bySubject.keys.filter { !inlinable.contains($0) }.sorted() }

    /// The triples of `subject`.
    func triples(of subject: Term) -> [Triple] { bySubject[subject] ?? [] }

    /// The items of a well-formed list whose nodes are all inlinable blank nodes, else nil.
    func listItems(startingAt node: Term) -> [Term]? {
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

    private static func reaches(_ start: Term, _ target: Term, bySubject: [Term: [Triple]], inlinable: Set<Term>) -> Bool {
        var stack = [start]
        var seen: Set<Term> = []
        while let node = stack.popLast() {
            for triple in bySubject[node] ?? [] where triple.object.isBlankNode && inlinable.contains(triple.object) {
                if triple.object == target { return true }
                if seen.insert(triple.object).inserted { stack.append(triple.object) }
            }
        }
        return false
    }
}
