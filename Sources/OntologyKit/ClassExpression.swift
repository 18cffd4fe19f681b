import RDFModel
public import RDFStore

/// An OWL class expression, as far as the EL classifier understands it.
public indirect enum ClassExpression: Hashable, Sendable {
    /// `owl:Thing`.
    case top
    /// `owl:Nothing`.
    case bottom
    /// A named class (or any IRI used where a class is expected).
    case named(String)
    /// `owl:intersectionOf`.
    case and([ClassExpression])
    /// `owl:unionOf`; usable only on the left of a subsumption.
    case or([ClassExpression])
    /// `owl:someValuesFrom` (also `owl:minCardinality 1` / `owl:minQualifiedCardinality 1`).
    case some(property: String, filler: ClassExpression)
    /// A construct outside OWL 2 EL (universals, negation, cardinalities ...), by its vocabulary name.
    case unsupported(String)
}

/// The logical axioms the classifier reads from an ontology.
public struct OntologyAxioms: Sendable {
    /// `sub ⊑ sup` class axioms (equivalences appear as two axioms).
    public var subsumptions: [(sub: ClassExpression, sup: ClassExpression)] = []
    /// `rdfs:subPropertyOf` pairs (equivalent properties appear as two pairs).
    public var subProperties: [(sub: String, sup: String)] = []
    /// `owl:propertyChainAxiom` (and transitivity, as `r∘r ⊑ r`).
    public var propertyChains: [(chain: [String], sup: String)] = []
    /// `rdfs:domain`.
    public var domains: [(property: String, domain: ClassExpression)] = []
    /// `rdfs:range`.
    public var ranges: [(property: String, range: ClassExpression)] = []
    /// Counts of constructs and axioms the EL classifier cannot use, by name.
    public var ignored: [String: Int] = [:]
    /// IRIs used as classes in axioms, each once, in the order first met.
    public var classIRIs: [String] = []

    mutating func ignore(_ construct: String) {
        ignored[construct, default: 0] += 1
    }
}

extension OntologyAxioms {
    /// Reads the class and property axioms of the default graph of `store`.
    public init(store: TripleStore) {
        var reader = AxiomReader(store: store)
        self = reader.read()
    }
}

/// Turns OWL's RDF mapping (OWL 2 Mapping to RDF Graphs, §3) back into axioms.
struct AxiomReader {
    let store: TripleStore
    var axioms = OntologyAxioms()
    var cache: [TermID: ClassExpression] = [:]

    /// Term ids of the OWL/RDF vocabulary, looked up once: hashing an IRI per access is slow.
    struct Vocabulary {
        let type: TermID?
        let first: TermID?
        let rest: TermID?
        let listEnd: TermID?
        let subClassOf: TermID?
        let subPropertyOf: TermID?
        let domain: TermID?
        let range: TermID?
        let intersectionOf: TermID?
        let unionOf: TermID?
        let complementOf: TermID?
        let oneOf: TermID?
        let onProperty: TermID?
        let someValuesFrom: TermID?
        let allValuesFrom: TermID?
        let hasValue: TermID?
        let hasSelf: TermID?
        let minCardinality: TermID?
        let minQualifiedCardinality: TermID?
        let cardinality: TermID?
        let maxCardinality: TermID?
        let qualifiedCardinality: TermID?
        let maxQualifiedCardinality: TermID?
        let onClass: TermID?
        let equivalentClass: TermID?
        let disjointWith: TermID?
        let members: TermID?
        let disjointUnionOf: TermID?
        let equivalentProperty: TermID?
        let propertyChainAxiom: TermID?
        let inverseOf: TermID?

        init(_ store: TripleStore) {
            type = store.id(of: .iri(RDF.type))
            first = store.id(of: .iri(RDF.first))
            rest = store.id(of: .iri(RDF.rest))
            listEnd = store.id(of: .iri(RDF.nil))
            subClassOf = store.id(of: .iri(RDFS.subClassOf))
            subPropertyOf = store.id(of: .iri(RDFS.subPropertyOf))
            domain = store.id(of: .iri(RDFS.domain))
            range = store.id(of: .iri(RDFS.range))
            intersectionOf = store.id(of: .iri(OWL.intersectionOf))
            unionOf = store.id(of: .iri(OWL.unionOf))
            complementOf = store.id(of: .iri(OWL.complementOf))
            oneOf = store.id(of: .iri(OWL.oneOf))
            onProperty = store.id(of: .iri(OWL.onProperty))
            someValuesFrom = store.id(of: .iri(OWL.someValuesFrom))
            allValuesFrom = store.id(of: .iri(OWL.allValuesFrom))
            hasValue = store.id(of: .iri(OWL.hasValue))
            hasSelf = store.id(of: .iri(OWL.hasSelf))
            minCardinality = store.id(of: .iri(OWL.minCardinality))
            minQualifiedCardinality = store.id(of: .iri(OWL.minQualifiedCardinality))
            cardinality = store.id(of: .iri(OWL.cardinality))
            maxCardinality = store.id(of: .iri(OWL.maxCardinality))
            qualifiedCardinality = store.id(of: .iri(OWL.qualifiedCardinality))
            maxQualifiedCardinality = store.id(of: .iri(OWL.maxQualifiedCardinality))
            onClass = store.id(of: .iri(OWL.namespace + "onClass"))
            equivalentClass = store.id(of: .iri(OWL.equivalentClass))
            disjointWith = store.id(of: .iri(OWL.disjointWith))
            members = store.id(of: .iri(OWL.members))
            disjointUnionOf = store.id(of: .iri(OWL.disjointUnionOf))
            equivalentProperty = store.id(of: .iri(OWL.equivalentProperty))
            propertyChainAxiom = store.id(of: .iri(OWL.propertyChainAxiom))
            inverseOf = store.id(of: .iri(OWL.inverseOf))
        }
    }

