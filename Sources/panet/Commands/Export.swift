import ArgumentParser
import DatasetCatalog

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Exports the ontology for other tools.",
        subcommands: [ExportSynonyms.self]
    )
}

struct ExportSynonyms: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synonyms",
        abstract: "A Solr/Elasticsearch synonym file of labels and synonyms.",
        discussion: """
            Each line lists a technique's label and synonyms as equivalents. With --children each line maps \
            the technique's names to themselves plus every sub-technique's names (label, SAXS => ...), so a \
            text search backend expands queries without calling panet.
            Exit codes: 0 success, 2 unreadable ontology or output, 64 bad usage.
            """
    )

    @Flag(help: "Map each technique to its sub-techniques' names too.")
    var children = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Write here (atomically) instead of stdout.", valueName: "file"))
    var output: String?

    @OptionGroup var ontologyOptions: OntologyOptions

    func run() throws {
        let kb = try loadOntology(ontologyOptions)
        try emit(SynonymExport.synonyms(kb, children: children), to: output)
    }
}
