import ArgumentParser
import Foundation
import OntologyKit
import RDFModel
import RDFParsing
import RDFStore
import SPARQLEvaluation
import SPARQLSyntax

struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Runs a SPARQL 1.1 query over the ontology or over RDF files.",
        discussion: """
            The query comes as an argument or from -f FILE.rq (relative IRIs then resolve against the file's \
            file:// URL unless --base is given). With --data or --named, only the given files are queried \
            (plus --ontology when given; with --named alone the default graph is empty, as in the SPARQL \
            protocol); with neither, the bundled PaNET ontology. --named FILE adds FILE as a named graph \
            called by its file:// URL; FROM and FROM NAMED with file: IRIs load those files. \
            --reasoning adds the inferred rdfs:subClassOf and owl:equivalentClass triples of the classifier.

            Prefixes known without a PREFIX declaration (a query's own declaration wins): rdf, rdfs, owl, xsd, \
            skos, dc, dcterms, obo (http://purl.obolibrary.org/obo/) and panet \
            (http://purl.org/pan-science/PaNET/).

            SELECT results: table (default on a terminal), json, xml, csv, tsv. CONSTRUCT and DESCRIBE: \
            turtle (default) or ntriples. ASK prints yes/no (table) or a boolean result.

            Exit codes: 0 success (an ASK answered false too: the query ran); 2 bad query (with \
            line:column), unreadable data, timeout, too many rows; 64 bad usage.
            """
    )

    enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
        case json, xml, csv, tsv, table, ntriples, turtle
    }

    @Argument(help: ArgumentHelp("The query text (or use -f).", valueName: "query"))
    var query: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Read the query from this file (- for stdin).", valueName: "file.rq"))
    var file: String?

    @Option(name: .long, help: ArgumentHelp("RDF file for the default graph (repeatable).", valueName: "file"))
    var data: [String] = []

    @Option(name: .long, help: ArgumentHelp("RDF file to add as a named graph named by its file:// URL (repeatable).",
                                            valueName: "file"))
    var named: [String] = []

    @Option(name: .long, help: ArgumentHelp("Base IRI for relative IRIs in the query.", valueName: "iri"))
    var base: String?

    @Flag(name: .long, help: "Add the inferred class hierarchy (rdfs:subClassOf, owl:equivalentClass) to the default graph.")
    var reasoning = false

    @Option(name: .long, help: "Output format: json, xml, csv, tsv, table (SELECT/ASK); ntriples, turtle (CONSTRUCT/DESCRIBE).")
    var format: OutputFormat?

    @Option(name: .long, help: ArgumentHelp("Stop the query after this many seconds.", valueName: "seconds"))
    var timeout: Double?

    @Option(name: .long, help: ArgumentHelp("Stop the query when one of its steps (a pattern, join, path or union) builds more than this many rows.",
                                            valueName: "n"))
    var maxRows = QueryOptions.defaultMaxRows

    @Flag(name: .long, help: "Print the query plan instead of running the query.")
    var explain = false

    @Option(name: .long, help: ArgumentHelp("Ontology file. Default: $PANET_ONTOLOGY, else the bundled PaNET release (not used with --data unless given).",
                                            valueName: "file"))
    var ontology: String?

    func validate() throws {
        if (query == nil) == (file == nil) {
            throw ValidationError("give the query either as an argument or with -f FILE, not both")
        }
        if let timeout, !(timeout > 0) {
            throw ValidationError("--timeout must be a positive number of seconds")
        }
        if maxRows <= 0 {
            throw ValidationError("--max-rows must be a positive number of rows")
        }
        if let base, !IRI.isAbsolute(base) {
            throw ValidationError("--base must be an absolute IRI, got '\(base)'")
        }
    }

    func run() throws {
        let (text, queryBase, source) = try readQuery()
        let parsed: SPARQLSyntax.Query
        do {
            parsed = try SPARQLParser.parse(query: text, baseIRI: queryBase, defaultPrefixes: SPARQLParser.commonPrefixes)
        } catch {
            printError("panet: \(source):\(error)")
            throw ExitCode(2)
        }
        let store = try loadDataset()
        let cancellation = QueryCancellation(timeout: timeout.map { .milliseconds(Int64(($0 * 1000).rounded())) })
        let options = QueryOptions(cancellation: cancellation, maxRows: maxRows, graphLoader: Self.loadGraph)
        if explain {
            let plan = try reportingErrors { try QueryEngine.explain(parsed, on: store, options: options) }
            writeAll(1, plan)
            return
        }
        let result = try reportingErrors { try QueryEngine.evaluate(parsed, on: store, options: options) }
        try write(result, query: parsed)
    }

    func readQuery() throws -> (text: String, base: String?, source: String) {
        if let query { return (query, base, "query") }
        let path = file ?? "-"
        let source = path == "-" ? "<stdin>" : path
        let bytes: [UInt8]
        if path == "-" {
            bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else {
                printError("panet: cannot read query file '\(path)'")
                throw ExitCode(2)
            }
            bytes = [UInt8](contents)
        }
        let text = try reportingErrors { try Self.decodeQuery(bytes, source: source) }
        return (text, base ?? (path == "-" ? nil : IRIFilePath.absoluteFileIRI(path)), source)
    }

    /// A query file is not UTF-8; `line` and `column` (in characters) locate its first bad byte.
    struct NotUTF8: Error, CustomStringConvertible {
        var source: String
        var line: Int
        var column: Int
        var byte: UInt8

        var description: String {
            "\(source):\(line):\(column): not valid UTF-8 (byte 0x\(String(byte, radix: 16, uppercase: true))); save the query as UTF-8"
        }
    }

    /// The text of a query file: UTF-8, with a leading byte order mark dropped.
    ///
    /// - Throws: `NotUTF8` at the first byte that is not UTF-8.
    static func decodeQuery(_ bytes: [UInt8], source: String) throws -> String {
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes[3...] : bytes[...]
        if let text = String(validating: body, as: UTF8.self) { return text }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = body.makeIterator()
        var offset = body.startIndex, line = 1, column = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1 && encoded.first == 0x0A {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                offset += encoded.count
            case .error:
                throw NotUTF8(source: source, line: line, column: column, byte: bytes[offset])
            case .emptyInput:
                return String(decoding: body, as: UTF8.self)
            }
        }
    }

    func loadDataset() throws -> TripleStore {
        var paths = data
        if data.isEmpty && named.isEmpty {
            paths = [try reportingErrors { try OntologyLocator.locate(explicitPath: ontology) }]
        } else if let ontology {
            paths.insert(ontology, at: 0)
        }
        var store = try loadStore(paths)
        try reportingErrors {
            for path in named {
                let report = try store.load(.file(path), graph: .iri(IRIFilePath.absoluteFileIRI(path)))
                for warning in report.warnings { printError(warning) }
            }
            if reasoning {
                let inferred = try InferredGraph.triples(for: store)
                var quads: [IDQuad] = []
                quads.reserveCapacity(inferred.count)
                for triple in inferred {
                    quads.append(IDQuad(subject: store.encode(triple.subject), predicate: store.encode(triple.predicate),
                                        object: store.encode(triple.object)))
                }
                store.insert(contentsOf: quads)
            }
        }
        return store
    }

    /// Loads a graph named in FROM / FROM NAMED: `file:` IRIs only (panet does not fetch from the web).
    @Sendable static func loadGraph(_ iri: String) throws -> TripleStore {
        guard iri.hasPrefix("file:") else {
            throw SPARQLEvaluationError.unsupported("loading <\(iri)>: only file: IRIs can be loaded")
        }
        var path = String(iri.dropFirst("file:".count))
        if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
        return try TripleStore(loading: .file(path.removingPercentEncoding ?? path), baseIRI: iri)
    }

    func write(_ result: QueryResult, query parsed: SPARQLSyntax.Query) throws {
        let isTerminal = isatty(1) != 0
        switch result {
        case .graph(let triples):
            let chosen = format ?? .turtle
            switch chosen {
            case .ntriples: writeAll(1, NTriplesWriter.string(triples))
            case .turtle:
                var prefixes = PrefixMap.standard
                for (prefix, namespace) in parsed.prefixes { prefixes.set(prefix, namespace) }
                writeAll(1, TurtleWriter(prefixes: prefixes).string(triples))
            default:
                printError("panet: a CONSTRUCT or DESCRIBE result is a graph; use --format turtle or ntriples")
                throw ExitCode(2)
            }
        case .solutions, .boolean:
            let chosen = format ?? (isTerminal ? .table : .json)
            let resultFormat: ResultFormat
            switch chosen {
            case .json: resultFormat = .json
            case .xml: resultFormat = .xml
            case .csv: resultFormat = .csv
            case .tsv: resultFormat = .tsv
            case .table: resultFormat = .table
            case .ntriples, .turtle:
                printError("panet: a SELECT or ASK result is a table; use --format json, xml, csv, tsv or table")
                throw ExitCode(2)
            }
            var prefixes = PrefixMap.standard.entries
            prefixes.append(contentsOf: parsed.prefixes)
            writeAll(1, try reportingErrors { try ResultWriter.write(result, format: resultFormat, prefixes: prefixes) })
        }
    }
}
