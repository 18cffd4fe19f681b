public import RDFModel
public import RDFStore

/// One logical axiom of an ontology as it is stated: an equivalence or a disjointness is one axiom,
/// however many subsumptions the classifier makes of it.
public enum LogicalAxiom: Hashable, Sendable {
    case subClassOf(ClassExpression, ClassExpression)
    case equivalentClasses(ClassExpression, ClassExpression)
    case disjointClasses([ClassExpression])
    case disjointUnion(ClassExpression, [ClassExpression])
    case subPropertyOf(String, String)
    case equivalentProperties(String, String)
    /// `owl:propertyChainAxiom`: the chain, then the super-property.
    case propertyChain([String], String)
    case transitive(String)
    case domain(String, ClassExpression)
    case range(String, ClassExpression)
}

extension LogicalAxiom {
    /// The class and property IRIs the axiom mentions.
    public var signature: Set<String> {
        var names: Set<String> = []
        func collect(_ expression: ClassExpression) {
            switch expression {
            case .named(let iri): names.insert(iri)
            case .and(let members), .or(let members): members.forEach(collect)
            case .some(let property, let filler):
                names.insert(property)
                collect(filler)
            case .top, .bottom, .unsupported: break
            }
        }
        switch self {
        case .subClassOf(let sub, let sup), .equivalentClasses(let sub, let sup):
            collect(sub)
            collect(sup)
        case .disjointClasses(let members): members.forEach(collect)
        case .disjointUnion(let whole, let members):
            collect(whole)
            members.forEach(collect)
        case .subPropertyOf(let sub, let sup), .equivalentProperties(let sub, let sup):
            names.formUnion([sub, sup])
        case .propertyChain(let chain, let sup): names.formUnion(chain + [sup])
        case .transitive(let property): names.insert(property)
        case .domain(let property, let expression), .range(let property, let expression):
            names.insert(property)
            collect(expression)
        }
        return names
    }

    /// Whether the axiom is ⊥-local for `signature` (Cuenca Grau et al., "Modular Reuse of
    /// Ontologies", 2008): true when it says nothing about the symbols of `signature`, so that the
    /// axioms that are not local form a module holding every justification over that signature.
    func isBottomLocal(_ signature: Set<String>) -> Bool {
        func isBottom(_ expression: ClassExpression) -> Bool {
            switch expression {
            case .top, .unsupported: return false
            case .bottom: return true
            case .named(let iri): return !signature.contains(iri)
            case .and(let members): return members.contains(where: isBottom)
            case .or(let members): return members.allSatisfy(isBottom)
            case .some(let property, let filler): return !signature.contains(property) || isBottom(filler)
            }
        }
        switch self {
        case .subClassOf(let sub, let sup): return isBottom(sub) || sup == .top
        case .equivalentClasses(let left, let right): return isBottom(left) && isBottom(right)
        case .disjointClasses(let members): return members.filter { !isBottom($0) }.count <= 1
        case .disjointUnion(let whole, let members): return isBottom(whole) && members.allSatisfy(isBottom)
        case .subPropertyOf(let sub, _): return !signature.contains(sub)
        case .equivalentProperties(let left, let right): return !signature.contains(left) && !signature.contains(right)
        case .propertyChain(let chain, _): return chain.contains { !signature.contains($0) }
        case .transitive(let property), .domain(let property, _), .range(let property, _):
            return !signature.contains(property)
        }
    }
}

extension OntologyAxioms {
    /// The classifier's input for `axioms`.
    public init(_ axioms: some Sequence<LogicalAxiom>) {
        self.init()
        var seen: Set<String> = []
        func note(_ expression: ClassExpression) {
            switch expression {
            case .named(let iri): if seen.insert(iri).inserted { classIRIs.append(iri) }
            case .and(let members), .or(let members): members.forEach(note)
            case .some(_, let filler): note(filler)
            case .top, .bottom, .unsupported: break
            }
        }
        func add(_ sub: ClassExpression, _ sup: ClassExpression) {
            note(sub)
            note(sup)
            subsumptions.append((sub, sup))
        }
        func pairwiseDisjoint(_ members: [ClassExpression]) {
            for i in members.indices {
                for j in members.indices where j > i { add(.and([members[i], members[j]]), .bottom) }
            }
        }
        for axiom in axioms {
            switch axiom {
            case .subClassOf(let sub, let sup): add(sub, sup)
            case .equivalentClasses(let left, let right):
                add(left, right)
                add(right, left)
            case .disjointClasses(let members): pairwiseDisjoint(members)
            case .disjointUnion(let whole, let members):
                add(whole, .or(members))
                add(.or(members), whole)
                pairwiseDisjoint(members)
            case .subPropertyOf(let sub, let sup): subProperties.append((sub, sup))
            case .equivalentProperties(let left, let right):
                subProperties.append((left, right))
                subProperties.append((right, left))
            case .propertyChain(let chain, let sup): propertyChains.append((chain, sup))
            case .transitive(let property): propertyChains.append(([property, property], property))
            case .domain(let property, let domain):
                note(domain)
                domains.append((property, domain))
            case .range(let property, let range):
                note(range)
                ranges.append((property, range))
            }
        }
    }
}

