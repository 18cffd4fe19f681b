import DatasetCatalog
import OntologyKit

/// The JSON shapes of terms.
extension ClassifiedOntology {
    /// `{"id", "iri", "label"}`.
    func termReference(_ id: ClassID) -> JSONValue {
        let item = ontology[id]
        return .object([("id", .string(item.shortID)), ("iri", .string(item.iri)), ("label", item.label.map(JSONValue.string) ?? .null)])
    }

    /// A reference for an IRI that may or may not be a class of the ontology.
    func termReference(iri: String) -> JSONValue {
        if let id = ontology.classID(of: iri) { return termReference(id) }
        return .object([("id", .string(Ontology.shortID(of: iri))), ("iri", .string(iri)), ("label", .null)])
    }

    /// The full record of a term: id, IRI, label, kind (technique, specifier, foreign), synonyms,
    /// definition, parents, deprecated, replaced_by.
    func termRecord(_ id: ClassID, asserted: Bool = false) -> JSONValue {
        let item = ontology[id]
        let hierarchy = hierarchy(asserted: asserted)
        var synonyms: [String] = []
        for synonym in item.synonyms where !synonyms.contains(synonym.value) { synonyms.append(synonym.value) }
        return .object([
            ("id", .string(item.shortID)),
            ("iri", .string(item.iri)),
            ("label", item.label.map(JSONValue.string) ?? .null),
            ("kind", .string(kind(of: id).rawValue)),
            ("synonyms", .array(synonyms.map(JSONValue.string))),
            ("definition", item.definition.map(JSONValue.string) ?? .null),
            ("parents", .array(hierarchy.parents[Int(id)].map(termReference))),
            ("deprecated", .bool(item.isDeprecated)),
            ("replaced_by", .array(item.replacedBy.map { termReference(iri: $0) })),
        ])
    }

    /// The answer of `/api/expand` for `id`, whose expansion (itself and every sub-technique) is `expanded`.
    func expansionJSON(_ id: ClassID, expanded: [ClassID]) -> JSONValue {
        .object([
            ("term", termReference(id)),
            ("count", .number(String(expanded.count))),
            ("ids", .array(expanded.map { .string(ontology[$0].shortID) })),
            ("iris", .array(expanded.map { .string(ontology[$0].iri) })),
        ])
    }
}

extension ServedOntology {
    /// `{"id", "iri", "label"}`.
    func reference(_ id: ClassID) -> JSONValue { classified.termReference(id) }

    /// A reference for an IRI that may or may not be a class of the ontology.
    func reference(iri: String) -> JSONValue { classified.termReference(iri: iri) }

    /// The full record of a term (see `ClassifiedOntology.termRecord`).
    func record(_ id: ClassID, asserted: Bool = false) -> JSONValue { classified.termRecord(id, asserted: asserted) }

    /// Resolves a path segment or parameter (short id, CURIE, IRI, label, synonym) to a class.
    ///
    /// - Throws: `APIError` 400 for an empty term, 404 with suggestions for an unknown one.
    func resolve(_ text: String) throws -> ClassID {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw APIError.badRequest("empty technique term") }
        if trimmed.utf8.count > 2048 { throw APIError.badRequest("technique term too long") }
        if let match = classified.resolver.resolve(trimmed) { return match.classID }
        let suggestions = classified.search.search(trimmed, limit: 3).map { hit in
            "\(classified.ontology[hit.classID].label ?? classified.ontology[hit.classID].shortID) (\(classified.ontology[hit.classID].shortID))"
        }
        var message = "unknown technique '\(clipForMessage(trimmed))'"
        if !suggestions.isEmpty { message += "; did you mean: " + suggestions.joined(separator: ", ") }
        throw APIError.notFound(message)
    }
}

