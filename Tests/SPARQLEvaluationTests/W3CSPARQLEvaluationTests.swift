import Foundation
import TestSupport
import Testing

/// Drives the W3C SPARQL 1.0 and 1.1 query-evaluation suites from their per-directory manifests.
@Suite("W3C SPARQL query evaluation", .serialized)
struct W3CSPARQLEvaluationTests {
    @Test("query evaluation test", arguments: W3CSPARQLHarness.allCases)
    func evaluation(_ testCase: SPARQLTestCase) throws {
        if let reason = W3CSPARQLHarness.knownIssues[testCase.entry.name] {
            withKnownIssue(Comment(rawValue: reason)) { try W3CSPARQLHarness.run(testCase) }
            return
        }
        try W3CSPARQLHarness.run(testCase)
    }

    @Test("every evaluation directory is found")
    func manifestsAreRead() throws {
        try #require(TestPaths.hasShared, "../shared/w3c-tests is missing")
        for directory in W3CSPARQLHarness.evaluationDirectories {
            #expect(!W3CSPARQLHarness.cases(directory).isEmpty, "\(directory) has no tests")
        }
    }

    /// Runs every test once more, prints a pass count per directory and checks that CONFORMANCE.md
    /// states exactly these counts (`PANET_RECORD_CONFORMANCE=1` rewrites it and fails, so a
    /// recording never passes silently).
    @Test("pass counts per directory are reported")
    func passCounts() throws {
        try #require(TestPaths.hasShared, "../shared/w3c-tests is missing")
        var lines: [String] = []
        var total = 0, passed = 0
        var failures: [String] = []
        for directory in W3CSPARQLHarness.evaluationDirectories {
            let cases = W3CSPARQLHarness.cases(directory)
            var ok = 0
            for testCase in cases {
                do {
                    try W3CSPARQLHarness.run(testCase)
                    ok += 1
                } catch {
                    failures.append("\(testCase.entry.iri): \(String(describing: error).prefix(2500))")
                }
            }
            total += cases.count
            passed += ok
            lines.append("| `\(directory)` | \(ok) | \(cases.count) |")
        }
        let syntax = SyntaxSuiteCounts.compute()
        var markdown = """
            # SPARQL conformance

            Pass counts of the W3C SPARQL test suites (`../shared/w3c-tests/sparql`, driven from each directory's
            `manifest.ttl` by `Tests/SPARQLEvaluationTests` and `Tests/SPARQLSyntaxTests`). Regenerate with
            `swift test --filter SPARQL`.

            ## Query evaluation

            | directory | passed | tests |
            |---|---:|---:|

            """
        markdown += lines.joined(separator: "\n") + "\n| **total** | **\(passed)** | **\(total)** |\n"
        markdown += "\n## Syntax\n\n| directory | passed | tests |\n|---|---:|---:|\n"
        markdown += syntax.map { "| `\($0.directory)` | \($0.passed) | \($0.total) |" }.joined(separator: "\n") + "\n"
        let known = W3CSPARQLHarness.knownIssues.sorted { $0.key < $1.key }
        if !known.isEmpty {
            markdown += "\n## Known issues\n\n" + known.map { "- `\($0.key)`: \($0.value)" }.joined(separator: "\n") + "\n"
        }
        print(markdown)
        for failure in failures { print("FAILED \(failure)") }
        let path = TestPaths.repositoryRoot.appendingPathComponent("Tests/SPARQLEvaluationTests/CONFORMANCE.md").path
        if ProcessInfo.processInfo.environment["PANET_RECORD_CONFORMANCE"] == "1" {
            try markdown.write(toFile: path, atomically: true, encoding: .utf8)
            Issue.record("recorded \(path); run again without PANET_RECORD_CONFORMANCE")
        } else {
            let committed = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            #expect(committed == markdown, "CONFORMANCE.md is out of date; rerun with PANET_RECORD_CONFORMANCE=1")
        }
        #expect(passed + W3CSPARQLHarness.knownIssues.count >= total)
    }
}

/// Pass counts of the syntax suites (computed here so CONFORMANCE.md has one table for both).
enum SyntaxSuiteCounts {
    static let directories = ["sparql11/syntax-query", "sparql10/syntax-sparql1", "sparql10/syntax-sparql2",
                              "sparql10/syntax-sparql3", "sparql10/syntax-sparql4", "sparql10/syntax-sparql5"]

    static func compute() -> [(directory: String, passed: Int, total: Int)] {
        directories.map { directory in
            let entries = (try? W3CManifest.entries(at: TestPaths.shared("w3c-tests/sparql/\(directory)/manifest.ttl"))) ?? []
            var passed = 0, total = 0
            for entry in entries where entry.isApproved {
                guard let positive = SyntaxCheck.isPositive(entry) else { continue }
                total += 1
                if SyntaxCheck.passes(entry, positive: positive) { passed += 1 }
            }
            return (directory, passed, total)
        }
    }
}
