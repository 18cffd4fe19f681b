import Foundation
import RDFModel
import RDFParsing
import RDFStore
import SPARQLEvaluation
import SPARQLSyntax
import TestSupport

/// One W3C query-evaluation test, with the directory it came from.
struct SPARQLTestCase: Sendable, CustomStringConvertible {
    var directory: String
    var entry: W3CTestEntry
    var description: String { "\(directory)/\(entry.name)" }
}

/// Runs W3C SPARQL query-evaluation tests and compares results as the test suite specifies: solution
/// multisets with blank nodes up to a bijection, order only under ORDER BY, graphs up to isomorphism.
enum W3CSPARQLHarness {
    static let qt = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#"
    static let mf = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"

    static let evaluationDirectories = [
        "sparql10/algebra", "sparql10/ask", "sparql10/basic", "sparql10/bnode-coreference",
        "sparql10/boolean-effective-value", "sparql10/bound", "sparql10/cast", "sparql10/construct", "sparql10/dataset",
        "sparql10/distinct", "sparql10/expr-builtin", "sparql10/expr-equals", "sparql10/expr-ops", "sparql10/graph",
        "sparql10/i18n", "sparql10/open-world", "sparql10/optional", "sparql10/optional-filter", "sparql10/reduced",
        "sparql10/regex", "sparql10/solution-seq", "sparql10/sort", "sparql10/triple-match", "sparql10/type-promotion",
        "sparql11/aggregates", "sparql11/bind", "sparql11/bindings", "sparql11/cast", "sparql11/construct",
        "sparql11/csv-tsv-res", "sparql11/exists", "sparql11/functions", "sparql11/grouping", "sparql11/json-res",
        "sparql11/negation", "sparql11/project-expression", "sparql11/property-path", "sparql11/subquery",
    ]

    /// Tests we do not pass, by test IRI local name, with the reason.
    static let knownIssues: [String: String] = [:]

    /// The evaluation and result-format tests of a directory.
    static func cases(_ directory: String) -> [SPARQLTestCase] {
        guard TestPaths.hasShared else { return [] }
        let path = TestPaths.shared("w3c-tests/sparql/\(directory)/manifest.ttl")
        let entries = (try? W3CManifest.entries(at: path)) ?? []
        return entries.filter { entry in
            entry.isApproved && (entry.type == mf + "QueryEvaluationTest" || entry.type == mf + "CSVResultFormatTest")
        }.map { SPARQLTestCase(directory: directory, entry: $0) }
    }

    static var allCases: [SPARQLTestCase] { evaluationDirectories.flatMap(cases) }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func iri(_ terms: [Term]?) -> [String] { (terms ?? []).compactMap(\.iriString) }

    /// Runs one test; throws `Failure` with a readable difference when the result is wrong.
    static func run(_ testCase: SPARQLTestCase) throws {
        let entry = testCase.entry
        guard let queryIRI = iri(entry.actionProperties[qt + "query"]).first else { throw Failure(description: "no qt:query") }
        let queryPath = W3CTestEntry.path(of: queryIRI)
        let queryText = try String(contentsOfFile: queryPath, encoding: .utf8)
        var store = TripleStore()
        for dataIRI in iri(entry.actionProperties[qt + "data"]) {
            try store.load(.file(W3CTestEntry.path(of: dataIRI)), baseIRI: dataIRI)
        }
        for graphIRI in iri(entry.actionProperties[qt + "graphData"]) {
            try store.load(.file(W3CTestEntry.path(of: graphIRI)), baseIRI: graphIRI, graph: .iri(graphIRI))
        }
        let query = try SPARQLParser.parse(query: queryText, baseIRI: queryIRI)
        let options = QueryOptions(graphLoader: { iri in
            guard iri.hasPrefix("file:") else { throw Failure(description: "cannot load \(iri)") }
            return try TripleStore(loading: .file(W3CTestEntry.path(of: iri)), baseIRI: iri)
        })
        let result = try QueryEngine.evaluate(query, on: store, options: options)
        guard let resultIRI = entry.result else { throw Failure(description: "no mf:result") }
        let resultPath = W3CTestEntry.path(of: resultIRI)

        if entry.type == mf + "CSVResultFormatTest" {
            try compareCSV(result, expectedPath: resultPath)
            return
        }
        var isGraphForm = false
        if case .construct = query.form { isGraphForm = true }
        if case .describe = query.form { isGraphForm = true }
        let expected = try SPARQLResultFiles.read(resultPath, graphExpected: isGraphForm)
        var actual = result
        // The result-format suites check our writers: read back what we wrote.
        if testCase.directory == "sparql11/json-res" {
            let text = try ResultWriter.write(result, format: .json)
            let file = try TestPaths.temporaryDirectory().appendingPathComponent("result.srj")
            try text.write(to: file, atomically: true, encoding: .utf8)
            actual = try roundTrip(SPARQLResultFiles.read(file.path, graphExpected: false), variables: result)
        } else if resultPath.hasSuffix(".tsv") {
            let text = try ResultWriter.write(result, format: .tsv)
            let file = try TestPaths.temporaryDirectory().appendingPathComponent("result.tsv")
            try text.write(to: file, atomically: true, encoding: .utf8)
            actual = try roundTrip(SPARQLResultFiles.read(file.path, graphExpected: false), variables: result)
        }
        let lax = entry.properties[mf + "resultCardinality"]?.first == .iri(mf + "LaxCardinality")
        try compare(actual, expected, query: query, lax: lax)
    }

