import ArgumentParser
import OntologyKit

/// Options shared by the commands that look terms up.
struct TermOptions: ParsableArguments {
    @OptionGroup var ontologyOptions: OntologyOptions

    @Option(help: "Output format.")
    var format: ReportFormat = .table

    /// The parsed values.
    var settings: TermSettings { TermSettings(ontology: ontologyOptions.ontology, format: format) }

    /// Loads and classifies the ontology, mapping failures to exit 2.
    func load() throws -> ClassifiedOntology { try settings.load() }
}

/// `--ontology` and `--format` as plain values.
struct TermSettings {
    var ontology: String?
    var format: ReportFormat = .table

    /// Loads and classifies the ontology, mapping failures to exit 2.
    func load() throws -> ClassifiedOntology {
        let path = try reportingErrors { try OntologyLocator.locate(explicitPath: ontology) }
        return try reportingErrors {
            try refuseEmpty(path)
            return try ClassifiedOntology.load(path: path)
        }
    }
}

/// What a command does once its arguments are known, free of how they were parsed.
protocol CommandAction {
    func run() throws
}

/// Resolves a term or exits 1 with suggestions (2 for an empty term).
///
/// - Parameters:
///   - json: Also print the failure as a JSON object on stdout, `{"error": {"message", "term",
///     "suggestions"}}`, so that a script reading JSON sees it.
///   - offersAll: The command has `--all`, which the note on an ambiguous name may point to.
func resolveTerm(_ text: String, in kb: ClassifiedOntology, json: Bool = false, offersAll: Bool = false) throws -> TermMatch {
    do {
        let match = try kb.resolve(text)
        if match.isAmbiguous {
            let others = match.alternatives.map { kb.ontology[$0].shortID }.joined(separator: ", ")
            let hint = offersAll ? "--all lists every match" : "give an id to choose another"
            printError("panet: note: '\(text.clippedForMessage)' is ambiguous; using \(kb.ontology[match.classID].shortID) (also: \(others); \(hint))")
        }
        if kb.kind(of: match.classID) == .foreign {
            let equivalents = kb.classification.completeHierarchy.equivalents[Int(match.classID)].filter { kb.kind(of: $0) != .foreign }
            printError("panet: note: \(kb.display(match.classID)) is not one of the ontology's own classes"
                + (equivalents.isEmpty ? "" : "; it is equivalent to " + equivalents.map { kb.display($0) }.joined(separator: ", ")))
        }
        return match
    } catch let error as OntologyError {
        printError("panet: \(error)")
        if json {
            var members: [(String, JSON.Value)] = [("message", .string(error.description)), ("term", .string(text.clippedForMessage))]
            if case .unknownTerm = error {
                members.append(("suggestions", .array(kb.suggestions(for: text).map { kb.summary($0) })))
            }
            print(JSON.render(.object([("error", .object(members))])))
        }
        if case .emptyTerm = error { throw ExitCode(2) }
        throw ExitCode(1)
    }
}

extension ClassifiedOntology {
    /// `{id, iri, label, kind}` for a class.
    func summary(_ id: ClassID) -> JSON.Value {
        let item = ontology[id]
        return .object([("id", .string(item.shortID)), ("iri", .string(item.iri)),
                        ("label", item.label.map(JSON.Value.string) ?? .null), ("kind", .string(kind(of: id).rawValue))])
    }

    /// The row cells `id, label, iri` for a class.
    func row(_ id: ClassID) -> [String] {
        let item = ontology[id]
        return [item.shortID, item.label ?? "", item.iri]
    }

    /// A short human name: `label (id)`; a foreign class by its IRI, as a CURIE when a prefix fits.
    func display(_ id: ClassID) -> String {
        let item = ontology[id]
        let name = kind(of: id) == .foreign ? compactIRI(item.iri, ontology.prefixes) : item.shortID
        return item.label.map { "\($0) (\(name))" } ?? name
    }
}

/// Prints a list of classes in the chosen format.
func printClasses(_ ids: [ClassID], kb: ClassifiedOntology, format: ReportFormat) {
    switch format {
    case .json:
        print(JSON.render(.array(ids.map { kb.summary($0) })))
    case .tsv:
        print(renderTSV(header: ["id", "label", "iri"], rows: ids.map { kb.row($0) }), terminator: "")
    case .table:
        if ids.isEmpty { return }
        print(renderTable(header: ["id", "label", "iri"], rows: ids.map { kb.row($0) }), terminator: "")
    }
}
