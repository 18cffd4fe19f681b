public import RDFModel

extension OWLOntologyDocument {
    /// The RDF graph of the ontology, as "OWL 2 Mapping to RDF Graphs" section 2 defines it:
    /// the header, every axiom (annotated axioms reified with `owl:Axiom`, or annotated on their
    /// blank node), `rdf:List`s for n-ary constructs and fresh blank nodes for anonymous
    /// expressions. Each anonymous individual's node id becomes one blank node
    /// `<anonymousIndividualPrefix>1`, `2`, ... (node ids such as `_:genid1` are no valid labels);
    /// structural blank nodes are `<structuralPrefix>1`, `2`, ...
    public func rdfTriples(anonymousIndividualPrefix: String = "a", structuralPrefix: String = "b") -> [Triple] {
        let document = self
        return LargeStack.run {
            var mapper = OWLRDFMapper(anonymousPrefix: anonymousIndividualPrefix, freshPrefix: structuralPrefix)
            mapper.mapHeader(document)
            for axiom in document.axioms { mapper.map(axiom) }
            // An RDF graph is a set: an entity declared twice gives one triple.
            var seen = Set<Triple>()
            return mapper.triples.filter { seen.insert($0).inserted }
        }
    }
}

/// IRIs of the OWL 2 vocabulary used only by the RDF mapping.
enum OWLTerms {
    static let ns = OWL.namespace
    static let datatype = RDFS.namespace + "Datatype"
    static let onDatatype = ns + "onDatatype"
    static let withRestrictions = ns + "withRestrictions"
    static let datatypeComplementOf = ns + "datatypeComplementOf"
    static let onClass = ns + "onClass"
    static let onDataRange = ns + "onDataRange"
    static let onProperties = ns + "onProperties"
    static let propertyDisjointWith = ns + "propertyDisjointWith"
    static let allDisjointProperties = ns + "AllDisjointProperties"
    static let allDifferent = ns + "AllDifferent"
    static let sameAs = ns + "sameAs"
    static let differentFrom = ns + "differentFrom"
    static let hasKey = ns + "hasKey"
    static let negativePropertyAssertion = ns + "NegativePropertyAssertion"
    static let sourceIndividual = ns + "sourceIndividual"
    static let assertionProperty = ns + "assertionProperty"
    static let targetIndividual = ns + "targetIndividual"
    static let targetValue = ns + "targetValue"
    static let annotation = ns + "Annotation"
    static let annotatedSource = ns + "annotatedSource"
    static let annotatedProperty = ns + "annotatedProperty"
    static let annotatedTarget = ns + "annotatedTarget"
    static let nonNegativeInteger = XSD.namespace + "nonNegativeInteger"
}

/// Builds the triples; one per document.
struct OWLRDFMapper {
    let anonymousPrefix: String
    let freshPrefix: String
    var triples: [Triple] = []
    private var counter = 0
    private var anonymousIndividuals: [String: Term] = [:]

    init(anonymousPrefix: String, freshPrefix: String) {
        self.anonymousPrefix = anonymousPrefix
        self.freshPrefix = freshPrefix
    }

    private mutating func fresh() -> Term {
        counter += 1
        return .blankNode(freshPrefix + String(counter))
    }

    private mutating func add(_ subject: Term, _ predicate: String, _ object: Term) {
        triples.append(Triple(subject, .iri(predicate), object))
    }

    private mutating func add(_ subject: Term, _ predicate: String, _ object: String) {
        triples.append(Triple(subject, .iri(predicate), .iri(object)))
    }

    // MARK: Header and annotations

    mutating func mapHeader(_ document: OWLOntologyDocument) {
        let node: Term = document.ontologyIRI.map { .iri($0) } ?? fresh()
        add(node, RDF.type, OWL.Ontology)
        if let version = document.versionIRI { add(node, OWL.versionIRI, version) }
        for imported in document.imports { add(node, OWL.imports, imported) }
        for annotation in document.annotations { mapAnnotation(annotation, of: node) }
    }