    static func roundTrip(_ expected: ExpectedResult, variables: QueryResult) throws -> QueryResult {
        switch expected {
        case .boolean(let value): return .boolean(value)
        case .graph(let triples): return .graph(triples)
        case .solutions(let names, let rows, _):
            return .solutions(SolutionTable(variables: names, rows: rows.map { row in names.map { row[$0] } }))
        }
    }

    static func compareCSV(_ result: QueryResult, expectedPath: String) throws {
        try compareCSV(text: try ResultWriter.write(result, format: .csv), expectedPath: expectedPath)
    }

    /// Compares CSV results as text rows, unordered, with blank node labels ignored.
    static func compareCSV(text actualText: String, expectedPath: String) throws {
        let expectedText = try String(contentsOfFile: expectedPath, encoding: .utf8)
        func normalize(_ rows: [[String]]) -> [[String]] {
            rows.map { $0.map { $0.hasPrefix("_:") ? "_:" : $0 } }
        }
        let actual = normalize(SPARQLResultFiles.readCSVRows(actualText))
        let expected = normalize(SPARQLResultFiles.readCSVRows(expectedText))
        guard actual.first == expected.first else {
            throw Failure(description: "CSV header differs: \(actual.first ?? []) vs \(expected.first ?? [])")
        }
        let a = actual.dropFirst().map { $0.joined(separator: "\u{1}") }.sorted()
        let b = expected.dropFirst().map { $0.joined(separator: "\u{1}") }.sorted()
        guard a == b else { throw Failure(description: "CSV differs\nactual:\n\(actualText)\nexpected:\n\(expectedText)") }
    }

    static func compare(_ actual: QueryResult, _ expected: ExpectedResult, query: Query, lax: Bool) throws {
        switch (actual, expected) {
        case (.boolean(let a), .boolean(let b)):
            guard a == b else { throw Failure(description: "ASK: got \(a), expected \(b)") }
        case (.graph(let a), .graph(let b)):
            guard GraphIsomorphism.areIsomorphic(a, b) else {
                throw Failure(description: "graph differs\nactual:\n\(NTriplesWriter.string(a))expected:\n\(NTriplesWriter.string(b))")
            }
        case (.graph(let a), .solutions(_, let rows, _)) where rows.isEmpty:
            guard a.isEmpty else { throw Failure(description: "expected an empty graph, got \(a.count) triples") }
        case (.solutions(let table), .solutions(_, let expectedRows, _)):
            var actualRows: [[String: Term]] = table.rows.map { row in
                var result: [String: Term] = [:]
                for (name, term) in zip(table.variables, row) { if let term { result[name] = term } }
                return result
            }
            var expectedRows = expectedRows
            if lax {
                actualRows = Array(Set(actualRows))
                expectedRows = Array(Set(expectedRows))
            }
            let ordered = orderKeys(query.algebra)
            if !ResultComparison.equalAsMultisets(actualRows, expectedRows) {
                let onlyActual = actualRows.filter { row in !expectedRows.contains(row) }
                let onlyExpected = expectedRows.filter { row in !actualRows.contains(row) }
                throw Failure(description: "solutions differ (\(actualRows.count) actual, \(expectedRows.count) expected)\nonly in actual:\n\(render(onlyActual))\nonly in expected:\n\(render(onlyExpected))")
            }
            if let keys = ordered, !keys.isEmpty {
                let a = actualRows.map { row in keys.map { row[$0] } }
                let b = expectedRows.map { row in keys.map { row[$0] } }
                if a != b && !ResultComparison.equalInOrder(actualRows, expectedRows) {
                    throw Failure(description: "order differs\nactual:\n\(render(actualRows))\nexpected:\n\(render(expectedRows))")
                }
            }
        default:
            throw Failure(description: "result kinds differ: \(actual) vs \(expected)")
        }
    }

