import RDFModel

/// A class expression with every name resolved to an IRI.
indirect enum OWLExpression: Hashable, Sendable {
    case named(String)
    case and([OWLExpression])
    case or([OWLExpression])
    case not(OWLExpression)
    case some(property: String, filler: OWLExpression)
    case only(property: String, filler: OWLExpression)

    /// An intersection or union of `operands` as OWL API keeps it: a sorted set, collapsed when one
    /// operand is left.
    static func nary(_ operands: [OWLExpression], union: Bool) -> OWLExpression {
        var unique: [OWLExpression] = []
        for operand in operands where !unique.contains(operand) { unique.append(operand) }
        unique.sort { OWLExpression.compare($0, $1) < 0 }
        if unique.count == 1 { return unique[0] }
        return union ? .or(unique) : .and(unique)
    }

    var namedIRI: String? { if case .named(let iri) = self { return iri } else { return nil } }

    /// OWL API's order of class expressions (`OWLObject.compareTo`): by kind (class, intersection,
    /// union, complement, some, only), then by content. The order fixes how lists are serialised.
    static func compare(_ lhs: OWLExpression, _ rhs: OWLExpression) -> Int {
        if lhs.kindRank != rhs.kindRank { return lhs.kindRank < rhs.kindRank ? -1 : 1 }
        switch (lhs, rhs) {
        case (.named(let a), .named(let b)): return compareIRIs(a, b)
        case (.and(let a), .and(let b)), (.or(let a), .or(let b)): return compareLists(a, b)
        case (.not(let a), .not(let b)): return compare(a, b)
        case (.some(let p, let a), .some(let q, let b)), (.only(let p, let a), .only(let q, let b)):
            let byProperty = compareIRIs(p, q)
            return byProperty != 0 ? byProperty : compare(a, b)
        default: return 0
        }
    }

    var kindRank: Int {
        switch self {
        case .named: return 0
        case .and: return 1
        case .or: return 2
        case .not: return 3
        case .some: return 5
        case .only: return 6
        }
    }

    static func compareLists(_ a: [OWLExpression], _ b: [OWLExpression]) -> Int {
        for (x, y) in zip(a, b) {
            let order = compare(x, y)
            if order != 0 { return order }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    /// IRIs compare by namespace, then by local name, as OWL API's `IRI.compareTo` does.
    static func compareIRIs(_ a: String, _ b: String) -> Int {
        let (namespaceA, localA) = split(a), (namespaceB, localB) = split(b)
        if namespaceA != namespaceB { return namespaceA < namespaceB ? -1 : 1 }
        if localA != localB { return localA < localB ? -1 : 1 }
        return 0
    }

    static func split(_ iri: String) -> (Substring, Substring) {
        guard let cut = iri.lastIndex(where: { $0 == "/" || $0 == "#" }) else { return (Substring(iri), "") }
        let next = iri.index(after: cut)
        return (iri[..<next], iri[next...])
    }
}

/// Collects triples, writing class expressions with the OWL 2 mapping to RDF (OWL 2 Mapping to RDF
/// Graphs, §2): fresh blank nodes, `owl:Restriction` and `owl:Class` types, RDF lists.
struct OWLGraphWriter {
    private(set) var triples: [Triple] = []
    private var seen: Set<Triple> = []
    private var blankCount = 0
    /// IRIs used as classes and as object properties, to declare the ones no row declares.
    private(set) var usedClasses: [String] = []
    private(set) var usedProperties: [String] = []

    /// Makes room for about `count` triples (a template row gives a handful).
    mutating func reserveCapacity(_ count: Int) {
        seen.reserveCapacity(count)
        triples.reserveCapacity(count)
    }

    mutating func add(_ subject: Term, _ predicate: String, _ object: Term) {
        let triple = Triple(subject, .iri(predicate), object)
        if seen.insert(triple).inserted { triples.append(triple) }
    }

    mutating func add(contentsOf other: [Triple]) {
        for triple in other where seen.insert(triple).inserted { triples.append(triple) }
    }

    mutating func remove(where shouldRemove: (Triple) -> Bool) {
        triples.removeAll { triple in
            guard shouldRemove(triple) else { return false }
            seen.remove(triple)
            return true
        }
    }

    mutating func freshBlank() -> Term {
        blankCount += 1
        return .blankNode("tb\(blankCount)")
    }

    /// The term for `expression`, adding the triples that describe it.
    mutating func node(_ expression: OWLExpression) -> Term {
        switch expression {
        case .named(let iri):
            usedClasses.append(iri)
            return .iri(iri)
        case .and(let operands), .or(let operands):
            let node = freshBlank()
            add(node, RDF.type, .iri(OWL.Class))
            let list = self.list(operands.map { self.node($0) })
            if case .and = expression { add(node, OWL.intersectionOf, list) } else { add(node, OWL.unionOf, list) }
            return node
        case .not(let operand):
            let node = freshBlank()
            add(node, RDF.type, .iri(OWL.Class))
            add(node, OWL.complementOf, self.node(operand))
            return node
        case .some(let property, let filler), .only(let property, let filler):
            usedProperties.append(property)
            let node = freshBlank()
            add(node, RDF.type, .iri(OWL.Restriction))
            add(node, OWL.onProperty, .iri(property))
            let fillerNode = self.node(filler)
            if case .some = expression { add(node, OWL.someValuesFrom, fillerNode) } else { add(node, OWL.allValuesFrom, fillerNode) }
            return node
        }
    }

    mutating func list(_ items: [Term]) -> Term {
        guard !items.isEmpty else { return .iri(RDF.nil) }
        let head = freshBlank()
        var current = head
        for (index, item) in items.enumerated() {
            add(current, RDF.first, item)
            if index == items.count - 1 {
                add(current, RDF.rest, .iri(RDF.nil))
            } else {
                let next = freshBlank()
                add(current, RDF.rest, next)
                current = next
            }
        }
        return head
    }

    /// `SubClassOf(sub, sup)`.
    mutating func subClassOf(_ sub: String, _ sup: OWLExpression) {
        add(.iri(sub), RDFS.subClassOf, node(sup))
    }

    /// A binary `EquivalentClasses` or `DisjointClasses` axiom, written from its first operand in
    /// OWL API's order (so `B ≡ A` between named classes is written `A owl:equivalentClass B`).
    mutating func symmetric(_ named: String, _ other: OWLExpression, predicate: String) {
        if case .named(let iri) = other {
            guard iri != named else { return }
            usedClasses.append(iri)
            let (first, second) = OWLExpression.compareIRIs(named, iri) <= 0 ? (named, iri) : (iri, named)
            add(.iri(first), predicate, .iri(second))
        } else {
            add(.iri(named), predicate, node(other))
        }
    }
}
