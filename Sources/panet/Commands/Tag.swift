import ArgumentParser
import DatasetCatalog
import OntologyKit

struct Tag: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Finds the PaNET techniques a free text mentions (titles, abstracts, queries).",
        discussion: """
            Matches technique labels, synonyms and acronyms, also in their usual variants (x-ray/xray, \
            hyphens, plurals, spectroscopic/spectroscopy, reflectivity/reflectometry). The longest mention wins; \
            acronyms of up to three letters, and SANS, must be in capitals (XAS, not xas; saxs is fine); a general mention becomes its \
            neutron or x-ray variant when the text names that probe; mentions after "instead of", "rather than", \
            "not", "without" or in a sentence saying "so far" or "previously" are dropped. Spans (start, end) \
            count Unicode code points from the start of the text, end exclusive.
            With --evaluate, reads a labelled JSON Lines file ({"text": ..., "expected": [[term, ...], ...]}) \
            and reports precision (a prediction is right when it is an expected class or one of its inferred \
            ancestors), recall (an expected group is found when one of its alternatives is predicted) and F1.
            Exit codes: 0 success, 2 unreadable or malformed input, 64 bad usage.
            """
    )

    @Argument(help: ArgumentHelp("The text to tag; '-' reads standard input.", valueName: "text"))
    var text: String?

    @Flag(help: "With '-', tag each line of standard input as its own text.")
    var lines = false

    @Option(help: ArgumentHelp("Score the tagger on this labelled JSON Lines file.", valueName: "gold.jsonl"))
    var evaluate: String?

    @Option(help: "Output format.")
    var format: ReportFormat = .table

    @OptionGroup var ontologyOptions: OntologyOptions

    func validate() throws {
        if (text == nil) == (evaluate == nil) { throw ValidationError("give either TEXT (or '-') or --evaluate FILE") }
        if lines && text != "-" { throw ValidationError("--lines needs '-' (texts on standard input)") }
    }

    func run() throws {
        let kb = try loadOntology(ontologyOptions)
        let tagger = TextTagger(ontology: kb)
        if let evaluate {
            let report = try reportingErrors { tagger.evaluate(try tagger.readLabelled(try TextTagger.readText(path: evaluate), source: evaluate)) }
            printEvaluation(report, kb: kb)
            return
        }
        var texts = [text ?? ""]
        if text == "-" {
            let input = try reportingErrors { try TextTagger.readText(path: "-") }
            texts = lines ? input.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) : [input]
            if lines && texts.last == "" { texts.removeLast() }
        }
        let tagged = texts.map { tagger.tag($0) }
        printMentions(tagged, kb: kb, numbered: lines)
    }

    private func printMentions(_ tagged: [[TextMention]], kb: ClassifiedOntology, numbered: Bool) {
        func cells(_ mention: TextMention) -> [String] {
            let item = kb.ontology[mention.classID]
            return [String(mention.start), String(mention.end), mention.text, mention.how.rawValue, item.shortID,
                    item.label ?? "", String(format2(mention.confidence))]
        }
        var header = ["start", "end", "text", "how", "id", "label", "confidence"]
        if numbered { header.insert("line", at: 0) }
        switch format {
        case .json:
            func object(_ mention: TextMention) -> JSON.Value {
                let item = kb.ontology[mention.classID]
                return .object([("start", .int(mention.start)), ("end", .int(mention.end)), ("text", .string(mention.text)),
                                ("how", .string(mention.how.rawValue)), ("name", .string(mention.name)),
                                ("id", .string(item.shortID)), ("iri", .string(item.iri)),
                                ("label", item.label.map(JSON.Value.string) ?? .null), ("confidence", .double(format2(mention.confidence)))])
            }
            if numbered {
                // One JSON array per input line, so the output lines up with the input.
                for mentions in tagged { print(JSON.render(.array(mentions.map(object)), pretty: false)) }
            } else {
                print(JSON.render(.array(tagged.flatMap { $0 }.map(object))))
            }
        case .table, .tsv:
            var rows: [[String]] = []
            for (index, mentions) in tagged.enumerated() {
                for mention in mentions { rows.append((numbered ? [String(index + 1)] : []) + cells(mention)) }
            }
            if format == .tsv {
                writeAll(1, renderTSV(header: header, rows: rows))
            } else if rows.isEmpty {
                print("no technique mentioned")
            } else {
                writeAll(1, renderTable(header: header, rows: rows))
            }
        }
    }

    private func printEvaluation(_ report: TaggerEvaluation, kb: ClassifiedOntology) {
        func names(_ ids: [ClassID]) -> String {
            ids.map { kb.ontology[$0].label ?? kb.ontology[$0].shortID }.joined(separator: "; ")
        }
        let figures: [(String, String)] = [
            ("texts", String(report.texts)), ("predicted", String(report.predicted)), ("correct", String(report.correct)),
            ("expected", String(report.expected)), ("found", String(report.found)),
            ("precision", String(format3(report.precision))), ("recall", String(format3(report.recall))), ("f1", String(format3(report.f1))),
        ]
        switch format {
        case .json:
            let misses = report.misses.map { miss in
                JSON.Value.object([("source", .string(miss.source)), ("text", .string(miss.text)),
                                   ("wrong", .array(miss.wrong.map { kb.summary($0) })),
                                   ("missed", .array(miss.missed.map { kb.summary($0) }))])
            }
            print(JSON.render(.object([
                ("texts", .int(report.texts)), ("predicted", .int(report.predicted)), ("correct", .int(report.correct)),
                ("expected", .int(report.expected)), ("found", .int(report.found)), ("precision", .double(format3(report.precision))),
                ("recall", .double(format3(report.recall))), ("f1", .double(format3(report.f1))), ("misses", .array(misses)),
            ])))
        case .tsv:
            writeAll(1, renderTSV(header: ["measure", "value"], rows: figures.map { [$0.0, $0.1] }))
        case .table:
            writeAll(1, renderTable(header: ["measure", "value"], rows: figures.map { [$0.0, $0.1] }))
            for miss in report.misses {
                var line = "\(miss.source): "
                if !miss.wrong.isEmpty { line += "wrong: \(names(miss.wrong)) " }
                if !miss.missed.isEmpty { line += "missed: \(names(miss.missed))" }
                print(line.hasSuffix(" ") ? String(line.dropLast()) : line)
            }
        }
    }

    private func format2(_ value: Double) -> Double { (value * 100).rounded() / 100 }
    private func format3(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
