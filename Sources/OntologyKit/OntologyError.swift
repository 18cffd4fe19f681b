import RDFModel

/// Errors of the ontology layer.
public enum OntologyError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No ontology was given and the bundled release was not found.
    case bundledOntologyNotFound(searched: [String])
    /// A term could not be resolved.
    case unknownTerm(String, suggestions: [String])
    /// The query string is empty.
    case emptyTerm
    /// The file holds no OWL or RDFS classes.
    case noClasses(source: String)

    public var description: String {
        switch self {
        case .bundledOntologyNotFound(let searched):
            return "cannot find the bundled ontology (looked in \(searched.joined(separator: ", "))); "
                + "give --ontology FILE or set PANET_ONTOLOGY"
        case .unknownTerm(let term, let suggestions):
            var message = "unknown term '\(term.clippedForMessage)'"
            if !suggestions.isEmpty { message += "; did you mean: " + suggestions.joined(separator: ", ") + "?" }
            return message
        case .emptyTerm:
            return "empty term: give an IRI, an id such as PaNET01188, a label or a synonym"
        case .noClasses(let source):
            return "\(source): no OWL classes found; is this an ontology?"
        }
    }
}

extension String {
    /// The text without control characters and cut to 200 characters (with `…`), for quoting user
    /// input in messages.
    public var clippedForMessage: String { TextEscaping.clippedForMessage(self) }
}
