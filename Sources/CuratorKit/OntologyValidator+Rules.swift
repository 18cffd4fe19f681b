import OntologyKit
import RDFModel
import RDFStore

extension OntologyValidator {
    // MARK: Labels

    func labelFindings() -> [Finding] {
        var findings: [Finding] = []
        for id in ontology.classIDs {
            let item = ontology[id]
            if item.labels.isEmpty {
                let home = isHome(item.iri)
                findings.append(Finding(
                    level: home ? .error : .info, rule: .missingLabel, subject: item.iri, property: RDFS.label,
                    detail: home ? "add an rdfs:label" : "a class from another namespace; add a label if it is used here"))
            }
            var byLanguage: [String: [String]] = [:]
            for label in item.labels { byLanguage[label.language ?? "", default: []].append(label.value) }
            for (language, values) in byLanguage.sorted(by: { $0.key < $1.key }) where values.count > 1 {
                findings.append(Finding(
                    level: .error, rule: .multipleLabels, subject: item.iri, subjectLabel: item.label, property: RDFS.label,
                    value: values.sorted().joined(separator: " | "),
                    detail: "\(values.count) labels " + (language.isEmpty ? "without a language tag" : "tagged @\(language)")
                        + "; keep one and move the others to synonyms"))
            }
        }
        for property in ontology.objectProperties {
            let hasLabel = !ontology.store.triples(subject: .iri(property), predicate: .iri(RDFS.label)).isEmpty
            if !hasLabel {
                findings.append(Finding(level: isHome(property) ? .error : .info, rule: .missingLabel, subject: property,
                                        property: RDFS.label, detail: "object property without a label"))
            }
        }
        return findings
    }

    func duplicateLabelFindings() -> [Finding] {
        var byKey: [String: [ClassID]] = [:]
        for id in ontology.classIDs where !ontology[id].isDeprecated {
            var keys: Set<String> = []
            for label in ontology[id].labels { keys.insert(OntologyValidator.labelKey(label.value)) }
            for key in keys where !key.isEmpty { byKey[key, default: []].append(id) }
        }
        var findings: [Finding] = []
        for (key, ids) in byKey where ids.count > 1 {
            let techniqueCount = ids.filter { techniques.contains($0) }.count
            let isTwinPair = !techniques.isEmpty && ids.count == 2 && techniqueCount == 1
            for id in ids {
                let others = ids.filter { $0 != id }
                let item = ontology[id]
                let value = item.labels.first { OntologyValidator.labelKey($0.value) == key }?.value ?? item.label
                let detail: String
                if isTwinPair {
                    let role = techniques.contains(id) ? "technique" : "specifier"
                    let twinRole = role == "technique" ? "specifier" : "technique"
                    detail = "technique/specifier pair: this is the \(role); its \(twinRole) twin is "
                        + others.map(display).joined(separator: ", ")
                } else {
                    detail = "also the label of " + others.map(display).joined(separator: ", ")
                }
                findings.append(Finding(level: isTwinPair ? .warn : .error, rule: .duplicateLabel, subject: item.iri,
                                        subjectLabel: item.label, property: RDFS.label, value: value, detail: detail))
            }
        }
        return findings
    }

    func whitespaceFindings() -> [Finding] {
        var findings: [Finding] = []
        for id in ontology.classIDs {
            let item = ontology[id]
            let texts = item.labels.map { ($0.value, RDFS.label) } + item.synonyms.map { ($0.value, $0.kind.propertyIRI) }
            for (text, property) in texts {
                guard let problem = OntologyValidator.whitespaceProblem(text) else { continue }
                findings.append(Finding(level: .warn, rule: .whitespace, subject: item.iri, subjectLabel: item.label,
                                        property: property, value: text, detail: problem))
            }
        }
        return findings
    }

    /// What is wrong with the whitespace of `text`, or nil.
    static func whitespaceProblem(_ text: String) -> String? {
        var problems: [String] = []
        if let first = text.first, first.isWhitespace { problems.append("leading whitespace") }
        if let last = text.last, last.isWhitespace { problems.append("trailing whitespace") }
        var trimmed = Substring(text)
        while let first = trimmed.first, first.isWhitespace { trimmed = trimmed.dropFirst() }
        while let last = trimmed.last, last.isWhitespace { trimmed = trimmed.dropLast() }
        if hasInnerRun(trimmed) { problems.append("repeated whitespace") }
        let hasControl = text.contains { $0.isWhitespace && $0 != " " }
        if hasControl { problems.append("tab or line break") }
        return problems.isEmpty ? nil : problems.joined(separator: ", ")
    }

