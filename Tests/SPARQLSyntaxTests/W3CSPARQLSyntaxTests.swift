import Foundation
import SPARQLSyntax
import TestSupport
import Testing

/// One W3C syntax test with its directory.
struct SyntaxTestCase: Sendable, CustomStringConvertible {
    var directory: String
    var entry: W3CTestEntry
    var positive: Bool
    var description: String { "\(directory)/\(entry.name)" }
}

/// Drives the SPARQL syntax suites: positive tests parse, negative tests fail with a positioned error.
@Suite("W3C SPARQL syntax")
struct W3CSPARQLSyntaxTests {
    static let mf = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
    static let directories = ["sparql11/syntax-query", "sparql10/syntax-sparql1", "sparql10/syntax-sparql2",
                              "sparql10/syntax-sparql3", "sparql10/syntax-sparql4", "sparql10/syntax-sparql5"]

    static func cases() -> [SyntaxTestCase] {
        guard TestPaths.hasShared else { return [] }
        return directories.flatMap { directory -> [SyntaxTestCase] in
            let path = TestPaths.shared("w3c-tests/sparql/\(directory)/manifest.ttl")
            return ((try? W3CManifest.entries(at: path)) ?? []).compactMap { entry in
                guard entry.isApproved else { return nil }
                switch entry.type {
                case mf + "PositiveSyntaxTest", mf + "PositiveSyntaxTest11":
                    return SyntaxTestCase(directory: directory, entry: entry, positive: true)
                case mf + "NegativeSyntaxTest", mf + "NegativeSyntaxTest11":
                    return SyntaxTestCase(directory: directory, entry: entry, positive: false)
                default:
                    return nil
                }
            }
        }
    }

    @Test("syntax test", arguments: cases())
    func syntax(_ testCase: SyntaxTestCase) throws {
        let action = try #require(testCase.entry.action)
        let text = try String(contentsOfFile: W3CTestEntry.path(of: action), encoding: .utf8)
        if testCase.positive {
            _ = try SPARQLParser.parse(query: text, baseIRI: action)
        } else {
            let error = #expect(throws: SPARQLSyntaxError.self, "\(testCase.entry.name) must be rejected") {
                _ = try SPARQLParser.parse(query: text, baseIRI: action)
            }
            if let error {
                #expect(error.line >= 1 && error.column >= 1)
            }
        }
    }

    @Test("every syntax directory is found", arguments: directories)
    func manifestsAreRead(_ directory: String) throws {
        try #require(TestPaths.hasShared, "../shared/w3c-tests is missing")
        #expect(Self.cases().contains { $0.directory == directory })
    }
}
