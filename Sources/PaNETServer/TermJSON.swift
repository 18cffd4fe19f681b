import DatasetCatalog
import OntologyKit

/// The JSON shapes of terms.
extension ServedOntology {
    /// `{"id", "iri", "label"}`.
    func reference(_ id: ClassID) -> JSONValue {
        let item = classified.ontology[id]
        return .object([("id", .string(item.shortID)), ("iri", .string(item.iri)), ("label", item.label.map(JSONValue.string) ?? .null)])
    }

    /// A reference for an IRI that may or may not be a class of the ontology.
    func reference(iri: String) -> JSONValue {
        if let id = classified.ontology.classID(of: iri) { return reference(id) }
        return .object([("id", .string(Ontology.shortID(of: iri))), ("iri", .string(iri)), ("label", .null)])
    }

    /// The full record of a term: id, IRI, label, synonyms, definition, parents, deprecated, replaced_by.
    func record(_ id: ClassID, asserted: Bool = false) -> JSONValue {
        let item = classified.ontology[id]
        let hierarchy = classified.hierarchy(asserted: asserted)
        var synonyms: [String] = []
        for synonym in item.synonyms where !synonyms.contains(synonym.value) { synonyms.append(synonym.value) }
        return .object([
            ("id", .string(item.shortID)),
            ("iri", .string(item.iri)),
            ("label", item.label.map(JSONValue.string) ?? .null),
            ("synonyms", .array(synonyms.map(JSONValue.string))),
            ("definition", item.definition.map(JSONValue.string) ?? .null),
            ("parents", .array(hierarchy.parents[Int(id)].map(reference))),
            ("deprecated", .bool(item.isDeprecated)),
            ("replaced_by", .array(item.replacedBy.map { reference(iri: $0) })),
        ])
    }

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

