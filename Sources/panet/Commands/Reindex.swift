import ArgumentParser
import DatasetCatalog

struct Reindex: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex",
        abstract: "Re-annotates every record of the index with the current ontology.",
        discussion: """
            Run after a new PaNET release: each stored record is read again, matched and given the new \
            ancestors, in one transaction.
            Exit codes: 0 done, 1 some stored records could not be read, 2 unreadable index, 64 bad usage.
            """
    )

    @Option(help: ArgumentHelp("The SQLite index.", valueName: "file"))
    var db: String

    @Flag(name: .customLong("exclude-root"), help: "Leave 'photon and neutron technique' out of the ancestors.")
    var excludeRoot = false

    @OptionGroup var ontologyOptions: OntologyOptions

    func run() throws {
        let kb = try loadOntology(ontologyOptions)
        let annotator = RecordAnnotator(ontology: kb, excludingRoot: excludeRoot)
        let result = try reportingErrors {
            let index = try DatasetIndex(path: db)
            return try index.reindex(with: annotator)
        }
        for failure in result.failures { printError("panet: \(failure)") }
        printError("panet: re-annotated \(result.count) records with ontology \(annotator.ontologyVersion)")
        if !result.failures.isEmpty { throw ExitCode(1) }
    }
}