    /// TANN(annotation, x): the triple, and an `owl:Annotation` node for annotated annotations.
    private mutating func mapAnnotation(_ annotation: OWLAnnotation, of subject: Term) {
        let value = term(annotation.value)
        add(subject, annotation.property, value)
        if !annotation.annotations.isEmpty {
            let node = fresh()
            add(node, RDF.type, OWLTerms.annotation)
            reify(node, subject, annotation.property, value, annotations: annotation.annotations)
        }
    }

    private mutating func reify(_ node: Term, _ subject: Term, _ predicate: String, _ object: Term,
                                annotations: [OWLAnnotation]) {
        add(node, OWLTerms.annotatedSource, subject)
        add(node, OWLTerms.annotatedProperty, predicate)
        add(node, OWLTerms.annotatedTarget, object)
        for annotation in annotations { mapAnnotation(annotation, of: node) }
    }

    /// A main triple of an axiom, reified with `owl:Axiom` when the axiom is annotated.
    private mutating func main(_ subject: Term, _ predicate: String, _ object: Term, _ annotations: [OWLAnnotation]) {
        add(subject, predicate, object)
        if !annotations.isEmpty {
            let node = fresh()
            add(node, RDF.type, OWL.Axiom)
            reify(node, subject, predicate, object, annotations: annotations)
        }
    }

    /// An axiom represented by a blank node: its annotations go on that node.
    private mutating func blankNodeAxiom(type: String, _ annotations: [OWLAnnotation]) -> Term {
        let node = fresh()
        add(node, RDF.type, type)
        for annotation in annotations { mapAnnotation(annotation, of: node) }
        return node
    }

    // MARK: Terms

    private mutating func anonymous(_ nodeID: String) -> Term {
        if let node = anonymousIndividuals[nodeID] { return node }
        let node = Term.blankNode(anonymousPrefix + String(anonymousIndividuals.count + 1))
        anonymousIndividuals[nodeID] = node
        return node
    }

    private mutating func term(_ value: OWLAnnotationValue) -> Term {
        switch value {
        case .iri(let iri): return .iri(iri)
        case .literal(let literal): return .literal(literal)
        case .anonymous(let id): return anonymous(id)
        }
    }

    private mutating func term(_ individual: OWLIndividual) -> Term {
        switch individual {
        case .named(let iri): return .iri(iri)
        case .anonymous(let id): return anonymous(id)
        }
    }

    private mutating func term(_ property: OWLObjectPropertyExpression) -> Term {
        switch property {
        case .property(let iri): return .iri(iri)
        case .inverseOf(let iri):
            let node = fresh()
            add(node, OWL.inverseOf, iri)
            return node
        }
    }

    /// T(SEQ y1 ... yn): `rdf:nil`, or a chain of `rdf:first`/`rdf:rest` blank nodes.
    private mutating func list(_ items: [Term]) -> Term {
        guard !items.isEmpty else { return .iri(RDF.nil) }
        let nodes = items.map { _ in fresh() }
        for (index, item) in items.enumerated() {
            add(nodes[index], RDF.first, item)
            add(nodes[index], RDF.rest, index + 1 < nodes.count ? nodes[index + 1] : .iri(RDF.nil))
        }
        return nodes[0]
    }

    private static func count(_ value: Int) -> Term {
        .literal(Literal(String(value), datatype: OWLTerms.nonNegativeInteger))
    }

