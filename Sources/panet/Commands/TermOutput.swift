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
func resolveTerm(_ text: String, in kb: ClassifiedOntology) throws -> TermMatch {
    do {
        let match = try kb.resolve(text)
        if match.isAmbiguous {
            let others = match.alternatives.map { kb.ontology[$0].shortID }.joined(separator: ", ")
            printError("panet: note: '\(text)' is ambiguous; using \(kb.ontology[match.classID].shortID) (also: \(others); --all lists every match)")
        }
        return match
    } catch OntologyError.emptyTerm {
        printError("panet: \(OntologyError.emptyTerm)")
        throw ExitCode(2)
    } catch let error as OntologyError {
        printError("panet: \(error)")
        throw ExitCode(1)
    }
}

extension ClassifiedOntology {
    /// `{id, iri, label}` for a class.
    func summary(_ id: ClassID) -> JSON.Value {
        let item = ontology[id]
        return .object([("id", .string(item.shortID)), ("iri", .string(item.iri)),
                        ("label", item.label.map(JSON.Value.string) ?? .null)])
    }

    /// The row cells `id, label, iri` for a class.
    func row(_ id: ClassID) -> [String] {
        let item = ontology[id]
        return [item.shortID, item.label ?? "", item.iri]
    }

    /// A short human name: `label (id)`.
    func display(_ id: ClassID) -> String {
        let item = ontology[id]
        return item.label.map { "\($0) (\(item.shortID))" } ?? item.shortID
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
