import ArgumentParser
import CuratorKit
import OntologyKit
import RDFModel

/// `--fail-on` levels.
enum FailLevel: String, CaseIterable, ExpressibleByArgument {
    case error, warn

    var level: FindingLevel { self == .error ? .error : .warn }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Reports quality problems of an ontology, in the manner of ROBOT report.",
        discussion: """
            Each finding has a level (ERROR, WARN, INFO), a rule, a subject and the offending value. Rules: \
            \(QualityRule.allCases.map(\.rawValue).joined(separator: ", ")). FILE defaults to the ontology \
            (--ontology, $PANET_ONTOLOGY or the bundled release). A summary goes to stderr. \
            Exit 0 when clean, 1 when some finding is at or above --fail-on (default error), \
            2 when the file cannot be read or parsed.
            """
    )

    @Argument(help: ArgumentHelp("The ontology file to check (RDF/XML, Turtle, N-Triples).", valueName: "file"))
    var file: String?

    @Option(help: "Exit 1 when a finding is at this level or above.")
    var failOn: FailLevel = .error

    @Option(help: "Output format.")
    var format: CuratorFormat = .table

    @OptionGroup var ontologyOptions: OntologyOptions

    func run() throws {
        let path = try file ?? ontologyOptions.path()
        let kb = try loadClassified(path)
        let report = OntologyValidator(kb).run()
        let prefixes = kb.ontology.prefixes
        func cells(_ finding: Finding) -> [String] {
            [finding.level.rawValue, finding.rule.rawValue, compactIRI(finding.subject, prefixes), finding.subjectLabel ?? "",
             finding.property.map { compactIRI($0, prefixes) } ?? "", finding.value ?? "", finding.detail ?? ""]
        }
        let header = ["level", "rule", "subject", "label", "property", "value", "detail"]
        switch format {
        case .json:
            print(JSON.render(.object([
                ("file", .string(path)),
                ("summary", .object(FindingLevel.allCases.map { ($0.rawValue.lowercased(), .int(report.count($0))) })),
                ("findings", .array(report.findings.map { finding in
                    .object([
                        ("level", .string(finding.level.rawValue)), ("rule", .string(finding.rule.rawValue)),
                        ("subject", .string(finding.subject)),
                        ("label", finding.subjectLabel.map(JSON.Value.string) ?? .null),
                        ("property", finding.property.map(JSON.Value.string) ?? .null),
                        ("value", finding.value.map(JSON.Value.string) ?? .null),
                        ("detail", finding.detail.map(JSON.Value.string) ?? .null),
                    ])
                })),
            ])))
        case .tsv:
            print(renderTSV(header: header, rows: report.findings.map(cells)), terminator: "")
        case .table:
            if !report.findings.isEmpty {
                print(renderTable(header: header, rows: report.findings.map(cells)), terminator: "")
            }
        case .md:
            var text = "# Quality report: \(path)\n\n"
            text += FindingLevel.allCases.map { "\(report.count($0)) \($0.rawValue)" }.joined(separator: ", ") + "\n"
            for level in FindingLevel.allCases {
                let rows = report.findings.filter { $0.level == level }
                guard !rows.isEmpty else { continue }
                text += "\n## \(level.rawValue) (\(rows.count))\n\n"
                text += renderMarkdownTable(header: Array(header.dropFirst()), rows: rows.map { Array(cells($0).dropFirst()) })
            }
            print(text, terminator: "")
        }
        printError("panet: validate \(path): " + FindingLevel.allCases.map { level in
            let count = report.count(level)
            let noun = level == .error ? "error" : level == .warn ? "warning" : "info"
            return "\(count) \(noun)\(count == 1 || level == .info ? "" : "s")"
        }.joined(separator: ", "))
        if report.hasFindings(atOrAbove: failOn.level) { throw ExitCode(1) }
    }
}