    private mutating func term(_ range: OWLDataRange) -> Term {
        switch range {
        case .datatype(let iri): return .iri(iri)
        case .intersectionOf(let ranges):
            return typedNode(OWLTerms.datatype, OWL.intersectionOf, list(ranges.map { term($0) }))
        case .unionOf(let ranges):
            return typedNode(OWLTerms.datatype, OWL.unionOf, list(ranges.map { term($0) }))
        case .complementOf(let range):
            return typedNode(OWLTerms.datatype, OWLTerms.datatypeComplementOf, term(range))
        case .oneOf(let literals):
            return typedNode(OWLTerms.datatype, OWL.oneOf, list(literals.map { .literal($0) }))
        case .restriction(let datatype, let facets):
            var facetNodes: [Term] = []
            for facet in facets {
                let node = fresh()
                add(node, facet.facet, .literal(facet.value))
                facetNodes.append(node)
            }
            let node = typedNode(OWLTerms.datatype, OWLTerms.onDatatype, .iri(datatype))
            add(node, OWLTerms.withRestrictions, list(facetNodes))
            return node
        }
    }

    private mutating func typedNode(_ type: String, _ predicate: String, _ object: Term) -> Term {
        let node = fresh()
        add(node, RDF.type, type)
        add(node, predicate, object)
        return node
    }

    private mutating func restriction(_ property: Term, _ predicate: String, _ object: Term) -> Term {
        let node = fresh()
        add(node, RDF.type, OWL.Restriction)
        add(node, OWL.onProperty, property)
        add(node, predicate, object)
        return node
    }

    /// The data property part of `DataSomeValuesFrom`/`DataAllValuesFrom`: `owl:onProperty` for
    /// one property, `owl:onProperties` with a list for several.
    private mutating func dataRestriction(_ properties: [String], _ predicate: String, _ range: OWLDataRange) -> Term {
        if properties.count == 1 { return restriction(.iri(properties[0]), predicate, term(range)) }
        let node = fresh()
        add(node, RDF.type, OWL.Restriction)
        add(node, OWLTerms.onProperties, list(properties.map { .iri($0) }))
        add(node, predicate, term(range))
        return node
    }

    private static func cardinalityPredicates(_ kind: OWLCardinality) -> (plain: String, qualified: String) {
        switch kind {
        case .min: return (OWL.minCardinality, OWL.minQualifiedCardinality)
        case .max: return (OWL.maxCardinality, OWL.maxQualifiedCardinality)
        case .exact: return (OWL.cardinality, OWL.qualifiedCardinality)
        }
    }

    mutating func term(_ expression: OWLClassExpression) -> Term {
        switch expression {
        case .class(let iri): return .iri(iri)
        case .objectIntersectionOf(let operands):
            return typedNode(OWL.Class, OWL.intersectionOf, list(operands.map { term($0) }))
        case .objectUnionOf(let operands):
            return typedNode(OWL.Class, OWL.unionOf, list(operands.map { term($0) }))
        case .objectComplementOf(let operand):
            return typedNode(OWL.Class, OWL.complementOf, term(operand))
        case .objectOneOf(let individuals):
            return typedNode(OWL.Class, OWL.oneOf, list(individuals.map { term($0) }))
        case .objectSomeValuesFrom(let property, let filler):
            return restriction(term(property), OWL.someValuesFrom, term(filler))
        case .objectAllValuesFrom(let property, let filler):
            return restriction(term(property), OWL.allValuesFrom, term(filler))
        case .objectHasValue(let property, let individual):
            return restriction(term(property), OWL.hasValue, term(individual))
        case .objectHasSelf(let property):
            return restriction(term(property), OWL.hasSelf, .literal(Literal("true", datatype: XSD.boolean)))
        case .objectCardinality(let kind, let value, let property, let filler):
            let predicates = Self.cardinalityPredicates(kind)
            guard let filler else { return restriction(term(property), predicates.plain, Self.count(value)) }
            let node = restriction(term(property), predicates.qualified, Self.count(value))
            add(node, OWLTerms.onClass, term(filler))
            return node
        case .dataSomeValuesFrom(let properties, let range):
            return dataRestriction(properties, OWL.someValuesFrom, range)
        case .dataAllValuesFrom(let properties, let range):
            return dataRestriction(properties, OWL.allValuesFrom, range)
        case .dataHasValue(let property, let literal):
            return restriction(.iri(property), OWL.hasValue, .literal(literal))
        case .dataCardinality(let kind, let value, let property, let filler):
            let predicates = Self.cardinalityPredicates(kind)
            guard let filler else { return restriction(.iri(property), predicates.plain, Self.count(value)) }
            let node = restriction(.iri(property), predicates.qualified, Self.count(value))
            add(node, OWLTerms.onDataRange, term(filler))
            return node
        }
    }