    private static func hasInnerRun(_ text: Substring) -> Bool {
        var previousWasSpace = false
        for character in text {
            if character.isWhitespace {
                if previousWasSpace { return true }
                previousWasSpace = true
            } else {
                previousWasSpace = false
            }
        }
        return false
    }

    func synonymFindings() -> [Finding] {
        var labelOwners: [String: [ClassID]] = [:]
        for id in ontology.classIDs where !ontology[id].isDeprecated {
            for label in ontology[id].labels { labelOwners[OntologyValidator.labelKey(label.value), default: []].append(id) }
        }
        var findings: [Finding] = []
        for id in ontology.classIDs where !ontology[id].isDeprecated {
            let item = ontology[id]
            for synonym in item.synonyms {
                let owners = (labelOwners[OntologyValidator.labelKey(synonym.value)] ?? []).filter { $0 != id }
                guard !owners.isEmpty else { continue }
                findings.append(Finding(
                    level: .warn, rule: .synonymIsOtherLabel, subject: item.iri, subjectLabel: item.label,
                    property: synonym.kind.propertyIRI, value: synonym.value,
                    detail: "the label of " + Array(Set(owners)).sorted().map(display).joined(separator: ", ")))
            }
        }
        return findings
    }

    func definitionFindings() -> [Finding] {
        ontology.classIDs.compactMap { id in
            let item = ontology[id]
            guard item.definitions.isEmpty, !item.isDeprecated, isHome(item.iri) else { return nil }
            return Finding(level: .warn, rule: .missingDefinition, subject: item.iri, subjectLabel: item.label,
                           property: OBO.iaoDefinition, detail: "add a definition (IAO:0000115)")
        }
    }

    // MARK: Axioms

    func deprecatedUseFindings() -> [Finding] {
        let store = ontology.store
        let deprecated = ontology.classIDs.filter { ontology[$0].isDeprecated }
        guard !deprecated.isEmpty else { return [] }
        let deprecatedIRIs = Set(deprecated.map { ontology[$0].iri })
        let logical: Set<String> = [RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith, RDF.first, OWL.someValuesFrom,
                                    OWL.allValuesFrom, OWL.complementOf, OWL.namespace + "onClass", RDFS.domain, RDFS.range]
        var findings: [Finding] = []
        var seen: Set<[String]> = []
        for id in deprecated {
            let item = ontology[id]
            for triple in store.triples(object: .iri(item.iri)) {
                guard let predicate = triple.predicate.iriString, logical.contains(predicate) else { continue }
                guard let (owner, axiomProperty) = owningEntity(of: triple.subject, via: predicate),
                      !deprecatedIRIs.contains(owner), owner != item.iri else { continue }
                guard seen.insert([owner, axiomProperty, item.iri]).inserted else { continue }
                var detail = predicate == RDFS.subClassOf && triple.subject.isIRI
                    ? "deprecated class used as a parent" : "deprecated class used in an axiom"
                if !item.replacedBy.isEmpty {
                    detail += "; use " + item.replacedBy.map { iri in label(iri).map { "\(Ontology.shortID(of: iri)) '\($0)'" } ?? iri }
                        .joined(separator: " or ")
                }
                findings.append(Finding(level: .error, rule: .deprecatedInUse, subject: owner, subjectLabel: label(owner),
                                        property: axiomProperty, value: item.iri, detail: detail))
            }
        }
        return findings
    }

    /// The named entity whose axiom contains `node`, walking up from blank nodes, with the property of
    /// that axiom.
    func owningEntity(of node: Term, via predicate: String) -> (String, String)? {
        if let iri = node.iriString { return (iri, predicate) }
        var current = node
        var property = predicate
        var visited: Set<Term> = []
        while current.isBlankNode {
            guard visited.insert(current).inserted, visited.count < 256,
                  let parent = ontology.store.triples(object: current).first else { return nil }
            current = parent.subject
            property = parent.predicate.iriString ?? property
        }
        guard let iri = current.iriString else { return nil }
        return (iri, property)
    }

