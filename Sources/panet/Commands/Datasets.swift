import ArgumentParser
import DatasetCatalog
import OntologyKit

struct Datasets: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets",
        abstract: "Lists the indexed records measured with a technique or any of its sub-techniques.",
        discussion: """
            TERM is an IRI, id, label or synonym. The index stores every record's techniques with all their \
            inferred ancestors, so this is one index lookup. Results stream in index order. With no hits the \
            output is the header alone (table, tsv) or `[]` (json), with a note on stderr.
            Exit codes: 0 done (with or without hits), 1 unknown term, 2 unreadable index, 64 bad usage.
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

    @Option(help: "Output format (json is one object per line, `[]` when there is none).")
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
        let header = ["id", "techniques", "datestamp", "title"]
        switch format {
        case .json: writeAll(1, count == 0 ? "[]\n" : buffer)
        case .tsv: writeAll(1, renderTSV(header: header, rows: rows))
        case .table: writeAll(1, renderTable(header: header, rows: rows))
        }
        if count == 0 {
            printError("panet: note: no indexed record is measured with \(kb.ontology[match.classID].shortID) "
                + "or any of its sub-techniques" + (offset > 0 || limit != nil ? " (within --offset/--limit)" : ""))
        }
    }
}
