import ArgumentParser
import DatasetCatalog
import OntologyKit
#if canImport(Glibc)
import Glibc
#endif

extension InputFormat: ExpressibleByArgument {}

struct Annotate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotate",
        abstract: "Adds the PaNET techniques a dataset record names, and their inferred ancestors.",
        discussion: """
            Reads OAI-PMH XML (oai_datacite, oai_dc, SciCat panosc), PaNOSC or SciCat dataset JSON (one object, \
            an array, or the search API's LoopBack database) and JSON Lines, and writes one annotated record per \
            line: the record unchanged plus a "panet" object with techniques, ancestors, unmatched strings and \
            the ontology version. With --db the records are also stored in the SQLite index (one transaction; \
            another process writing to it is waited for up to --busy-timeout seconds). Progress (records, rate) \
            goes to stderr when it is a terminal, or with --progress. \
            A record that cannot be read is reported on stderr with its position and skipped; items of a shape \
            no reader understands are skipped too, with one note per input giving their count.
            Exit codes: 0 every record read, 1 some records failed, 2 no record read from any input, a JSON \
            document that is not objects or an array of objects, unreadable input or I/O error, 64 bad usage.
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

    @Option(name: .customLong("busy-timeout"),
            help: ArgumentHelp("Seconds to wait while another process writes to the index.", valueName: "seconds"))
    var busyTimeout: Double = DatasetIndex.defaultBusyTimeout

    @Flag(name: .customLong("exclude-root"), help: "Leave 'photon and neutron technique' out of the ancestors.")
    var excludeRoot = false

    @Flag(help: "Show progress on stderr (records, rate) even when it is not a terminal.")
    var progress = false

    @OptionGroup var ontologyOptions: OntologyOptions

    func validate() throws {
        if !(busyTimeout >= 0) { throw ValidationError("--busy-timeout must be a number of seconds >= 0") }
    }

    func run() throws {
        let kb = try loadOntology(ontologyOptions)
        let annotator = RecordAnnotator(ontology: kb, excludingRoot: excludeRoot)
        let summary = try reportingErrors {
            let index = try db.map { try DatasetIndex(path: $0, busyTimeout: busyTimeout) }
            let sink = (db == nil || output != nil) ? try JSONLinesOutput(path: output) : nil
            let display = ProgressDisplay(label: "annotate", requested: progress,
                                          terminalBusy: sink != nil && (output == nil || output == "-") && isatty(1) != 0)
            let summary = try BatchAnnotation(annotator: annotator).run(
                inputs: inputs.isEmpty ? ["-"] : inputs, format: inputFormat, output: sink, index: index,
                note: { printError("panet: note: \($0)") }, report: { failure in printError("panet: \(failure)") },
                progress: { display.update(count: $0.total) })
            display.finish(count: summary.total)
            return summary
        }
        printError("panet: \(summary.annotated) annotated, \(summary.unmatched) without a technique, "
            + "\(summary.failed) failed" + (summary.deleted > 0 ? ", \(summary.deleted) deleted" : "")
            + (summary.skipped > 0 ? ", \(summary.skipped) skipped" : ""))
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
