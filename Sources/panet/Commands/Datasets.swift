import ArgumentParser
import DatasetCatalog
import OntologyKit

struct Datasets: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets",
        abstract: "Lists the indexed records measured with a technique or any of its sub-techniques.",
        discussion: """
            TERM is an IRI, id, label or synonym. The index stores every record's techniques with all their \
            inferred ancestors, so this is one index lookup. Results stream in index order.
            Exit codes: 0 at least one record, 1 none (or unknown term), 2 unreadable index, 64 bad usage.
            """
    )

    @Option(help: "The technique (IRI, id, label or synonym).")
    var technique: String

    @Option(help: ArgumentHelp("The SQLite index.", valueName: "file"))
    var db: String

    @Option(help: "At most this many records.")
    var limit: Int?

    @Option(help: "Skip this many records first.")
    var offset = 0

    @Option(help: "Output format (json is one object per line).")
    var format: ReportFormat = .table

    @OptionGroup var ontologyOptions: OntologyOptions

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must not be negative") }
        if offset < 0 { throw ValidationError("--offset must not be negative") }
    }

    func run() throws {
        let kb = try loadOntology(ontologyOptions)
        let match = try resolveTerm(technique, in: kb)
        let index = try reportingErrors { try DatasetIndex(path: db) }
        if let stored = try reportingErrors({ try index.ontologyVersion() }),
           stored != RecordAnnotator(ontology: kb).ontologyVersion {
            printError("panet: note: the index was annotated with ontology \(stored); run `panet reindex --db \(db)` to update it")
        }
        var count = 0
        var rows: [[String]] = []
        var buffer = ""
        try reportingErrors {
            try index.datasets(technique: kb.ontology[match.classID].shortID, limit: limit, offset: offset) { hit in
                count += 1
                switch format {
                case .json:
                    buffer += JSON.render(.object([
                        ("id", .string(hit.id)), ("title", hit.title.map(JSON.Value.string) ?? .null),
                        ("datestamp", hit.datestamp.map(JSON.Value.string) ?? .null), ("source", .string(hit.source)),
                        ("techniques", .array(hit.techniques.map(JSON.Value.string))),
                    ]), pretty: false) + "\n"
                case .tsv, .table:
                    rows.append([hit.id, hit.techniques.joined(separator: " "), hit.datestamp ?? "", hit.title ?? ""])
                }
                if buffer.utf8.count > 1 << 16 { writeAll(1, buffer); buffer = "" }
                return true
            }
        }
        switch format {
        case .json: writeAll(1, buffer)
        case .tsv: writeAll(1, renderTSV(header: ["id", "techniques", "datestamp", "title"], rows: rows))
        case .table: if !rows.isEmpty { writeAll(1, renderTable(header: ["id", "techniques", "datestamp", "title"], rows: rows)) }
        }
        if count == 0 { throw ExitCode(1) }
    }
}
