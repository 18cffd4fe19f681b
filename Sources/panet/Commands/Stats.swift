import ArgumentParser
import OntologyKit
import RDFModel
import RDFParsing
import RDFStore

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        
        abstract: "Counts triples, terms, classes, labels and synonyms of RDF files.",
        discussion: """
            With no FILE, reports on the ontology (--ontology, $PANET_ONTOLOGY or the bundled release). \
            Several files are merged first; an empty N-Triples or Turtle file counts as an empty graph. \
            Exit 2 when a file cannot be read or parsed.
            """
    )

    @Argument(help: ArgumentHelp("RDF files (RDF/XML, Turtle, N-Triples, N-Quads, TriG).", valueName: "file"))
    var files: [String] = []

    @OptionGroup var ontologyOptions: OntologyOptions

    @Option(help: "Input syntax when the extension does not say: rdfxml, turtle, ntriples, nquads, trig.")
    var inputFormat: String?

    @Flag(help: "Keep RDF/XML IRIs that hold characters IRIs forbid (a space, <, {, ...), with a warning.")
    var lenient = false

    @Option(help: "Output format.")
    var format: ReportFormat = .table

    func validate() throws {
        if let inputFormat, RDFFormat(name: inputFormat) == nil {
            throw ValidationError("unknown --input-format '\(inputFormat)'; use rdfxml, turtle, ntriples, nquads or trig")
        }
    }

    func run() throws {
        let paths = files.isEmpty ? [try ontologyOptions.path()] : files
        let store = try loadStore(paths, format: inputFormat.flatMap(RDFFormat.init(name:)), isLenient: lenient)
        let ontology = Ontology(store: store, source: paths.joined(separator: ", "))
        let report = StoreStatistics(ontology: ontology)
        switch format {
        case .json:
            print(JSON.render(.object(report.fields.map { ($0.key, $0.json) })))
        case .tsv:
            print(renderTSV(header: ["key", "value"], rows: report.fields.map { [$0.key, $0.text] }), terminator: "")
        case .table:
            let width = report.fields.map(\.label.count).max() ?? 0
            for field in report.fields {
                print(field.label + String(repeating: " ", count: width - field.label.count) + "  " + field.text)
            }
        }
    }
}

/// The figures `panet stats` reports, in output order.
struct StoreStatistics {
    struct Field {
        let key: String
        let label: String
        let json: JSON.Value
        let text: String
    }

    let fields: [Field]

    init(ontology: Ontology) {
        let store = ontology.store
        func count(_ key: String, _ label: String, _ value: Int) -> Field {
            Field(key: key, label: label, json: .int(value), text: String(value))
        }
        func text(_ key: String, _ label: String, _ value: String?) -> Field {
            Field(key: key, label: label, json: value.map(JSON.Value.string) ?? .null, text: value ?? "-")
        }
        let labels = ontology.classes.reduce(0) { $0 + $1.labels.count }
        let synonyms = ontology.classes.reduce(0) { $0 + $1.synonyms.count }
        let graphs = store.graphIDs()
        // The depth of the inferred hierarchy needs a classification; skip it for plain data files.
        var maxDepth: Int?
        if !ontology.classes.isEmpty {
            maxDepth = ontology.classify().hierarchy.maxDepth
        }
        fields = [
            count("triples", "triples", store.count),
            count("subjects", "distinct subjects", store.distinct(.subject).count),
            count("predicates", "distinct predicates", store.distinct(.predicate).count),
            count("objects", "distinct objects", store.distinct(.object).count),
            count("named_graphs", "named graphs", graphs.count),
            count("classes", "named classes", ontology.classes.count),
            count("object_properties", "object properties", ontology.objectProperties.count),
            count("labels", "labels", labels),
            count("synonyms", "synonyms", synonyms),
            count("definitions", "classes with a definition", ontology.classes.filter { !$0.definitions.isEmpty }.count),
            count("deprecated", "deprecated classes", ontology.classes.filter(\.isDeprecated).count),
            Field(key: "max_depth", label: "max depth (inferred)", json: maxDepth.map(JSON.Value.int) ?? .null,
                  text: maxDepth.map(String.init) ?? "-"),
            text("ontology_iri", "ontology IRI", ontology.ontologyIRI),
            text("version", "version", ontology.versionInfo),
            text("version_iri", "version IRI", ontology.versionIRI),
        ]
    }
}