    let v: Vocabulary

    init(store: TripleStore) {
        self.store = store
        self.v = Vocabulary(store)
    }

    func id(_ iri: String) -> TermID? {
        store.id(of: .iri(iri))
    }

    /// One object of `subject predicate ?o`, without collecting the others.
    func object(_ subject: TermID, _ predicate: TermID?) -> TermID? {
        guard let p = predicate else { return nil }
        return store.firstMatch(IDPattern(subject: subject, predicate: p))?.object
    }

    func pairs(_ predicate: TermID?) -> [(TermID, TermID)] {
        guard let p = predicate else { return [] }
        return store.matches(IDPattern(predicate: p)).map { ($0.subject, $0.object) }
    }

    func subjects(ofType type: String) -> [TermID] {
        guard let p = v.type, let o = id(type) else { return [] }
        return store.matches(IDPattern(predicate: p, object: o)).map(\.subject)
    }

    /// The members of an RDF list, or nil for a malformed or cyclic list.
    func list(_ head: TermID) -> [TermID]? {
        var items: [TermID] = []
        var node = head
        var seen: Set<TermID> = []
        let nilID = v.listEnd
        while node != nilID {
            guard seen.insert(node).inserted, let first = object(node, v.first),
                  let rest = object(node, v.rest) else { return nil }
            items.append(first)
            node = rest
        }
        return items
    }

    mutating func read() -> OntologyAxioms {
        for (sub, sup) in pairs(v.subClassOf) {
            add(expression(sub), expression(sup))
        }
        for (lhs, rhs) in pairs(v.equivalentClass) {
            let left = expression(lhs), right = expression(rhs)
            add(left, right)
            add(right, left)
        }
        for (lhs, rhs) in pairs(v.disjointWith) {
            add(.and([expression(lhs), expression(rhs)]), .bottom)
        }
        for axiom in subjects(ofType: OWL.AllDisjointClasses) {
            guard let head = object(axiom, v.members), let members = list(head) else { continue }
            let expressions = members.map { expression($0) }
            for i in expressions.indices {
                for j in expressions.indices where j > i { add(.and([expressions[i], expressions[j]]), .bottom) }
            }
        }
        for (classID, head) in pairs(v.disjointUnionOf) {
            guard let members = list(head) else { continue }
            let expressions = members.map { expression($0) }
            let whole = expression(classID)
            add(whole, .or(expressions))
            add(.or(expressions), whole)
            for i in expressions.indices {
                for j in expressions.indices where j > i { add(.and([expressions[i], expressions[j]]), .bottom) }
            }
        }
        // owl:intersectionOf / owl:unionOf stated directly on a named class mean equivalence.
        for (subject, head) in pairs(v.intersectionOf) where store.term(subject).isIRI {
            guard let members = list(head) else { continue }
            let whole = expression(subject)
            let conjunction = ClassExpression.and(members.map { expression($0) })
            add(whole, conjunction)
            add(conjunction, whole)
        }
        readProperties()
        return axioms
    }