    // MARK: Axioms

    private static func declarationType(_ kind: OWLEntityKind) -> String {
        switch kind {
        case .class: return OWL.Class
        case .objectProperty: return OWL.ObjectProperty
        case .dataProperty: return OWL.DatatypeProperty
        case .annotationProperty: return OWL.AnnotationProperty
        case .namedIndividual: return OWL.NamedIndividual
        case .datatype: return OWLTerms.datatype
        }
    }

    private static func characteristicType(_ characteristic: OWLObjectPropertyCharacteristic) -> String {
        switch characteristic {
        case .functional: return OWL.FunctionalProperty
        case .inverseFunctional: return OWL.InverseFunctionalProperty
        case .reflexive: return OWL.ReflexiveProperty
        case .irreflexive: return OWL.IrreflexiveProperty
        case .symmetric: return OWL.SymmetricProperty
        case .asymmetric: return OWL.AsymmetricProperty
        case .transitive: return OWL.TransitiveProperty
        }
    }

    /// Equivalences and `owl:sameAs`: one main triple per consecutive pair, each reified.
    private mutating func pairwise(_ terms: [Term], _ predicate: String, _ annotations: [OWLAnnotation]) {
        for index in terms.indices.dropLast() {
            main(terms[index], predicate, terms[index + 1], annotations)
        }
    }

    /// Two members: one main triple with `pairPredicate`; more: an `allType` blank node with `owl:members`.
    private mutating func disjointness(_ terms: [Term], pairPredicate: String, allType: String,
                                       _ annotations: [OWLAnnotation]) {
        if terms.count == 2 {
            main(terms[0], pairPredicate, terms[1], annotations)
        } else {
            let node = blankNodeAxiom(type: allType, annotations)
            add(node, OWL.members, list(terms))
        }
    }

