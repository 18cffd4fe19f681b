import ArgumentParser
import CuratorKit
import OntologyKit

struct CheckTerms: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-terms",
        abstract: "Checks a facility's list of technique names or ids against the ontology.",
        discussion: """
            FILE is plain text with one term per line (blank lines and # comments skipped), or a CSV/TSV \
            table whose column --column (default: the first) holds the terms; the table's other columns are \
            kept in the output, after the checker's own (named input_NAME when a name clashes with one of \
            them; under "columns" in JSON), so that results join back to the input. UTF-8 (with or without BOM) \
            and UTF-16 with BOM are accepted. Each term is matched (id, label, how), ambiguous, \
            deprecated (with its replacement) or unknown (with the best suggestions and their scores). \
            Exit 0 when every term is known, 1 when some term is unknown, 2 when the file cannot be read.
            """
    )

    @Argument(help: ArgumentHelp("The term list (.txt, .csv or .tsv).", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("Read the terms from this column of a CSV/TSV file (matched by header, case-insensitively).", valueName: "name"))
    var column: String?

    @Option(help: "Suggestions per unknown term.")
    var suggestions = 3

    @Option(help: "Output format.")
    var format: CuratorFormat = .table

    @OptionGroup var ontologyOptions: OntologyOptions

    func validate() throws {
        guard suggestions >= 0 else { throw ValidationError("--suggestions must be 0 or more") }
    }

    func run() throws {
        let list = try reportingErrors { try TermListReader.readList(path: file, column: column) }
        let entries = list.entries
        let kb = try loadClassified(try ontologyOptions.path())
        let checker = TermListChecker(ontology: kb, suggestionLimit: suggestions)
        let results = checker.check(entries)
        let ontology = kb.ontology

        func name(_ id: ClassID) -> String { kb.display(id) }
        func note(_ result: TermCheck) -> String {
            switch result.status {
            case .matched:
                return result.alternatives.isEmpty ? "" : "also names " + result.alternatives.map(name).joined(separator: ", ")
            case .ambiguous:
                return "equally names " + result.alternatives.map(name).joined(separator: ", ")
            case .deprecated:
                if result.replacements.isEmpty { return "deprecated, no replacement given" }
                return "replaced by " + result.replacements.map { iri in
                    ontology.classID(of: iri).map(name) ?? iri
                }.joined(separator: ", ")
            case .unknown:
                if result.suggestions.isEmpty { return "no suggestion" }
                return "did you mean " + result.suggestions.map { "\(name($0.classID)) [\(formatScore($0.score))]" }
                    .joined(separator: ", ")
            }
        }
        // The input's other columns, kept after ours.
        let ownHeader = ["line", "term", "status", "id", "label", "match", "note"]
        let width = entries.reduce(list.header.count) { max($0, $1.cells.count) }
        let kept = (0..<width).filter { $0 != list.termColumn }
        let keptNames = kept.map { index -> String in
            let name = index < list.header.count && !list.header[index].isEmpty ? list.header[index] : "column \(index + 1)"
            return ownHeader.contains(name) ? "input_" + name : name
        }
        func keptCells(_ entry: TermListEntry) -> [String] {
            kept.map { $0 < entry.cells.count ? entry.cells[$0] : "" }
        }
        /// The kept cells by their input names (a missing header cell named by its position).
        func columns(_ entry: TermListEntry) -> JSON.Value {
            let values = keptCells(entry)
            var members: [(String, JSON.Value)] = []
            for (position, index) in kept.enumerated() {
                let name = index < list.header.count && !list.header[index].isEmpty ? list.header[index] : "column \(index + 1)"
                members.append((name, .string(values[position])))
            }
            return .object(members)
        }
        func cells(_ result: TermCheck) -> [String] {
            let item = result.classID.map { ontology[$0] }
            return [String(result.entry.line), result.entry.text, result.status.rawValue, item?.shortID ?? "", item?.label ?? "",
                    result.matchKind?.rawValue ?? "", note(result)] + keptCells(result.entry)
        }
        let header = ownHeader + keptNames
        let counts = [TermStatus.matched, .ambiguous, .deprecated, .unknown].map { status in
            (status, results.filter { $0.status == status }.count)
        }
        switch format {
        case .json:
            print(JSON.render(.object([
                ("summary", .object(counts.map { ($0.0.rawValue, .int($0.1)) })),
                ("terms", .array(results.map { result in
                    .object([
                        ("line", .int(result.entry.line)), ("term", .string(result.entry.text)),
                        ("status", .string(result.status.rawValue)),
                        ("match", result.classID.map { kb.summary($0) } ?? .null),
                        ("how", result.matchKind.map { .string($0.rawValue) } ?? .null),
                        ("alternatives", .array(result.alternatives.map { kb.summary($0) })),
                        ("replaced_by", .array(result.replacements.map { iri in
                            ontology.classID(of: iri).map { kb.summary($0) } ?? .object([("iri", .string(iri))])
                        })),
                        ("suggestions", .array(result.suggestions.map { suggestion in
                            .object([("id", .string(ontology[suggestion.classID].shortID)),
                                     ("iri", .string(ontology[suggestion.classID].iri)),
                                     ("label", ontology[suggestion.classID].label.map(JSON.Value.string) ?? .null),
                                     ("matched", .string(suggestion.matchedText)), ("score", .double(suggestion.score))])
                        })),
                        ("columns", columns(result.entry)),
                    ])
                })),
            ])))
        case .tsv:
            print(renderTSV(header: header, rows: results.map(cells)), terminator: "")
        case .csv:
            print(renderCSV(header: header, rows: results.map(cells)), terminator: "")
        case .table:
            print(renderTable(header: header, rows: results.map(cells)), terminator: "")
        case .md:
            print(renderMarkdownTable(header: header, rows: results.map(cells)), terminator: "")
        }
        printError("panet: check-terms \(file): \(results.count) terms: "
            + counts.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", "))
        if results.contains(where: { $0.status == .unknown }) { throw ExitCode(1) }
    }
}

/// A score with at most one decimal.
func formatScore(_ score: Double) -> String {
    score == score.rounded() ? String(Int(score)) : String((score * 10).rounded() / 10)
}