extension AxiomReader {
    /// The logical axioms of the store, read as `read()` reads them but kept whole.
    mutating func readLogicalAxioms() -> [LogicalAxiom] {
        var result: [LogicalAxiom] = []
        for (sub, sup) in pairs(v.subClassOf) { result.append(.subClassOf(expression(sub), expression(sup))) }
        for (lhs, rhs) in pairs(v.equivalentClass) { result.append(.equivalentClasses(expression(lhs), expression(rhs))) }
        for (lhs, rhs) in pairs(v.disjointWith) { result.append(.disjointClasses([expression(lhs), expression(rhs)])) }
        for axiom in subjects(ofType: OWL.AllDisjointClasses) {
            guard let head = object(axiom, v.members), let members = list(head) else { continue }
            result.append(.disjointClasses(members.map { expression($0) }))
        }
        for (classID, head) in pairs(v.disjointUnionOf) {
            guard let members = list(head) else { continue }
            result.append(.disjointUnion(expression(classID), members.map { expression($0) }))
        }
        for (subject, head) in pairs(v.intersectionOf) where store.term(subject).isIRI {
            guard let members = list(head) else { continue }
            result.append(.equivalentClasses(expression(subject), .and(members.map { expression($0) })))
        }
        for (sub, sup) in pairs(v.subPropertyOf) {
            if let subIRI = store.term(sub).iriString, let supIRI = store.term(sup).iriString {
                result.append(.subPropertyOf(subIRI, supIRI))
            }
        }
        for (lhs, rhs) in pairs(v.equivalentProperty) {
            if let left = store.term(lhs).iriString, let right = store.term(rhs).iriString {
                result.append(.equivalentProperties(left, right))
            }
        }
        for (property, head) in pairs(v.propertyChainAxiom) {
            guard let sup = store.term(property).iriString, let members = list(head),
                  case let chain = members.compactMap({ store.term($0).iriString }), chain.count == members.count,
                  !chain.isEmpty else { continue }
            result.append(.propertyChain(chain, sup))
        }
        for property in subjects(ofType: OWL.TransitiveProperty) {
            if let iri = store.term(property).iriString { result.append(.transitive(iri)) }
        }
        for (property, domain) in pairs(v.domain) {
            guard let iri = store.term(property).iriString, !isDataOrAnnotationProperty(property) else { continue }
            result.append(.domain(iri, expression(domain)))
        }
        for (property, range) in pairs(v.range) {
            guard let iri = store.term(property).iriString, !isDataOrAnnotationProperty(property) else { continue }
            result.append(.range(iri, expression(range)))
        }
        return result
    }
}

extension Ontology {
    /// The logical axioms of the ontology, each as stated.
    public func logicalAxioms() -> [LogicalAxiom] {
        var reader = AxiomReader(store: store)
        return reader.readLogicalAxioms()
    }
}

/// A question for the explainer: why `sub ⊑ sup`, or why `sub ⊑ ⊥` when `sup` is nil.
public struct Entailment: Hashable, Sendable {
    public var sub: String
    public var sup: String?

    public init(sub: String, sup: String?) {
        self.sub = sub
        self.sup = sup
    }

    /// Whether `axioms` entail it, by classifying exactly those axioms.
    public func holds(in axioms: some Sequence<LogicalAxiom>) -> Bool {
        let reasoner = ELReasoner(axioms: OntologyAxioms(axioms), classes: [sub] + (sup.map { [$0] } ?? []))
        let subsumers = reasoner.saturate().subsumers[Int(reasoner.classConcepts[0])]
        if subsumers.contains(ELReasoner.bottom) { return true }
        return reasoner.classConcepts.count > 1 && subsumers.contains(reasoner.classConcepts[1])
    }
}

