/// Where a class expression sits in a classified ontology: Protégé's DL Query tab.
public struct ExpressionPlacement: Sendable, Equatable {
    /// False when the expression is equivalent to `owl:Nothing`; every list is then empty.
    public var isSatisfiable: Bool
    /// Named classes equivalent to the expression.
    public var equivalents: [ClassID]
    /// Named strict superclasses: the direct ones, or all of them.
    public var superclasses: [ClassID]
    /// Named strict subclasses (satisfiable ones): the direct ones, or all of them.
    public var subclasses: [ClassID]
}

extension ClassifiedOntology {
    /// Places `expression` among the ontology's own classes, by adding it as a fresh named class
    /// `Q ≡ expression` and classifying. Foreign classes are left out, as in the hierarchy.
    ///
    /// - Parameter all: Every superclass and subclass, not only the direct ones.
    /// - Complexity: One classification of the ontology plus the new class.
    public func place(_ expression: ClassExpression, all: Bool = false) -> ExpressionPlacement {
        let query = "urn:panet:query"
        var axioms = OntologyAxioms(store: ontology.store)
        axioms.subsumptions.append((.named(query), expression))
        axioms.subsumptions.append((expression, .named(query)))
        let reasoner = ELReasoner(axioms: axioms, classes: ontology.classes.map(\.iri) + [query])
        let subsumers = reasoner.saturate().subsumers
        let queryConcept = reasoner.classConcepts[ontology.classes.count]
        guard !subsumers[Int(queryConcept)].contains(ELReasoner.bottom) else {
            return ExpressionPlacement(isSatisfiable: false, equivalents: [], superclasses: [], subclasses: [])
        }
        var classOfConcept: [ELReasoner.Concept: ClassID] = [:]
        for id in ontology.classIDs { classOfConcept[reasoner.classConcepts[Int(id)]] = id }
        let unsatisfiable = Set(classification.unsatisfiable)
        let isOwn = { (id: ClassID) in self.kind(of: id) != .foreign && !unsatisfiable.contains(id) }
        let supers = Set(subsumers[Int(queryConcept)].compactMap { classOfConcept[$0] }.filter(isOwn))
        let subs = Set(ontology.classIDs.filter { id in
            isOwn(id) && subsumers[Int(reasoner.classConcepts[Int(id)])].contains(queryConcept)
        })
        let equivalents = supers.intersection(subs)
        var strictSupers = supers.subtracting(equivalents), strictSubs = subs.subtracting(equivalents)
        let ancestors = classification.completeHierarchy.superclasses
        /// Whether `a` is strictly below `b`.
        func isBelow(_ a: ClassID, _ b: ClassID) -> Bool {
            ancestors[Int(a)].contains(b) && !ancestors[Int(b)].contains(a)
        }
        if !all {
            strictSupers = strictSupers.filter { candidate in !strictSupers.contains { isBelow($0, candidate) } }
            strictSubs = strictSubs.filter { candidate in !strictSubs.contains { isBelow(candidate, $0) } }
        }
        return ExpressionPlacement(isSatisfiable: true, equivalents: equivalents.sorted(), superclasses: strictSupers.sorted(),
                                   subclasses: strictSubs.sorted())
    }
}