    /// The variables of a top-level ORDER BY whose conditions are plain variables, or nil when unordered.
    static func orderKeys(_ algebra: Algebra) -> [String]? {
        switch algebra {
        case .slice(let inner, _, _), .distinct(let inner), .reduced(let inner), .project(let inner, _):
            return orderKeys(inner)
        case .orderBy(_, let conditions):
            return conditions.compactMap { condition in
                if case .variable(let name) = condition.expression { return name }
                return nil
            }
        default:
            return nil
        }
    }

    static func render(_ rows: [[String: Term]]) -> String {
        rows.prefix(30).map { row in
            row.keys.sorted().map { "\($0)=\(NTriplesWriter.string(row[$0]!))" }.joined(separator: " ")
        }.joined(separator: "\n")
    }
}

/// Multiset comparison of solutions with blank nodes matched by a bijection.
enum ResultComparison {
    static func equalAsMultisets(_ actual: [[String: Term]], _ expected: [[String: Term]]) -> Bool {
        guard actual.count == expected.count else { return false }
        let hasBlank = (actual + expected).contains { $0.values.contains(where: \.isBlankNode) }
        if !hasBlank {
            var counts: [[String: Term]: Int] = [:]
            for row in actual { counts[row, default: 0] += 1 }
            var exact = true
            for row in expected {
                guard let count = counts[row], count > 0 else { exact = false; break }
                counts[row] = count - 1
            }
            if exact { return true }
        }
        var used = [Bool](repeating: false, count: actual.count)
        var forward: [String: String] = [:]
        var backward: [String: String] = [:]
        return match(expected, 0, actual, &used, &forward, &backward)
    }

    static func equalInOrder(_ actual: [[String: Term]], _ expected: [[String: Term]]) -> Bool {
        guard actual.count == expected.count else { return false }
        var forward: [String: String] = [:]
        var backward: [String: String] = [:]
        for (a, e) in zip(actual, expected) where !rowMatches(e, a, &forward, &backward) { return false }
        return true
    }

    static func match(_ expected: [[String: Term]], _ index: Int, _ actual: [[String: Term]], _ used: inout [Bool],
                      _ forward: inout [String: String], _ backward: inout [String: String]) -> Bool {
        if index == expected.count { return true }
        for candidate in actual.indices where !used[candidate] {
            var f = forward, b = backward
            if rowMatches(expected[index], actual[candidate], &f, &b) {
                used[candidate] = true
                if match(expected, index + 1, actual, &used, &f, &b) {
                    forward = f
                    backward = b
                    return true
                }
                used[candidate] = false
            }
        }
        return false
    }

    /// Term equality, except that numeric literals of one datatype compare by value: several expected
    /// results write `"6"^^xsd:double` where evaluation yields the canonical `"6.0E0"`.
    static func equivalent(_ expected: Term, _ actual: Term) -> Bool {
        if expected == actual { return true }
        guard case .literal(let e) = expected, case .literal(let a) = actual, e.datatype == a.datatype,
              e.language == nil, a.language == nil,
              [XSD.integer, XSD.decimal, XSD.float, XSD.double].contains(e.datatype),
              let x = Double(e.lexicalForm), let y = Double(a.lexicalForm) else { return false }
        return x == y || (e.datatype == XSD.float && Float(x) == Float(y))
    }

    static func rowMatches(_ expected: [String: Term], _ actual: [String: Term], _ forward: inout [String: String],
                           _ backward: inout [String: String]) -> Bool {
        guard expected.count == actual.count else { return false }
        for (name, e) in expected {
            guard let a = actual[name] else { return false }
            if case .blankNode(let x) = e, case .blankNode(let y) = a {
                if let mapped = forward[x], mapped != y { return false }
                if let mapped = backward[y], mapped != x { return false }
                forward[x] = y
                backward[y] = x
            } else if !equivalent(e, a) {
                return false
            }
        }
        return true
    }
}
