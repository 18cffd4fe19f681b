public import OntologyKit

/// A class as a diff reports it: IRI, short id and label in the release it comes from.
public struct DiffClass: Sendable, Equatable, Comparable {
    /// The class IRI.
    public var iri: String
    /// The local name of the IRI.
    public var shortID: String
    /// The preferred label, when the class has one.
    public var label: String?

    /// Creates a class reference.
    public init(iri: String, shortID: String, label: String?) {
        self.iri = iri
        self.shortID = shortID
        self.label = label
    }

    /// `id 'label'`, or the id alone.
    public var display: String { label.map { "\(shortID) '\($0)'" } ?? shortID }

    /// Orders by IRI.
    public static func < (lhs: DiffClass, rhs: DiffClass) -> Bool { lhs.iri < rhs.iri }
}

/// A class whose preferred label changed.
public struct Relabelling: Sendable, Equatable {
    /// The class, as the new release names it.
    public var term: DiffClass
    /// The preferred label in the old release.
    public var oldLabel: String?
    /// The preferred label in the new release.
    public var newLabel: String?

    /// Creates a relabelling.
    public init(term: DiffClass, oldLabel: String?, newLabel: String?) {
        self.term = term
        self.oldLabel = oldLabel
        self.newLabel = newLabel
    }
}

/// A class deprecated in the new release.
public struct Deprecation: Sendable, Equatable {
    /// The deprecated class.
    public var term: DiffClass
    /// Replacements named by IAO:0100001, with their labels when known.
    public var replacedBy: [DiffClass]
}

/// Synonyms gained and lost by one class.
public struct SynonymChange: Sendable, Equatable {
    /// The class.
    public var term: DiffClass
    /// Synonyms only in the new release, sorted.
    public var added: [String]
    /// Synonyms only in the old release, sorted.
    public var removed: [String]
}

/// A definition that changed, appeared or disappeared.
public struct DefinitionChange: Sendable, Equatable {
    /// The class.
    public var term: DiffClass
    /// The preferred definition in the old release.
    public var old: String?
    /// The preferred definition in the new release.
    public var new: String?
}

/// A class whose direct parents in the inferred hierarchy changed.
public struct HierarchyMove: Sendable, Equatable {
    /// The class.
    public var term: DiffClass
    /// Direct inferred parents only in the new release.
    public var parentsGained: [DiffClass]
    /// Direct inferred parents only in the old release.
    public var parentsLost: [DiffClass]
}

/// The differences between two releases of an ontology.
///
/// PaNET promises never to remove a term: removed classes are errors, to be deprecated instead.
public struct OntologyDiff: Sendable {
    /// The version of the old release (versionIRI, else versionInfo), when given.
    public var oldVersion: String?
    /// The version of the new release (versionIRI, else versionInfo).
    public var newVersion: String?
    /// Classes only in the new release.
    public var added: [DiffClass]
    /// Classes only in the old release.
    public var removed: [DiffClass]
    /// Classes deprecated in the new release and live in the old.
    public var deprecated: [Deprecation]
    /// Classes deprecated in the old release and live again in the new.
    public var undeprecated: [DiffClass]
    /// Classes whose preferred label changed.
    public var relabelled: [Relabelling]
    /// Classes whose synonyms changed.
    public var synonymChanges: [SynonymChange]
    /// Classes whose preferred definition changed, appeared or disappeared.
    public var definitionChanges: [DefinitionChange]
    /// Classes of both releases whose inferred direct parents changed.
    public var moved: [HierarchyMove]

    /// True when the new release removed a class.
    public var hasErrors: Bool { !removed.isEmpty }

    /// True when nothing changed.
    public var isEmpty: Bool {
        added.isEmpty && removed.isEmpty && deprecated.isEmpty && undeprecated.isEmpty && relabelled.isEmpty
            && synonymChanges.isEmpty && definitionChanges.isEmpty && moved.isEmpty
    }

