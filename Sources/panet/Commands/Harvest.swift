import ArgumentParser
import DatasetCatalog
import Foundation

struct Harvest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "harvest",
        abstract: "Harvests an OAI-PMH repository into the dataset index, annotating every record.",
        discussion: """
            Speaks OAI-PMH 2.0 (Identify, ListRecords with resumption tokens). Each page is committed with its \
            checkpoint, so an interrupted harvest resumes where it stopped; without --from a harvest continues \
            from the latest datestamp of the last complete one. Deleted records leave the index. Timeouts, 5xx \
            answers and truncated pages are retried with exponential backoff, honouring Retry-After. A resumption \
            token given a second time stops the harvest (exit 2). Progress goes to stderr when it is a terminal \
            or with --progress.
            Exit codes: 0 done, 1 some records could not be read, 2 the repository failed or the index is \
            unwritable, 64 bad usage.
            """
    )

    @Argument(help: "The OAI-PMH base URL.")
    var url: String

    @Option(name: .customLong("metadata-prefix"), help: "Metadata format to harvest.")
    var metadataPrefix = "oai_datacite"

    @Option(help: "Harvest only this set.")
    var set: String?

    @Option(help: ArgumentHelp("Records changed on or after this date (YYYY-MM-DD or full UTC datestamp).", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("The SQLite index.", valueName: "file"))
    var db: String

    @Option(name: .customLong("busy-timeout"),
            help: ArgumentHelp("Seconds to wait while another process writes to the index.", valueName: "seconds"))
    var busyTimeout: Double = DatasetIndex.defaultBusyTimeout

    @Option(name: .customLong("max-retries"), help: "Retries of a failing request.")
    var maxRetries = 5

    @Option(help: ArgumentHelp("First retry delay in seconds (doubles each retry).", valueName: "seconds"))
    var backoff: Double = 1

    @Option(help: ArgumentHelp("Per-request timeout in seconds.", valueName: "seconds"))
    var timeout: Double = 60

    @Flag(name: .customLong("exclude-root"), help: "Leave 'photon and neutron technique' out of the ancestors.")
    var excludeRoot = false

    @Flag(help: "No progress lines.")
    var quiet = false

    @Flag(help: "Show progress on stderr (pages, records, rate, time left) even when it is not a terminal.")
    var progress = false

    @OptionGroup var ontologyOptions: OntologyOptions

    func validate() throws {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
              parsed.host != nil else {
            throw ValidationError("'\(url)' is not an http(s) URL")
        }
        if maxRetries < 0 { throw ValidationError("--max-retries must not be negative") }
        if backoff < 0 || timeout <= 0 { throw ValidationError("--backoff must be >= 0 and --timeout > 0") }
        if !(busyTimeout >= 0) { throw ValidationError("--busy-timeout must be a number of seconds >= 0") }
    }

    func run() throws {
        let kb = try loadOntology(ontologyOptions)
        let annotator = RecordAnnotator(ontology: kb, excludingRoot: excludeRoot)
        guard let endpoint = URL(string: url) else { throw ValidationError("'\(url)' is not a URL") }
        var options = HarvestOptions(endpoint: endpoint, metadataPrefix: metadataPrefix, set: set, from: from)
        options.maxRetries = maxRetries
        options.backoff = backoff
        options.timeout = timeout
        let display = ProgressDisplay(label: "harvest", requested: progress, quiet: quiet)
        let summary = try reportingErrors {
            let index = try DatasetIndex(path: db, busyTimeout: busyTimeout)
            let harvester = OAIHarvester(
                options: options, index: index, annotator: annotator,
                report: { failure in printError("panet: \(failure)") },
                progress: { step in
                    display.update(count: step.records + step.deleted, total: step.completeListSize,
                                   detail: "page \(step.pages)")
                })
            let summary = try harvester.run()
            display.finish(count: summary.stored + summary.deleted, detail: "\(summary.pages) pages")
            return summary
        }
        var line = "panet: harvested \(summary.stored) records (\(summary.annotated) with techniques), "
            + "\(summary.deleted) deleted, \(summary.failed) failed, \(summary.pages) pages"
        if summary.resumed { line += ", resumed from checkpoint" }
        if summary.noRecordsMatch { line += ", no new records" }
        if let from = summary.from { line += ", from \(from)" }
        printError(line)
        if summary.failed > 0 { throw ExitCode(1) }
    }
}
