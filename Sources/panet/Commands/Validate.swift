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
            --only and --ignore take rules, each optionally with a level (duplicate_label:warn), repeated or \
            separated by commas; --config FILE lists rules to ignore, one per line, each optionally followed \
            by the terms (ids, CURIEs or IRIs) it is ignored for ('#' starts a comment). A ROBOT template \
            (.csv, .tsv) is refused with a pointer to 'panet build'. \
            Exit 0 when clean, 1 when some finding kept is at or above --fail-on (default error), \
            2 when the file cannot be read or parsed, 64 for an unknown rule.
            """
    )

    @Argument(help: ArgumentHelp("The ontology file to check (RDF/XML, Turtle, N-Triples).", valueName: "file"))
    var file: String?

    @Option(help: "Exit 1 when a finding is at this level or above.")
    var failOn: FailLevel = .error

    @Option(help: "Output format.")
    var format: CuratorFormat = .table

    @Option(help: ArgumentHelp("Report only these rules (rule or rule:level; repeat or separate by commas).", valueName: "rule"))
    var only: [String] = []

    @Option(help: ArgumentHelp("Leave out these rules (rule or rule:level; repeat or separate by commas).", valueName: "rule"))
    var ignore: [String] = []

    @Option(help: ArgumentHelp("A file of rules to ignore, one per line, optionally for some terms only.", valueName: "file"))
    var config: String?

    @OptionGroup var ontologyOptions: OntologyOptions

    /// The selectors of `--only` or `--ignore`, or a usage error naming the unknown one.
    static func selectors(_ values: [String], option: String) throws -> [RuleSelector] {
        try values.flatMap { $0.split(separator: ",") }.map { text in
            let trimmed = String(text).trimmingWhitespace()
            guard let selector = RuleSelector(parsing: trimmed) else {
                throw ValidationError("\(option): unknown rule '\(trimmed.clippedForMessage)'; expected \(RuleSelector.expected)")
            }
            return selector
        }
    }

    func validate() throws {
        _ = try Self.selectors(only, option: "--only")
        _ = try Self.selectors(ignore, option: "--ignore")
    }

    func run() throws {
        let path = try file ?? ontologyOptions.path()
        try reportingErrors { if OntologyTemplate.looksLikeTemplate(path: path) { throw CuratorError.templateGiven(source: path) } }
        let kb = try loadClassified(path)
        var filter = FindingFilter()
        filter.only = try Self.selectors(only, option: "--only")
        filter.ignored = try Self.selectors(ignore, option: "--ignore")
        if let config {
            let warnings = try reportingErrors {
                try filter.addConfig(try TextFile.read(config), source: config) { term in
                    kb.resolver.resolve(term).flatMap { $0.kind == .label || $0.kind == .synonym ? nil : kb.ontology[$0.classID].iri }
                }
            }
            for warning in warnings { printError("panet: warning: \(warning)") }
        }
        let report = OntologyValidator(kb).run().filtered(by: filter)
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
        case .csv:
            print(renderCSV(header: header, rows: report.findings.map(cells)), terminator: "")
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
