import ArgumentParser
import DatasetCatalog
import OntologyKit

extension InputFormat: ExpressibleByArgument {}

struct Annotate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotate",
        abstract: "Adds the PaNET techniques a dataset record names, and their inferred ancestors.",
        discussion: """
            Reads OAI-PMH XML (oai_datacite, oai_dc, SciCat panosc), PaNOSC or SciCat dataset JSON (one object, \
            an array, or the search API's LoopBack database) and JSON Lines, and writes one annotated record per \
            line: the record unchanged plus a "panet" object with techniques, ancestors, unmatched strings and \
            the ontology version. With --db the records are also stored in the SQLite index (one transaction). \
            A record that cannot be read is reported on stderr with its position and skipped.
            Exit codes: 0 every record read, 1 some records failed, 2 unreadable input or I/O error, 64 bad usage.
            """
    )

    @Argument(help: ArgumentHelp("Input files; '-' or none for standard input.", valueName: "input"))
    var inputs: [String] = []

    @Option(name: .customLong("input-format"), help: "Input format (default: from the file name and content).")
    var inputFormat: InputFormat?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write JSON Lines here (atomically) instead of stdout.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Also store the records in this SQLite index.", valueName: "file"))
    var db: String?

    @Flag(name: .customLong("exclude-root"), help: "Leave 'photon and neutron technique' out of the ancestors.")
    var excludeRoot = false

    @OptionGroup var ontologyOptions: OntologyOptions

    func run() throws {
        let kb = try loadOntology(ontologyOptions)
        let annotator = RecordAnnotator(ontology: kb, excludingRoot: excludeRoot)
        let summary = try reportingErrors {
            let index = try db.map { try DatasetIndex(path: $0) }
            let sink = (db == nil || output != nil) ? try JSONLinesOutput(path: output) : nil
            return try BatchAnnotation(annotator: annotator).run(
                inputs: inputs.isEmpty ? ["-"] : inputs, format: inputFormat, output: sink, index: index
            ) { failure in printError("panet: \(failure)") }
        }
        printError("panet: \(summary.annotated) annotated, \(summary.unmatched) without a technique, "
            + "\(summary.failed) failed" + (summary.deleted > 0 ? ", \(summary.deleted) deleted" : ""))
        if summary.failed > 0 { throw ExitCode(1) }
    }
}

/// Loads and classifies the ontology, mapping failures to exit 2.
func loadOntology(_ options: OntologyOptions) throws -> ClassifiedOntology {
    let path = try options.path()
    return try reportingErrors {
        try refuseEmpty(path)
        return try ClassifiedOntology.load(path: path)
    }
}