    mutating func map(_ axiom: OWLAxiom) {
        let annotations = axiom.annotations
        switch axiom.content {
        case .declaration(let entity):
            main(.iri(entity.iri), RDF.type, .iri(Self.declarationType(entity.kind)), annotations)
        case .subClassOf(let sub, let sup):
            let subject = term(sub)
            main(subject, RDFS.subClassOf, term(sup), annotations)
        case .equivalentClasses(let classes):
            pairwise(classes.map { term($0) }, OWL.equivalentClass, annotations)
        case .disjointClasses(let classes):
            disjointness(classes.map { term($0) }, pairPredicate: OWL.disjointWith,
                         allType: OWL.AllDisjointClasses, annotations)
        case .disjointUnion(let iri, let classes):
            main(.iri(iri), OWL.disjointUnionOf, list(classes.map { term($0) }), annotations)
        case .subObjectPropertyOf(let sub, let sup):
            let subject = term(sub)
            main(subject, RDFS.subPropertyOf, term(sup), annotations)
        case .subPropertyChainOf(let chain, let sup):
            let subject = term(sup)
            main(subject, OWL.propertyChainAxiom, list(chain.map { term($0) }), annotations)
        case .equivalentObjectProperties(let properties):
            pairwise(properties.map { term($0) }, OWL.equivalentProperty, annotations)
        case .disjointObjectProperties(let properties):
            disjointness(properties.map { term($0) }, pairPredicate: OWLTerms.propertyDisjointWith,
                         allType: OWLTerms.allDisjointProperties, annotations)
        case .inverseObjectProperties(let first, let second):
            let subject = term(first)
            main(subject, OWL.inverseOf, term(second), annotations)
        case .objectPropertyDomain(let property, let domain):
            let subject = term(property)
            main(subject, RDFS.domain, term(domain), annotations)
        case .objectPropertyRange(let property, let range):
            let subject = term(property)
            main(subject, RDFS.range, term(range), annotations)
        case .objectPropertyCharacteristic(let characteristic, let property):
            main(term(property), RDF.type, .iri(Self.characteristicType(characteristic)), annotations)
        case .subDataPropertyOf(let sub, let sup):
            main(.iri(sub), RDFS.subPropertyOf, .iri(sup), annotations)
        case .equivalentDataProperties(let properties):
            pairwise(properties.map { .iri($0) }, OWL.equivalentProperty, annotations)
        case .disjointDataProperties(let properties):
            disjointness(properties.map { .iri($0) }, pairPredicate: OWLTerms.propertyDisjointWith,
                         allType: OWLTerms.allDisjointProperties, annotations)
        case .dataPropertyDomain(let property, let domain):
            main(.iri(property), RDFS.domain, term(domain), annotations)
        case .dataPropertyRange(let property, let range):
            main(.iri(property), RDFS.range, term(range), annotations)
        case .functionalDataProperty(let property):
            main(.iri(property), RDF.type, .iri(OWL.FunctionalProperty), annotations)
        case .datatypeDefinition(let datatype, let range):
            main(.iri(datatype), OWL.equivalentClass, term(range), annotations)
        case .hasKey(let expression, let objectProperties, let dataProperties):
            let subject = term(expression)
            var keys: [Term] = []
            for property in objectProperties { keys.append(term(property)) }
            keys += dataProperties.map { .iri($0) }
            main(subject, OWLTerms.hasKey, list(keys), annotations)
        case .sameIndividual(let individuals):
            pairwise(individuals.map { term($0) }, OWLTerms.sameAs, annotations)
        case .differentIndividuals(let individuals):
            disjointness(individuals.map { term($0) }, pairPredicate: OWLTerms.differentFrom,
                         allType: OWLTerms.allDifferent, annotations)
        case .classAssertion(let expression, let individual):
            main(term(individual), RDF.type, term(expression), annotations)
        case .objectPropertyAssertion(let property, let source, let target):
            switch property {
            case .property(let iri): main(term(source), iri, term(target), annotations)
            case .inverseOf(let iri): main(term(target), iri, term(source), annotations)
            }
        case .negativeObjectPropertyAssertion(let property, let source, let target):
            let node = blankNodeAxiom(type: OWLTerms.negativePropertyAssertion, annotations)
            add(node, OWLTerms.sourceIndividual, term(source))
            add(node, OWLTerms.assertionProperty, term(property))
            add(node, OWLTerms.targetIndividual, term(target))
        case .dataPropertyAssertion(let property, let source, let value):
            main(term(source), property, .literal(value), annotations)
        case .negativeDataPropertyAssertion(let property, let source, let value):
            let node = blankNodeAxiom(type: OWLTerms.negativePropertyAssertion, annotations)
            add(node, OWLTerms.sourceIndividual, term(source))
            add(node, OWLTerms.assertionProperty, .iri(property))
            add(node, OWLTerms.targetValue, .literal(value))
        case .annotationAssertion(let property, let subject, let value):
            let subjectTerm: Term
            switch subject {
            case .iri(let iri): subjectTerm = .iri(iri)
            case .anonymous(let id): subjectTerm = anonymous(id)
            }
            main(subjectTerm, property, term(value), annotations)
        case .subAnnotationPropertyOf(let sub, let sup):
            main(.iri(sub), RDFS.subPropertyOf, .iri(sup), annotations)
        case .annotationPropertyDomain(let property, let domain):
            main(.iri(property), RDFS.domain, .iri(domain), annotations)
        case .annotationPropertyRange(let property, let range):
            main(.iri(property), RDFS.range, .iri(range), annotations)
        }
    }
}