    func cycleFindings() -> [Finding] {
        // Tarjan's strongly connected components over asserted subClassOf between named classes.
        let count = ontology.classes.count
        var edges = [[Int]](repeating: [], count: count)
        var selfLoops: [ClassID] = []
        for triple in ontology.store.triples(predicate: .iri(RDFS.subClassOf)) {
            guard let sub = triple.subject.iriString.flatMap(ontology.classID(of:)),
                  let sup = triple.object.iriString.flatMap(ontology.classID(of:)) else { continue }
            if sub == sup { selfLoops.append(sub) } else { edges[Int(sub)].append(Int(sup)) }
        }
        var index = 0
        var indices = [Int](repeating: -1, count: count), lowlinks = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var stack: [Int] = []
        var components: [[Int]] = []
        for start in 0..<count where indices[start] < 0 {
            // Iterative DFS: (node, next edge position).
            var work: [(Int, Int)] = [(start, 0)]
            indices[start] = index; lowlinks[start] = index; index += 1
            stack.append(start); onStack[start] = true
            while let (node, position) = work.last {
                if position < edges[node].count {
                    work[work.count - 1].1 += 1
                    let next = edges[node][position]
                    if indices[next] < 0 {
                        indices[next] = index; lowlinks[next] = index; index += 1
                        stack.append(next); onStack[next] = true
                        work.append((next, 0))
                    } else if onStack[next] {
                        lowlinks[node] = min(lowlinks[node], indices[next])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last { lowlinks[parent.0] = min(lowlinks[parent.0], lowlinks[node]) }
                if lowlinks[node] == indices[node] {
                    var component: [Int] = []
                    while let top = stack.popLast() {
                        onStack[top] = false
                        component.append(top)
                        if top == node { break }
                    }
                    if component.count > 1 { components.append(component.sorted()) }
                }
            }
        }
        var findings = components.map { component -> Finding in
            let ids = component.map { ClassID($0) }
            let first = ontology[ids[0]]
            return Finding(level: .error, rule: .subclassCycle, subject: first.iri, subjectLabel: first.label,
                           property: RDFS.subClassOf, value: ids.map { ontology[$0].shortID }.joined(separator: " ↔ "),
                           detail: "\(ids.count) classes are each other's subclasses; state an equivalence instead, or break the cycle")
        }
        for id in Set(selfLoops).sorted() {
            findings.append(Finding(level: .warn, rule: .subclassCycle, subject: ontology[id].iri, subjectLabel: ontology[id].label,
                                    property: RDFS.subClassOf, value: ontology[id].iri, detail: "a class stated as its own subclass"))
        }
        return findings
    }

    func undeclaredFindings() -> [Finding] {
        var findings = classification.undeclaredClasses.map { iri in
            Finding(level: .error, rule: .undeclaredReference, subject: iri, property: RDF.type, value: OWL.Class,
                    detail: "used as a class in an axiom but never declared; declare it or fix the IRI")
        }
        let store = ontology.store
        let declaredPropertyTypes = [OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property]
        var usedProperties: Set<String> = []
        for predicate in [OWL.onProperty, RDFS.subPropertyOf, OWL.equivalentProperty, OWL.inverseOf] {
            for triple in store.triples(predicate: .iri(predicate)) {
                if let iri = triple.object.iriString { usedProperties.insert(iri) }
                if predicate != OWL.onProperty, let iri = triple.subject.iriString { usedProperties.insert(iri) }
            }
        }
        for triple in store.triples(predicate: .iri(RDFS.domain)) + store.triples(predicate: .iri(RDFS.range)) {
            if let iri = triple.subject.iriString { usedProperties.insert(iri) }
        }
        for property in usedProperties.sorted() where !property.hasPrefix(RDFS.namespace) && !property.hasPrefix(OWL.namespace) && !property.hasPrefix(RDF.namespace) {
            let declared = declaredPropertyTypes.contains { type in
                !store.triples(subject: .iri(property), predicate: .iri(RDF.type), object: .iri(type)).isEmpty
            }
            if !declared {
                findings.append(Finding(level: .error, rule: .undeclaredReference, subject: property, property: RDF.type,
                                        value: OWL.ObjectProperty,
                                        detail: "used as a property in an axiom but never declared; declare it or fix the IRI"))
            }
        }
        return findings
    }

    /// URI schemes that legitimately appear without `//`.
    static let opaqueSchemes: Set<String> = ["urn", "mailto", "tel", "tag", "data", "doi", "info", "isbn", "issn", "geo",
                                             "news", "uuid", "did", "ark", "sms", "fax", "cid", "mid", "javascript", "about"]

    func unexpandedCURIEFindings() -> [Finding] {
        var findings: [Finding] = []
        let store = ontology.store
        for (id, term) in store.dictionary.allTerms {
            guard case .iri(let iri) = term, let colon = iri.firstIndex(of: ":") else { continue }
            let scheme = String(iri[..<colon]), rest = iri[iri.index(after: colon)...]
            guard !rest.hasPrefix("//"), !rest.isEmpty, !OntologyValidator.opaqueSchemes.contains(scheme.lowercased()),
                  scheme.first?.isLetter == true else { continue }
            let uses = store.count(IDPattern(subject: id)) + store.count(IDPattern(predicate: id)) + store.count(IDPattern(object: id))
            guard uses > 0 else { continue }
            var detail = "'\(scheme):' is not a URI scheme; the CURIE was written where an IRI belongs (\(uses) uses)"
            let namespace = ontology.prefixes.namespace(for: scheme)
                ?? ontology.prefixes.entries.first { $0.prefix.lowercased() == scheme.lowercased() }?.namespace
            if let namespace { detail += "; probably <\(namespace)\(rest)>" }
            findings.append(Finding(level: .error, rule: .unexpandedCURIE, subject: iri, subjectLabel: label(iri), value: iri,
                                    detail: detail))
        }
        return findings
    }

    func reasoningFindings() -> [Finding] {
        var findings = classification.unsatisfiable.map { id in
            Finding(level: .error, rule: .unsatisfiableClass, subject: ontology[id].iri, subjectLabel: ontology[id].label,
                    property: OWL.equivalentClass, value: OWL.Nothing, detail: "the class can have no members; check its axioms")
        }
        // Components of directly asserted equivalences between named classes.
        var asserted: [ClassID: Set<ClassID>] = [:]
        for triple in ontology.store.triples(predicate: .iri(OWL.equivalentClass)) {
            guard let a = triple.subject.iriString.flatMap(ontology.classID(of:)),
                  let b = triple.object.iriString.flatMap(ontology.classID(of:)) else { continue }
            asserted[a, default: []].insert(b)
            asserted[b, default: []].insert(a)
        }
        for set in classification.equivalenceSets {
            var reached: Set<ClassID> = [set[0]]
            var stack = [set[0]]
            while let next = stack.popLast() {
                for neighbour in asserted[next] ?? [] where reached.insert(neighbour).inserted { stack.append(neighbour) }
            }
            let isAsserted = Set(set).isSubset(of: reached)
            let first = ontology[set[0]]
            findings.append(Finding(
                level: isAsserted ? .info : .warn, rule: .equivalentClasses, subject: first.iri, subjectLabel: first.label,
                property: OWL.equivalentClass, value: set.dropFirst().map { ontology[$0].iri }.joined(separator: " "),
                detail: (isAsserted ? "stated equivalent: " : "inferred equivalent (not stated): ")
                    + set.map(display).joined(separator: " ≡ ")))
        }
        return findings
    }

    func headerFindings() -> [Finding] {
        guard let ontologyIRI = ontology.ontologyIRI else {
            return [Finding(level: .warn, rule: .missingOntologyHeader, subject: ontology.source, property: RDF.type,
                            value: OWL.Ontology, detail: "no owl:Ontology is declared; add a header with an IRI and version")]
        }
        guard ontology.versionIRI == nil else { return [] }
        var detail = "add owl:versionIRI so that each release has its own IRI"
        if let info = ontology.versionInfo { detail += " (owl:versionInfo is '\(info)')" }
        return [Finding(level: .warn, rule: .missingVersionIRI, subject: ontologyIRI, property: OWL.versionIRI, detail: detail)]
    }
}
