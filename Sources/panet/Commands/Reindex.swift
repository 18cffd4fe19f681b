import ArgumentParser
import DatasetCatalog

struct Reindex: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex",
        abstract: "Re-annotates every record of the index with the current ontology.",
        discussion: """
            Run after a new PaNET release: each stored record is read again, matched and given the new \
            ancestors, in one transaction. Progress (records, rate, time left) goes to stderr when it is a \
            terminal, or with --progress.
            Exit codes: 0 done, 1 some stored records could not be read, 2 unreadable index, 64 bad usage.
            """
    )

    @Option(help: ArgumentHelp("The SQLite index.", valueName: "file"))
    var db: String

    @Option(name: .customLong("busy-timeout"),
            help: ArgumentHelp("Seconds to wait while another process writes to the index.", valueName: "seconds"))
    var busyTimeout: Double = DatasetIndex.defaultBusyTimeout

    @Flag(name: .customLong("exclude-root"), help: "Leave 'photon and neutron technique' out of the ancestors.")
    var excludeRoot = false

    @Flag(help: "Show progress on stderr (records, rate, time left) even when it is not a terminal.")
    var progress = false

    @OptionGroup var ontologyOptions: OntologyOptions

    func validate() throws {
        if !(busyTimeout >= 0) { throw ValidationError("--busy-timeout must be a number of seconds >= 0") }
    }

    func run() throws {
        let kb = try loadOntology(ontologyOptions)
        let annotator = RecordAnnotator(ontology: kb, excludingRoot: excludeRoot)
        let result = try reportingErrors {
            let index = try DatasetIndex(path: db, busyTimeout: busyTimeout)
            let display = ProgressDisplay(label: "reindex", requested: progress)
            let result = try index.reindex(with: annotator) { done, total in display.update(count: done, total: total) }
            display.finish(count: result.count + result.failures.count)
            return result
        }
        for failure in result.failures { printError("panet: \(failure)") }
        printError("panet: re-annotated \(result.count) records with ontology \(annotator.ontologyVersion)")
        if !result.failures.isEmpty { throw ExitCode(1) }
    }
}
