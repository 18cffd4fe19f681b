import Dispatch
import Foundation
import RDFModel
import RDFParsing
import SPARQLEvaluation
import SPARQLSyntax
import Synchronization
import TestSupport
import Testing

/// The W3C SPARQL query-evaluation suites run through `panet query` the way an outside harness drives a
/// command-line engine: one `panet query -f QUERY --data DATA... --named GRAPH... --format F` process per
/// test, with the data files as the manifest gives them (empty ones too), and the output read back.
@Suite("W3C SPARQL query evaluation through panet query")
struct W3CSPARQLCommandLineTests {
    @Test("every query-evaluation test passes through the command line")
    func commandLine() throws {
        try #require(TestPaths.hasShared, "../shared/w3c-tests is missing")
        let cases = W3CSPARQLHarness.allCases
        let failures = Mutex<[String]>([])
        let next = Atomic<Int>(0)
        // Two processes at a time.
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < cases.count else { return }
                do {
                    try W3CSPARQLHarness.runCommandLine(cases[index])
                } catch {
                    failures.withLock { $0.append("\(cases[index].entry.iri): \(String(describing: error).prefix(1500))") }
                }
            }
        }
        let failed = failures.withLock { $0 }
        print("W3C SPARQL query evaluation through panet query: \(cases.count - failed.count) of \(cases.count) pass")
        for failure in failed.sorted() { Issue.record(Comment(rawValue: failure)) }
        #expect(cases.count == 518)
    }
}

extension W3CSPARQLHarness {
    /// An empty N-Triples file, for tests whose dataset is empty.
    static func emptyDataFile() throws -> String {
        let file = try TestPaths.temporaryDirectory().appendingPathComponent("empty.nt")
        try Data().write(to: file)
        return file.path
    }

    /// Runs one test through the `panet` binary; throws `Failure` when it exits non-zero or answers wrongly.
    static func runCommandLine(_ testCase: SPARQLTestCase) throws {
        let entry = testCase.entry
        guard let queryIRI = iri(entry.actionProperties[qt + "query"]).first else { throw Failure(description: "no qt:query") }
        guard let resultIRI = entry.result else { throw Failure(description: "no mf:result") }
        let queryPath = W3CTestEntry.path(of: queryIRI)
        let resultPath = W3CTestEntry.path(of: resultIRI)
        let query = try SPARQLParser.parse(query: try String(contentsOfFile: queryPath, encoding: .utf8), baseIRI: queryIRI)
        var isGraphForm = false
        if case .construct = query.form { isGraphForm = true }
        if case .describe = query.form { isGraphForm = true }
        let isCSVTest = entry.type == mf + "CSVResultFormatTest"
        let format: String
        switch (resultPath as NSString).pathExtension.lowercased() {
        case _ where isGraphForm: format = "ntriples"
        case _ where isCSVTest: format = "csv"
        case "srx", "xml": format = "xml"
        case "tsv": format = "tsv"
        case "csv": format = "csv"
        default: format = "json"
        }
        var arguments = ["query", "-f", queryPath]
        let data = iri(entry.actionProperties[qt + "data"]), graphs = iri(entry.actionProperties[qt + "graphData"])
        for file in data { arguments += ["--data", W3CTestEntry.path(of: file)] }
        for graph in graphs { arguments += ["--named", W3CTestEntry.path(of: graph)] }
        if data.isEmpty && graphs.isEmpty {
            // Without data panet queries the PaNET ontology; a test without data asks for an empty dataset.
            arguments += ["--data", try emptyDataFile()]
        }
        arguments += ["--format", format]
        let run = try PanetProcess.run(arguments)
        guard run.status == 0 else {
            throw Failure(description: "panet \(arguments.joined(separator: " ")) exited \(run.status): \(run.standardError.prefix(500))")
        }
        if isCSVTest {
            try compareCSV(text: run.standardOutput, expectedPath: resultPath)
            return
        }
        let actual: QueryResult
        if isGraphForm {
            actual = .graph(try RDFParser.quads(.text(run.standardOutput, name: "result.nt"), format: .nTriples).map(\.triple))
        } else {
            let file = try TestPaths.temporaryDirectory().appendingPathComponent("result." + (format == "json" ? "srj" : format == "xml" ? "srx" : format))
            try run.standardOutput.write(to: file, atomically: true, encoding: .utf8)
            switch try SPARQLResultFiles.read(file.path, graphExpected: false) {
            case .boolean(let value): actual = .boolean(value)
            case .graph(let triples): actual = .graph(triples)
            case .solutions(let names, let rows, _):
                actual = .solutions(SolutionTable(variables: names, rows: rows.map { row in names.map { row[$0] } }))
            }
        }
        let expected = try SPARQLResultFiles.read(resultPath, graphExpected: isGraphForm)
        let lax = entry.properties[mf + "resultCardinality"]?.first == .iri(mf + "LaxCardinality")
        try compare(actual, expected, query: query, lax: lax)
    }
}