    mutating func readProperties() {
        for (sub, sup) in pairs(v.subPropertyOf) {
            guard let subIRI = store.term(sub).iriString, let supIRI = store.term(sup).iriString else {
                axioms.ignore("rdfs:subPropertyOf with a property expression")
                continue
            }
            axioms.subProperties.append((subIRI, supIRI))
        }
        for (lhs, rhs) in pairs(v.equivalentProperty) {
            guard let left = store.term(lhs).iriString, let right = store.term(rhs).iriString else { continue }
            axioms.subProperties.append((left, right))
            axioms.subProperties.append((right, left))
        }
        for (property, head) in pairs(v.propertyChainAxiom) {
            guard let sup = store.term(property).iriString, let members = list(head),
                  case let chain = members.compactMap({ store.term($0).iriString }), chain.count == members.count,
                  chain.count >= 1 else {
                axioms.ignore("owl:propertyChainAxiom (malformed)")
                continue
            }
            axioms.propertyChains.append((chain, sup))
        }
        for property in subjects(ofType: OWL.TransitiveProperty) {
            if let iri = store.term(property).iriString { axioms.propertyChains.append(([iri, iri], iri)) }
        }
        for (property, domain) in pairs(v.domain) {
            guard let iri = store.term(property).iriString, !isDataOrAnnotationProperty(property) else { continue }
            axioms.domains.append((iri, expression(domain)))
        }
        for (property, range) in pairs(v.range) {
            guard let iri = store.term(property).iriString, !isDataOrAnnotationProperty(property) else { continue }
            axioms.ranges.append((iri, expression(range)))
        }
        for (kind, name) in [(v.inverseOf, "owl:inverseOf"), (v.hasSelf, "owl:hasSelf")] {
            let count = pairs(kind).count
            if count > 0 { axioms.ignored[name, default: 0] += count }
        }
        for (type, name) in [(OWL.SymmetricProperty, "owl:SymmetricProperty"), (OWL.FunctionalProperty, "owl:FunctionalProperty"),
                             (OWL.InverseFunctionalProperty, "owl:InverseFunctionalProperty"),
                             (OWL.AsymmetricProperty, "owl:AsymmetricProperty"), (OWL.IrreflexiveProperty, "owl:IrreflexiveProperty")] {
            let count = subjects(ofType: type).count
            if count > 0 { axioms.ignored[name, default: 0] += count }
        }
    }

    func isDataOrAnnotationProperty(_ property: TermID) -> Bool {
        guard let typeID = id(RDF.type) else { return false }
        for type in [OWL.DatatypeProperty, OWL.AnnotationProperty] {
            if let typeValue = id(type), store.contains(IDPattern(subject: property, predicate: typeID, object: typeValue)) {
                return true
            }
        }
        return false
    }

    mutating func add(_ sub: ClassExpression, _ sup: ClassExpression) {
        axioms.subsumptions.append((sub, sup))
    }

    /// The class expression a node denotes.
    mutating func expression(_ node: TermID, depth: Int = 0) -> ClassExpression {
        if let cached = cache[node] { return cached }
        let result = buildExpression(node, depth: depth)
        cache[node] = result
        return result
    }

    private mutating func buildExpression(_ node: TermID, depth: Int) -> ClassExpression {
        switch store.term(node) {
        case .iri(let iri):
            if iri == OWL.Thing { return .top }
            if iri == OWL.Nothing { return .bottom }
            axioms.classIRIs.append(iri)  // once per term: expressions are cached by node
            return .named(iri)
        case .literal:
            axioms.ignore("literal used as a class")
            return .unsupported("literal")
        case .blankNode:
            break
        }
        guard depth < 64 else {
            axioms.ignore("class expression nested too deeply")
            return .unsupported("nesting")
        }
        if let head = object(node, v.intersectionOf) {
            guard let members = list(head) else { return unsupported("owl:intersectionOf (malformed list)") }
            return .and(members.map { expression($0, depth: depth + 1) })
        }
        if let head = object(node, v.unionOf) {
            guard let members = list(head) else { return unsupported("owl:unionOf (malformed list)") }
            return .or(members.map { expression($0, depth: depth + 1) })
        }
        if object(node, v.complementOf) != nil { return unsupported("owl:complementOf") }
        if object(node, v.oneOf) != nil { return unsupported("owl:oneOf") }
        guard let propertyNode = object(node, v.onProperty) else {
            return unsupported("unrecognised class expression")
        }
        guard let property = store.term(propertyNode).iriString else {
            return unsupported("inverse property expression")
        }
        if let filler = object(node, v.someValuesFrom) {
            return .some(property: property, filler: expression(filler, depth: depth + 1))
        }
        for (cardinality, name) in [(v.minCardinality, "owl:minCardinality"),
                                    (v.minQualifiedCardinality, "owl:minQualifiedCardinality")] {
            if let value = object(node, cardinality) {
                let number = Int(store.term(value).literalValue?.lexicalForm ?? "") ?? 0
                guard number == 1 else { return unsupported(name) }
                let filler = object(node, v.onClass).map { expression($0, depth: depth + 1) } ?? .top
                return .some(property: property, filler: filler)
            }
        }
        if object(node, v.allValuesFrom) != nil { return unsupported("owl:allValuesFrom") }
        if object(node, v.hasValue) != nil { return unsupported("owl:hasValue") }
        if object(node, v.hasSelf) != nil { return unsupported("owl:hasSelf") }
        for (cardinality, name) in [(v.cardinality, "owl:cardinality"), (v.maxCardinality, "owl:maxCardinality"),
                                    (v.qualifiedCardinality, "owl:qualifiedCardinality"),
                                    (v.maxQualifiedCardinality, "owl:maxQualifiedCardinality")] where object(node, cardinality) != nil {
            return unsupported(name)
        }
        return unsupported("unrecognised restriction")
    }

    private mutating func unsupported(_ name: String) -> ClassExpression {
        axioms.ignore(name)
        return .unsupported(name)
    }
}
