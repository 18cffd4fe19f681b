/// What a class is to the ontology that declares it.
///
/// An ontology's own classes are those of its namespaces (the namespace most of its classes share,
/// and any its ontology IRI names) and those placed strictly under one of them without being
/// equivalent to one. Every other declared class is foreign: declared only to be linked to (PaNET
/// declares `foaf:Person` because its header's creators are typed, and Wikidata's `Q133900` as an
/// equivalent of 'diffraction'). Foreign classes are never listed as techniques; they appear as
/// equivalents of the classes they are linked to.
public enum TermKind: String, Sendable, CaseIterable {
    /// An own class under the technique root (every own class when the ontology has no such root).
    case technique
    /// An own class outside the technique root (PaNET's specifier branch).
    case specifier
    /// A class of another vocabulary.
    case foreign
}

extension Ontology {
    /// The namespace an IRI's class belongs to: the IRI up to its last `/` or `#`, and for an
    /// OBO-style local name (`CHMO_0000182`) its id prefix too (`…/obo/CHMO_`), so that the classes
    /// of OBO ontologies sharing `…/obo/` are told apart.
    static func termNamespace(of iri: String) -> Substring {
        let name = localNameRange(of: iri)
        if let underscore = oboPrefixEnd(iri.utf8[name]) { return iri[..<iri.utf8.index(after: underscore)] }
        return iri[..<name.lowerBound]
    }

    /// The position of the `_` in a local name shaped `Letters_digits` (letters, then letters or
    /// digits, an underscore, then digits only), or nil.
    private static func oboPrefixEnd(_ local: Substring.UTF8View) -> String.Index? {
        func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
        func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
        guard let first = local.first, isLetter(first), let underscore = local.firstIndex(of: UInt8(ascii: "_")) else { return nil }
        let prefix = local[..<underscore], digits = local[local.index(after: underscore)...]
        guard prefix.allSatisfy({ isLetter($0) || isDigit($0) }), !digits.isEmpty, digits.allSatisfy(isDigit) else { return nil }
        return underscore
    }

    /// The namespaces of the ontology's own classes, lower-cased: the namespace most of its
    /// classes share (every one of them, on a tie) and those its ontology IRI names (`…/PaNET/` for
    /// `…/PaNET/PaNET.owl`, `…/obo/CHMO_` for `…/obo/chmo.owl`, `IRI#` and `IRI/`).
    public var ownNamespaces: Set<String> {
        var counts: [Substring: Int] = [:]
        for item in classes { counts[Ontology.termNamespace(of: item.iri), default: 0] += 1 }
        let most = counts.values.max() ?? 0
        var namespaces = Set(counts.filter { $0.value == most }.map { $0.key.lowercased() })
        if let ontologyIRI {
            let iri = ontologyIRI.lowercased()
            if iri.hasSuffix("/") || iri.hasSuffix("#") {
                namespaces.insert(iri)
            } else {
                namespaces.formUnion([iri + "#", iri + "/"])
                let file = Ontology.shortID(of: iri)
                if let dot = file.lastIndex(of: "."), dot != file.startIndex {
                    let directory = String(iri.dropLast(file.count))
                    namespaces.formUnion([directory, directory + file[..<dot] + "_"])
                }
            }
        }
        return namespaces
    }

    /// The kind of every class, by class id.
    ///
    /// - Parameters:
    ///   - hierarchy: The inferred hierarchy over every class (`Classification.completeHierarchy`).
    ///   - techniqueRoot: The IRI of the root whose subclasses are techniques (PaNET's by default);
    ///     when the ontology has no such own class, every own class is a technique.
    /// - Complexity: O(*n* + Σ superclasses) for *n* classes.
    public func termKinds(hierarchy: ClassHierarchy, techniqueRoot: String? = TermResolver.panetTechniqueRoot) -> [TermKind] {
        let namespaces = ownNamespaces
        let inNamespace = classes.map { namespaces.contains(Ontology.termNamespace(of: $0.iri).lowercased()) }
        var own = inNamespace
        for id in classIDs where !inNamespace[Int(id)] {
            let equivalents = hierarchy.equivalents[Int(id)]
            own[Int(id)] = !equivalents.contains { inNamespace[Int($0)] }
                && hierarchy.superclasses[Int(id)].contains { inNamespace[Int($0)] }
        }
        var isTechnique = [Bool](repeating: true, count: classes.count)
        if let techniqueRoot, let root = classID(of: techniqueRoot), own[Int(root)] {
            isTechnique = [Bool](repeating: false, count: classes.count)
            isTechnique[Int(root)] = true
            for id in classIDs where hierarchy.isSubclass(id, of: root) { isTechnique[Int(id)] = true }
        }
        return classIDs.map { id in
            !own[Int(id)] ? .foreign : isTechnique[Int(id)] ? .technique : .specifier
        }
    }
}

extension ClassHierarchy {
    /// The hierarchy among the classes `keep` marks: the others lose their superclasses, leave
    /// every list and join `excluded`; parents are reduced again, so that a class whose only link
    /// to an ancestor went through a dropped class keeps that ancestor as a parent.
    public func restricted(to keep: [Bool]) -> ClassHierarchy {
        let superclasses = self.superclasses.indices.map { index in
            keep[index] ? self.superclasses[index].filter { keep[Int($0)] } : []
        }
        let dropped = keep.indices.lazy.filter { !keep[$0] }.map { ClassID($0) }
        return ClassHierarchy(superclasses: superclasses, excluded: excluded.union(dropped))
    }
}