/// The justifications of an entailment: minimal sets of axioms that entail it.
public struct Justifications: Sendable {
    /// Each justification, as indices into the axioms given to `find`, sorted.
    public var sets: [[Int]]
    /// False when the search stopped at the limit (or its node budget) before it had seen every
    /// justification.
    public var isComplete: Bool
    /// How many times the reasoner ran.
    public var reasonerCalls: Int

    /// Finds justifications of `entailment` among `axioms`, or returns nil when they do not entail it.
    ///
    /// The search runs inside the ⊥-locality module of the entailment's signature, which holds
    /// every justification. The first one is contracted from the module by removing halves, then
    /// quarters, down to single axioms; an asserted subclass link between the two names is its own
    /// explanation and comes first. Further justifications come from Reiter's hitting-set tree, each
    /// node removing one axiom of a justification found before.
    ///
    /// - Parameters:
    ///   - limit: At most this many justifications (1 for one).
    ///   - nodeBudget: At most this many tree nodes, so that the search stays bounded.
    public static func find(_ entailment: Entailment, in axioms: [LogicalAxiom], limit: Int = 1,
                            nodeBudget: Int = 2_000) -> Justifications? {
        var search = Search(entailment: entailment, axioms: axioms)
        let module = search.module()
        guard search.holds(module) else { return nil }
        var found: [[Int]] = []
        let stated = LogicalAxiom.subClassOf(.named(entailment.sub), .named(entailment.sup ?? ""))
        if let index = module.first(where: { entailment.sup != nil && axioms[$0] == stated }) {
            found.append([index])
        } else {
            found.append(search.contract(module))
        }
        var complete = true
        var queue: [[Int]] = found[0].map { [$0] }
        var seen = Set(queue)
        var closed: [Set<Int>] = []
        var nodes = 0
        while !queue.isEmpty && found.count < limit {
            nodes += 1
            guard nodes <= nodeBudget else { complete = false; break }
            let path = queue.removeFirst()
            let removed = Set(path)
            if closed.contains(where: { $0.isSubset(of: removed) }) { continue }
            let label: [Int]
            if let reused = found.first(where: { removed.isDisjoint(with: $0) }) {
                label = reused
            } else {
                let remaining = module.filter { !removed.contains($0) }
                guard search.holds(remaining) else {
                    closed.append(removed)
                    continue
                }
                label = search.contract(remaining)
                found.append(label)
            }
            for index in label {
                let next = (path + [index]).sorted()
                if seen.insert(next).inserted { queue.append(next) }
            }
        }
        if found.count >= limit && !queue.isEmpty { complete = false }
        return Justifications(sets: found.prefix(limit).map { $0.sorted() }, isComplete: complete,
                              reasonerCalls: search.calls)
    }

    struct Search {
        let entailment: Entailment
        let axioms: [LogicalAxiom]
        var calls = 0

        mutating func holds(_ indices: some Collection<Int>) -> Bool {
            calls += 1
            let axioms = self.axioms
            return entailment.holds(in: indices.map { axioms[$0] })
        }

        /// The indices of the axioms that are not ⊥-local for the growing signature, in order.
        func module() -> [Int] {
            var signature: Set<String> = [entailment.sub]
            if let sup = entailment.sup { signature.insert(sup) }
            let signatures = axioms.map(\.signature)
            var inModule = [Bool](repeating: false, count: axioms.count)
            var changed = true
            while changed {
                changed = false
                for index in axioms.indices where !inModule[index] && !axioms[index].isBottomLocal(signature) {
                    inModule[index] = true
                    signature.formUnion(signatures[index])
                    changed = true
                }
            }
            return axioms.indices.filter { inModule[$0] }
        }

        /// A minimal subset of `entailing` (which entails the question) that still entails it.
        mutating func contract(_ entailing: [Int]) -> [Int] {
            var current = entailing
            var chunk = max(1, current.count / 2)
            while true {
                var start = 0
                while start < current.count {
                    let end = min(current.count, start + chunk)
                    let candidate = Array(current[..<start] + current[end...])
                    if holds(candidate) { current = candidate } else { start = end }
                }
                if chunk == 1 { return current }
                chunk = max(1, chunk / 2)
            }
        }
    }
}
