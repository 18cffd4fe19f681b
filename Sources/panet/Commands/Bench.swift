import ArgumentParser
import DatasetCatalog
import Foundation
import OntologyKit
import RDFModel
import RDFParsing
import RDFStore
import SPARQLEvaluation
import SPARQLSyntax
#if canImport(Glibc)
import Glibc
#endif

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        
        abstract: "Measures panet's own speed: loading, classifying, resolving and searching.",
        discussion: """
            Each case runs --iterations times after one warm-up run and reports the median, minimum and \
            mean wall-clock time. Use a release build (swift build -c release). With --data FILE the load \
            case also streams that file into a store and reports triples per second and peak memory. \
            bench/run.sh compares these figures with pyoxigraph, rdflib and serdi. The sparql case loads \
            the ontology and the --data files once, then times each --query-file (or each .rq file of \
            --query-dir): parse, evaluation and serialisation of the full result as SPARQL JSON. \
            bench/sparql.sh compares it with pyoxigraph and rdflib. The annotate case annotates every record \
            of --records FILE in memory (read, match, write the annotated JSON to a buffer) and reports records \
            per second; the datasets case times `datasets --technique` over --db FILE: the first hit and \
            all hits of each --technique.
            """
    )

    @Option(help: "Runs per case.")
    var iterations = 50

    @Option(help: ArgumentHelp("Cases to run, comma-separated: load, parse, view, classify, resolve, search, datafile, sparql, annotate, datasets.", valueName: "names"))
    var only: String?

    @Option(help: ArgumentHelp("An extra RDF file to stream into a store (the datafile case) or to add to the ontology (the sparql case); repeatable.", valueName: "file"))
    var data: [String] = []

    @Option(name: .customLong("query-file"), help: ArgumentHelp("A SPARQL query for the sparql case (repeatable).", valueName: "file.rq"))
    var queryFiles: [String] = []

    @Option(name: .customLong("query-dir"), help: ArgumentHelp("A folder whose .rq files the sparql case runs, in name order.", valueName: "dir"))
    var queryDirectory: String?

    @Option(help: ArgumentHelp("Dataset records for the annotate case (JSON Lines, JSON or OAI-PMH XML).", valueName: "file"))
    var records: String?

    @Option(help: ArgumentHelp("A dataset index for the datasets case.", valueName: "file"))
    var db: String?

    @Option(help: ArgumentHelp("A technique for the datasets case (repeatable; default: the three techniques with 5,000 to 50,000 hits closest to 10,000).", valueName: "term"))
    var technique: [String] = []

    @OptionGroup var ontologyOptions: OntologyOptions

    @Option(help: "Output format.")
    var format: ReportFormat = .table

    func validate() throws {
        if iterations < 1 { throw ValidationError("--iterations must be at least 1") }
    }

    func run() throws {
        let path = try ontologyOptions.path()
        let selected = only.map { Set($0.split(separator: ",").map { String($0.filter { !$0.isWhitespace }) }) }
        let hasQueries = !queryFiles.isEmpty || queryDirectory != nil
        func wanted(_ name: String) -> Bool {
            selected?.contains(name) ?? (name == "datafile" ? !data.isEmpty : name == "sparql" ? hasQueries
                                         : name == "annotate" ? records != nil : name == "datasets" ? db != nil : true)
        }
        if selected == ["sparql"] {
            let cases = try sparqlResults(ontologyPath: path)
            report(cases.map { ($0.name, $0.timing, $0.note) }, counts: cases.reduce(into: [:]) { $0[$1.name] = $1.results })
            return
        }
        var results: [(String, Timing, String)] = []

        if wanted("parse") {
            let timing = try measure { _ = try RDFParser.parse(.file(path)) { _ in } }
            results.append(("parse", timing, "parse \(basename(path)) without storing"))
        }
        if wanted("load") {
            let timing = try measure { _ = try TripleStore(loading: .file(path)) }
            results.append(("load", timing, "parse + dictionary-encode + index \(basename(path))"))
        }
        let store = try reportingErrors { try TripleStore(loading: .file(path)) }
        let ontology = Ontology(store: store, source: path)
        if wanted("view") {
            let timing = try measure { _ = Ontology(store: store, source: path) }
            results.append(("view", timing, "build the class/label view"))
        }
        if wanted("classify") {
            let timing = try measure { _ = ontology.classify() }
            results.append(("classify", timing, "EL classification of \(ontology.classes.count) classes"))
        }
        let kb = ClassifiedOntology(ontology: ontology)
        if wanted("resolve") {
            let names = ["SAXS", "PaNET01188", "x-ray powder diffraction", "http://purl.org/pan-science/PaNET/PaNET01189",
                         "PaNET:PaNET01022", "small angle neutron scattering"]
            let timing = try measure { for name in names { _ = kb.resolver.resolve(name) } }
            results.append(("resolve", timing.divided(by: names.count), "resolve one name (IRI, id, label or synonym)"))
        }
        if wanted("search") {
            let timing = try measure { _ = kb.search.search("small angel scattering", limit: 10) }
            results.append(("search", timing, "ranked fuzzy search 'small angel scattering'"))
        }
        for data in wanted("datafile") ? data : [] {
            let before = peakResidentMegabytes()
            var triples = 0
            let timing = try measure(iterations: 1) {
                let loaded = try TripleStore(loading: .file(data))
                triples = loaded.count
            }
            let peak = peakResidentMegabytes()
            let rate = Double(triples) / timing.median
            results.append(("datafile", timing, "\(triples) triples from \(basename(data)): \(Int(rate)) triples/s, peak RSS \(peak) MB (before: \(before) MB)"))
        }

        if wanted("annotate") {
            guard let records else {
                printError("panet: the annotate case needs --records FILE")
                throw ExitCode(64)
            }
            results.append(try annotationResult(kb, records: records))
        }
        if wanted("datasets") {
            guard let db else {
                printError("panet: the datasets case needs --db FILE")
                throw ExitCode(64)
            }
            results += try datasetResults(kb, db: db)
        }

        var counts: [String: Int] = [:]
        if wanted("sparql") {
            let cases = try sparqlResults(ontologyPath: path)
            results += cases.map { ($0.name, $0.timing, $0.note) }
            for item in cases { counts[item.name] = item.results }
        }

        report(results, counts: counts)
    }

    func report(_ results: [(String, Timing, String)], counts: [String: Int] = [:]) {
        switch format {
        case .json:
            print(JSON.render(.array(results.map { name, timing, note in
                var fields: [(String, JSON.Value)] = [
                    ("case", .string(name)), ("median_ms", .double(timing.median * 1000)), ("min_ms", .double(timing.minimum * 1000)),
                    ("mean_ms", .double(timing.mean * 1000)), ("runs", .int(timing.runs)), ("what", .string(note))]
                if let count = counts[name] { fields.append(("results", .int(count))) }
                return .object(fields)
            })))
        case .tsv, .table:
            let rows = results.map { name, timing, note in
                [name, milliseconds(timing.median), milliseconds(timing.minimum), milliseconds(timing.mean), String(timing.runs), note]
            }
            let header = ["case", "median ms", "min ms", "mean ms", "runs", "what"]
            print(format == .tsv ? renderTSV(header: header, rows: rows) : renderTable(header: header, rows: rows), terminator: "")
        }
    }

    /// The .rq files to run: --query-file in order, then --query-dir's files in name order.
    func sparqlQueryPaths() throws -> [String] {
        var paths = queryFiles
        if let queryDirectory {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: queryDirectory)) ?? []
            let found = names.filter { $0.hasSuffix(".rq") }.sorted()
            if found.isEmpty {
                printError("panet: no .rq files in '\(queryDirectory)'")
                throw ExitCode(2)
            }
            paths += found.map { queryDirectory + "/" + $0 }
        }
        if paths.isEmpty {
            printError("panet: the sparql case needs --query-file or --query-dir")
            throw ExitCode(64)
        }
        return paths
    }

    /// The sparql case: loads the ontology and the --data files once, then times each query's parse,
    /// evaluation and serialisation of the whole result (SPARQL JSON).
    func sparqlResults(ontologyPath: String) throws -> [(name: String, timing: Timing, note: String, results: Int)] {
        let paths = try sparqlQueryPaths()
        var queries: [(name: String, text: String)] = []
        for path in paths {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                printError("panet: cannot read query file '\(path)'")
                throw ExitCode(2)
            }
            queries.append((basename(path).replacingOccurrences(of: ".rq", with: ""), text))
        }
        let loadStart = now()
        let store = try loadStore([ontologyPath] + data)
        let loadSeconds = now() - loadStart
        var cases: [(name: String, timing: Timing, note: String, results: Int)] = []
        for query in queries {
            var results = 0
            var bytes = 0
            let timing = try measure {
                let result = try QueryEngine.evaluate(query.text, on: store)
                let text = try ResultWriter.write(result, format: .json)
                bytes = text.utf8.count
                switch result {
                case .solutions(let table): results = table.rows.count
                case .boolean(let value): results = value ? 1 : 0
                case .graph(let triples): results = triples.count
                }
            }
            cases.append((query.name, timing,
                          "\(results) results, \(bytes) bytes of JSON; \(store.count) triples loaded in \(milliseconds(loadSeconds)) ms",
                          results))
        }
        return cases
    }

    /// The annotate case: every record of `path` read, matched and written as annotated JSON into a
    /// buffer (no disk output), `--iterations` times (at most 3) after no warm-up.
    func annotationResult(_ kb: ClassifiedOntology, records path: String) throws -> (String, Timing, String) {
        let annotator = RecordAnnotator(ontology: kb)
        var count = 0, bytes = 0
        let timing = try measure(iterations: min(iterations, 3)) {
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 20)
            count = 0
            bytes = 0
            try RecordReader.read(path: path) { result in
                guard case .success(let record) = result else { return }
                annotator.writeAnnotatedRecord(record, annotator.annotate(record), into: &buffer)
                buffer.append(0x0A)
                count += 1
                if buffer.count >= 1 << 20 {
                    bytes += buffer.count
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            bytes += buffer.count
        }
        let rate = Double(count) / timing.median
        return ("annotate", timing, "\(count) records from \(basename(path)): \(Int(rate)) records/s, \(bytes / 1_000_000) MB of output, peak RSS \(peakResidentMegabytes()) MB")
    }

    /// The datasets case: for each technique, the time to the first hit and to all hits.
    func datasetResults(_ kb: ClassifiedOntology, db path: String) throws -> [(String, Timing, String)] {
        guard FileManager.default.fileExists(atPath: path) else {
            printError("panet: no dataset index at '\(path)'")
            throw ExitCode(2)
        }
        let index = try reportingErrors { try DatasetIndex(path: path) }
        var ids: [String] = []
        for term in technique {
            guard let match = kb.resolver.resolve(term) else {
                printError("panet: unknown technique '\(term)'")
                throw ExitCode(2)
            }
            ids.append(kb.ontology[match.classID].shortID)
        }
        if ids.isEmpty {
            ids = try reportingErrors { try index.techniqueCounts() }
                .filter { (5_000...50_000).contains($0.count) }
                .sorted { abs($0.count - 10_000) < abs($1.count - 10_000) }.prefix(3).map(\.technique)
        }
        var results: [(String, Timing, String)] = []
        for id in ids {
            var hits = 0
            let first = try measure {
                try index.datasets(technique: id, limit: 1) { _ in false }
            }
            let all = try measure {
                hits = 0
                try index.datasets(technique: id) { _ in hits += 1; return true }
            }
            results.append(("datasets-first", first, "first hit of \(id)"))
            results.append(("datasets-all", all, "all \(hits) hits of \(id)"))
        }
        return results
    }

    struct Timing {
        var median: Double
        var minimum: Double
        var mean: Double
        var runs: Int

        func divided(by count: Int) -> Timing {
            Timing(median: median / Double(count), minimum: minimum / Double(count), mean: mean / Double(count), runs: runs)
        }
    }

    func measure(iterations override: Int? = nil, _ body: () throws -> Void) throws -> Timing {
        let runs = override ?? iterations
        if override == nil { try reportingErrors { try body() } }
        var samples: [Double] = []
        for _ in 0..<runs {
            let start = now()
            try reportingErrors { try body() }
            samples.append(now() - start)
        }
        samples.sort()
        return Timing(median: samples[samples.count / 2], minimum: samples[0],
                      mean: samples.reduce(0, +) / Double(samples.count), runs: runs)
    }
}

func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func milliseconds(_ seconds: Double) -> String {
    let value = seconds * 1000
    return value >= 100 ? String(Int(value.rounded())) : String((value * 1000).rounded() / 1000)
}

func basename(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
}

/// The peak resident set size of this process (VmHWM), in megabytes.
func peakResidentMegabytes() -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return 0 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("VmHWM:") {
            let digits = text.filter(\.isNumber)
            return (Int(digits) ?? 0) / 1024
        }
    }
    return 0
}