    /// Compares the own classes (see `TermKind`) of two classified releases.
    ///
    /// - Parameters:
    ///   - old: The earlier release.
    ///   - new: The later release.
    public init(old: ClassifiedOntology, new: ClassifiedOntology) {
        let oldOntology = old.ontology, newOntology = new.ontology
        func describe(_ iri: String, preferring first: Ontology, _ second: Ontology) -> DiffClass {
            let item = first.classID(of: iri).map { first[$0] } ?? second.classID(of: iri).map { second[$0] }
            return DiffClass(iri: iri, shortID: item?.shortID ?? Ontology.shortID(of: iri), label: item?.label)
        }
        oldVersion = oldOntology.versionIRI ?? oldOntology.versionInfo
        newVersion = newOntology.versionIRI ?? newOntology.versionInfo
        // Own classes only: a foreign class (a Wikidata or CHMO equivalent, foaf:Person) is a link,
        // not a term, so dropping it is no removal and losing it as a parent is no move.
        let oldIRIs = Set(old.ownClassIDs.map { oldOntology[$0].iri })
        let newIRIs = Set(new.ownClassIDs.map { newOntology[$0].iri })
        added = newIRIs.filter { oldOntology.classID(of: $0) == nil }
            .map { describe($0, preferring: newOntology, oldOntology) }.sorted()
        removed = oldIRIs.filter { newOntology.classID(of: $0) == nil }
            .map { describe($0, preferring: oldOntology, newOntology) }.sorted()

        var deprecated: [Deprecation] = [], undeprecated: [DiffClass] = [], relabelled: [Relabelling] = []
        var synonymChanges: [SynonymChange] = [], definitionChanges: [DefinitionChange] = [], moved: [HierarchyMove] = []
        let oldHierarchy = old.classification.hierarchy, newHierarchy = new.classification.hierarchy
        for iri in oldIRIs.intersection(newIRIs).sorted() {
            guard let oldID = oldOntology.classID(of: iri), let newID = newOntology.classID(of: iri) else { continue }
            let before = oldOntology[oldID], after = newOntology[newID]
            let term = describe(iri, preferring: newOntology, oldOntology)
            if after.isDeprecated && !before.isDeprecated {
                deprecated.append(Deprecation(term: term, replacedBy: after.replacedBy.map {
                    describe($0, preferring: newOntology, oldOntology)
                }))
            } else if before.isDeprecated && !after.isDeprecated {
                undeprecated.append(term)
            }
            if before.label != after.label {
                relabelled.append(Relabelling(term: term, oldLabel: before.label, newLabel: after.label))
            }
            let oldSynonyms = Set(before.synonyms.map(\.value)), newSynonyms = Set(after.synonyms.map(\.value))
            if oldSynonyms != newSynonyms {
                synonymChanges.append(SynonymChange(term: term, added: newSynonyms.subtracting(oldSynonyms).sorted(),
                                                    removed: oldSynonyms.subtracting(newSynonyms).sorted()))
            }
            if before.definition != after.definition {
                definitionChanges.append(DefinitionChange(term: term, old: before.definition, new: after.definition))
            }
            let oldParents = Set(oldHierarchy.parents[Int(oldID)].map { oldOntology[$0].iri })
            let newParents = Set(newHierarchy.parents[Int(newID)].map { newOntology[$0].iri })
            if oldParents != newParents {
                moved.append(HierarchyMove(
                    term: term,
                    parentsGained: newParents.subtracting(oldParents).map { describe($0, preferring: newOntology, oldOntology) }.sorted(),
                    parentsLost: oldParents.subtracting(newParents).map { describe($0, preferring: oldOntology, newOntology) }.sorted()))
            }
        }
        self.deprecated = deprecated
        self.undeprecated = undeprecated
        self.relabelled = relabelled
        self.synonymChanges = synonymChanges
        self.definitionChanges = definitionChanges
        self.moved = moved
    }

    /// Release notes in Markdown: one section per kind of change, removed terms first.
    ///
    /// - Parameters:
    ///   - oldName: How to call the old release when it has no version (a file name).
    ///   - newName: How to call the new release when it has no version.
    public func releaseNotes(oldName: String, newName: String) -> String {
        var out = "# Changes from \(oldVersion ?? oldName) to \(newVersion ?? newName)\n\n"
        out += "| change | classes |\n|---|---:|\n"
        for (name, count) in summary { out += "| \(name) | \(count) |\n" }
        func section(_ title: String, _ lines: [String]) {
            guard !lines.isEmpty else { return }
            out += "\n## \(title) (\(lines.count))\n\n" + lines.map { "- \($0)\n" }.joined()
        }
        func escape(_ text: String) -> String {
            var result = ""
            for character in text {
                if "\\`*_[]<>|".contains(character) { result.append("\\") }
                result.append(character)
            }
            return result
        }
        func item(_ term: DiffClass) -> String {
            term.label.map { "\(escape($0)) (`\(term.shortID)`)" } ?? "`\(term.shortID)`"
        }
        section("Removed — not allowed: deprecate instead", removed.map { item($0) + " <\($0.iri)>" })
        section("Added", added.map(item))
        section("Deprecated", deprecated.map { change in
            item(change.term) + (change.replacedBy.isEmpty ? "" : "; replaced by " + change.replacedBy.map(item).joined(separator: ", "))
        })
        section("No longer deprecated", undeprecated.map(item))
        section("Relabelled", relabelled.map { change in
            "`\(change.term.shortID)`: \(change.oldLabel.map { "'\(escape($0))'" } ?? "no label") → "
                + (change.newLabel.map { "'\(escape($0))'" } ?? "no label")
        })
        section("Synonyms changed", synonymChanges.map { change in
            var parts: [String] = []
            if !change.added.isEmpty { parts.append("added " + change.added.map { "'\(escape($0))'" }.joined(separator: ", ")) }
            if !change.removed.isEmpty { parts.append("removed " + change.removed.map { "'\(escape($0))'" }.joined(separator: ", ")) }
            return item(change.term) + ": " + parts.joined(separator: "; ")
        })
        section("Definitions changed", definitionChanges.map { change in
            item(change.term) + ": " + (change.old == nil ? "added" : change.new == nil ? "removed" : "changed")
                + (change.new.map { " — \(escape($0))" } ?? "")
        })
        section("Moved in the inferred hierarchy", moved.map { change in
            var parts: [String] = []
            if !change.parentsGained.isEmpty { parts.append("now under " + change.parentsGained.map(item).joined(separator: ", ")) }
            if !change.parentsLost.isEmpty { parts.append("no longer under " + change.parentsLost.map(item).joined(separator: ", ")) }
            return item(change.term) + ": " + parts.joined(separator: "; ")
        })
        return out
    }

    /// Counts per kind of change, in report order.
    public var summary: [(String, Int)] {
        [("added", added.count), ("removed", removed.count), ("deprecated", deprecated.count),
         ("undeprecated", undeprecated.count), ("relabelled", relabelled.count), ("synonyms changed", synonymChanges.count),
         ("definitions changed", definitionChanges.count), ("moved", moved.count)]
    }
}
