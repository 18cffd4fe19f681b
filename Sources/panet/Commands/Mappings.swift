import ArgumentParser
import CuratorKit
import MappingKit
import OntologyKit
import RDFModel
import RDFParsing

struct Mappings: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mappings",
        abstract: "Reads, checks and converts SSSOM mapping sets.",
        discussion: """
            Mapping sets are SSSOM TSV (YAML header as '#' lines, or --metadata FILE.yml), the CSV \
            shape PaNET keeps (comma-padded '#' header lines), or SSSOM/JSON.
            """,
        subcommands: [MappingsValidate.self, MappingsConvert.self]
    )
}

/// `--format` values of `mappings validate`.
enum MappingReportFormat: String, CaseIterable, ExpressibleByArgument {
    case table, json, junit, tsv
}

/// `--to` values of `mappings convert`.
enum MappingOutputFormat: String, CaseIterable, ExpressibleByArgument {
    case sssomTSV = "sssom-tsv", sssomJSON = "sssom-json", turtle, ntriples

    /// The format a file name suggests.
    init?(path: String) {
        let lower = path.lowercased()
        if lower.hasSuffix(".json") { self = .sssomJSON }
        else if lower.hasSuffix(".ttl") { self = .turtle }
        else if lower.hasSuffix(".nt") { self = .ntriples }
        else if lower.hasSuffix(".tsv") { self = .sssomTSV }
        else { return nil }
    }
}

/// Reads a mapping set, turning failures into a message on stderr and exit status 2.
func readMappingSet(_ path: String, metadata: String?) throws -> MappingSet {
    try reportingErrors { try SSSOMReader.read(path: path, metadataPath: metadata) }
}

struct MappingsValidate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Checks SSSOM mapping sets against the schema and the ontology.",
        discussion: """
            Rules: \(MappingRule.allCases.map(\.rawValue).joined(separator: ", ")). Schema checks: required \
            columns (subject_id, predicate_id, object_id, mapping_justification) and metadata (mapping_set_id, \
            license), predicate and semapv justification vocabularies, CURIE syntax, every prefix declared \
            in the curie_map (case-sensitive), confidence from 0 to 1. Against the ontology (--ontology): ids \
            in the ontology's namespaces that name no term, deprecated terms, labels that differ from the \
            current label. Also stray whitespace, duplicate rows, id and label columns that look swapped, \
            and one subject with skos:exactMatch to two objects. Each finding names file:line, the rule, \
            the level, and the fix; a summary goes to stderr. Exit 0 when no finding is an error, 1 when \
            some is, 2 when a file cannot be read.
            """
    )

    @Argument(help: ArgumentHelp("Mapping sets (.csv, .tsv or .json).", valueName: "file"))
    var files: [String]

    @Option(help: ArgumentHelp("External SSSOM metadata (YAML) for every file.", valueName: "file"))
    var metadata: String?

    @Option(help: "Output format.")
    var format: MappingReportFormat = .table

    @Flag(help: "Check the schema only, without loading the ontology.")
    var noOntology = false

    @OptionGroup var ontologyOptions: OntologyOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one mapping set") }
    }

    func run() throws {
        let sets = try files.map { try readMappingSet($0, metadata: metadata) }
        let ontology = noOntology ? nil : try loadClassified(try ontologyOptions.path()).ontology
        let validator = MappingValidator(ontology: ontology)
        let results = sets.map { (file: $0.source, findings: validator.validate($0)) }
        let all = results.flatMap(\.findings)
        let header = ["location", "level", "rule", "message", "fix"]
        let rows = all.map { [$0.location, $0.level.rawValue, $0.rule.rawValue, $0.message, $0.fix] }
        switch format {
        case .table:
            if !rows.isEmpty { print(renderTable(header: header, rows: rows), terminator: "") }
        case .tsv:
            print(renderTSV(header: ["file", "line", "level", "rule", "message", "fix"],
                            rows: all.map { [$0.file, String($0.line), $0.level.rawValue, $0.rule.rawValue, $0.message, $0.fix] }),
                  terminator: "")
        case .json:
            print(JSON.render(.object([
                ("files", .array(results.map { result in
                    .object([
                        ("file", .string(result.file)),
                        ("errors", .int(result.findings.filter { $0.level == .error }.count)),
                        ("warnings", .int(result.findings.filter { $0.level == .warning }.count)),
                        ("findings", .array(result.findings.map { finding in
                            .object([
                                ("line", .int(finding.line)), ("level", .string(finding.level.rawValue)),
                                ("rule", .string(finding.rule.rawValue)), ("message", .string(finding.message)),
                                ("fix", .string(finding.fix)),
                            ])
                        })),
                    ])
                })),
            ])))
        case .junit:
            print(MappingFinding.junit(results), terminator: "")
        }
        for result in results {
            let errors = result.findings.filter { $0.level == .error }.count
            printError("panet: mappings validate \(result.file): \(errors) error\(errors == 1 ? "" : "s"), "
                + "\(result.findings.count - errors) warning\(result.findings.count - errors == 1 ? "" : "s")")
        }
        if all.contains(where: { $0.level == .error }) { throw ExitCode(1) }
    }
}

struct MappingsConvert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Converts a mapping set to SSSOM TSV, SSSOM/JSON, Turtle or N-Triples.",
        discussion: """
            SSSOM TSV has the metadata as '#' YAML lines (curie_map first) and the columns in SSSOM order. \
            RDF has one triple per mapping (subject predicate object) and an owl:Axiom on it carrying the \
            other slots as sssom: annotations (justification, confidence, author, labels, ...); mappings \
            whose ids do not expand are left out, with a warning. --to defaults from the output's extension \
            (.tsv, .json, .ttl, .nt), else sssom-tsv. Exit 0 on success, 2 when the input cannot be read.
            """
    )

    @Argument(help: ArgumentHelp("The mapping set to read (.csv, .tsv or .json).", valueName: "file"))
    var input: String

    @Option(name: .shortAndLong, help: ArgumentHelp("The file to write (default: standard output).", valueName: "file"))
    var output: String?

    @Option(help: "Output format.")
    var to: MappingOutputFormat?

    @Option(help: ArgumentHelp("External SSSOM metadata (YAML).", valueName: "file"))
    var metadata: String?

    func run() throws {
        let set = try readMappingSet(input, metadata: metadata)
        let format = to ?? output.flatMap(MappingOutputFormat.init(path:)) ?? .sssomTSV
        let text: String
        switch format {
        case .sssomTSV: text = SSSOMWriter.tsv(set)
        case .sssomJSON: text = SSSOMWriter.json(set)
        case .turtle, .ntriples:
            let (triples, skipped) = SSSOMWriter.triples(set)
            if !skipped.isEmpty {
                let lines = skipped.prefix(10).map { String($0.line) }.joined(separator: ", ") + (skipped.count > 10 ? ", …" : "")
                printError("panet: warning: \(input): \(skipped.count) mapping\(skipped.count == 1 ? "" : "s") left out "
                    + "(line\(skipped.count == 1 ? "" : "s") \(lines)): subject, predicate or object does not expand to an IRI; "
                    + "run 'panet mappings validate' for the prefixes to fix")
            }
            if format == .ntriples {
                text = NTriplesWriter.string(triples)
            } else {
                var prefixes = PrefixMap.standard
                for (prefix, namespace) in set.curieMap where SSSOM.isCURIE(prefix + ":x") { prefixes.set(prefix, namespace) }
                prefixes.set("sssom", "https://w3id.org/sssom/")
                text = TurtleWriter(prefixes: prefixes).string(triples)
            }
        }
        try emit(text, to: output)
    }
}
