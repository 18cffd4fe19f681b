import RDFModel
import RDFStore
#if canImport(Glibc)
import Glibc
#endif

/// The inferred class hierarchy of an ontology, over its named classes.
public struct Classification: Sendable {
    /// The hierarchy of the ontology's own classes (see `TermKind`), indexed by `ClassID`: what
    /// term lists, roots, trees, paths and expansions show. Foreign classes are excluded.
    public let hierarchy: ClassHierarchy
    /// The hierarchy over every named class, foreign ones included: the reasoner's full answer.
    public let completeHierarchy: ClassHierarchy
    /// The kind of each class (technique, specifier, foreign), by `ClassID`.
    public let kinds: [TermKind]
    /// Strict named subsumptions `sub ⊑ sup` (sub ≠ sup, both satisfiable), counted.
    public let subsumptionCount: Int
    /// Sets of two or more named classes inferred equivalent, each sorted by IRI.
    public let equivalenceSets: [[ClassID]]
    /// Named classes equivalent to `owl:Nothing`.
    public let unsatisfiable: [ClassID]
    /// Constructs the classifier could not use, by name, with counts.
    public let ignored: [String: Int]
    /// IRIs used as classes in axioms but not declared as classes.
    public let undeclaredClasses: [String]
    /// Wall-clock time of normalisation plus saturation, in seconds.
    public let duration: Double
    /// Why the ontology is inconsistent (no model exists); empty when it is consistent.
    public var inconsistencies: [String] = []

    /// True when the ontology has no model: `owl:Thing` is unsatisfiable, or an individual
    /// belongs to an unsatisfiable class.
    public var isInconsistent: Bool { !inconsistencies.isEmpty }
}

extension Ontology {
    /// Classifies the ontology with the EL reasoner.
    public func classify() -> Classification {
        let start = monotonicSeconds()
        let axioms = OntologyAxioms(store: store)
        let reasoner = ELReasoner(axioms: axioms, classes: classes.map(\.iri))
        let saturation = reasoner.saturate()
        let duration = monotonicSeconds() - start

        let count = classes.count
        var conceptOf = [ELReasoner.Concept](repeating: -1, count: count)
        var classOfConcept = [ClassID?](repeating: nil, count: Int(reasoner.conceptCount))
        for id in classIDs {
            // The reasoner numbered the classes in this order (see `ELReasoner.init`).
            let concept = reasoner.classConcepts[Int(id)]
            conceptOf[Int(id)] = concept
            classOfConcept[Int(concept)] = id
        }
        var unsatisfiable: [ClassID] = []
        var supers = [[ClassID]](repeating: [], count: count)
        for id in classIDs {
            let concept = conceptOf[Int(id)]
            guard concept >= 0 else { continue }
            let subsumers = saturation.subsumers[Int(concept)]
            if subsumers.contains(ELReasoner.bottom) {
                unsatisfiable.append(id)
                continue
            }
            supers[Int(id)] = subsumers.compactMap { classOfConcept[Int($0)] }.filter { $0 != id }
        }
        let unsatisfiableSet = Set(unsatisfiable)
        for id in classIDs where !supers[Int(id)].isEmpty {
            supers[Int(id)] = supers[Int(id)].filter { !unsatisfiableSet.contains($0) }
        }
        let complete = ClassHierarchy(superclasses: supers, excluded: unsatisfiableSet)
        let kinds = termKinds(hierarchy: complete)
        let undeclared = axioms.classIRIs.filter { classID(of: $0) == nil }.sorted()
        var inconsistencies: [String] = []
        if saturation.subsumers[Int(ELReasoner.top)].contains(ELReasoner.bottom) {
            inconsistencies.append("owl:Thing is unsatisfiable")
        }
        inconsistencies += unsatisfiableIndividuals(Set(unsatisfiable))
        var result = Classification(
            hierarchy: kinds.contains(.foreign) ? complete.restricted(to: kinds.map { $0 != .foreign }) : complete,
            completeHierarchy: complete,
            kinds: kinds,
            subsumptionCount: supers.reduce(0) { $0 + $1.count },
            equivalenceSets: complete.equivalenceSets,
            unsatisfiable: unsatisfiable,
            ignored: axioms.ignored,
            undeclaredClasses: undeclared,
            duration: duration
        )
        result.inconsistencies = inconsistencies
        return result
    }

    /// Individuals asserted to be instances of unsatisfiable classes.
    func unsatisfiableIndividuals(_ unsatisfiable: Set<ClassID>) -> [String] {
        let store = self.store
        guard !unsatisfiable.isEmpty, let typeID = store.id(of: .iri(RDF.type)) else { return [] }
        var reasons: [String] = []
        for id in unsatisfiable.sorted() {
            guard let classTerm = store.id(of: .iri(classes[Int(id)].iri)) else { continue }
            store.matches(IDPattern(predicate: typeID, object: classTerm)).forEachQuad { quad in
                reasons.append("\(store.term(quad.subject).displayText) is an instance of the unsatisfiable class <\(classes[Int(id)].iri)>")
            }
        }
        return reasons
    }

    /// The hierarchy stated with `rdfs:subClassOf` between named classes (no reasoning).
    public func assertedHierarchy() -> ClassHierarchy {
        let store = self.store
        var direct = [[ClassID]](repeating: [], count: classes.count)
        if let subClassOf = store.id(of: .iri(RDFS.subClassOf)) {
            store.matches(IDPattern(predicate: subClassOf)).forEachQuad { quad in
                guard case .iri(let subIRI) = store.term(quad.subject), case .iri(let supIRI) = store.term(quad.object),
                      let sub = classID(of: subIRI), let sup = classID(of: supIRI), sub != sup else { return }
                direct[Int(sub)].append(sup)
            }
        }
        // Close transitively so that asserted and inferred hierarchies answer the same questions.
        var closure = [[ClassID]](repeating: [], count: classes.count)
        for id in classIDs {
            var seen: Set<ClassID> = []
            var stack = direct[Int(id)]
            while let next = stack.popLast() {
                if next != id && seen.insert(next).inserted { stack.append(contentsOf: direct[Int(next)]) }
                if next == id { seen.insert(id) }
            }
            closure[Int(id)] = Array(seen)
        }
        return ClassHierarchy(superclasses: closure, excluded: [])
    }
}

func monotonicSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
