import Foundation
import RDFModel
import RDFParsing
import RDFStore
import TestSupport
import Testing

/// Drives the W3C RDF 1.1 suites (RDF/XML, Turtle, N-Triples) from their manifest.ttl files.
@Suite("W3C RDF 1.1 conformance")
struct W3CRDFConformanceTests {
    static let suites = ["rdf-xml", "rdf-turtle", "rdf-n-triples"]

    /// Tests we do not pass, with the reason. Kept empty unless a limitation is documented here.
    static let knownFailures: [String: String] = RDFConformance.knownFailures

    static func entries(_ suite: String) -> [W3CTestEntry] {
        guard TestPaths.hasShared else { return [] }
        return (try? W3CManifest.entries(at: TestPaths.shared("w3c-tests/rdf/rdf11/\(suite)/manifest.ttl"))) ?? []
    }

    @Test("RDF/XML suite", arguments: entries("rdf-xml"))
    func rdfXML(_ entry: W3CTestEntry) throws { try RDFConformance.check(entry, format: .rdfXML) }

    @Test("Turtle suite", arguments: entries("rdf-turtle"))
    func turtle(_ entry: W3CTestEntry) throws { try RDFConformance.check(entry, format: .turtle) }

    @Test("N-Triples suite", arguments: entries("rdf-n-triples"))
    func nTriples(_ entry: W3CTestEntry) throws { try RDFConformance.check(entry, format: .nTriples) }

    @Test("every suite's manifest is found and read", arguments: suites)
    func manifestsAreRead(_ suite: String) throws {
        try #require(TestPaths.hasShared, "../shared/w3c-tests is missing")
        #expect(Self.entries(suite).count > 50)
    }
}

enum RDFConformance {
    /// Tests that fail because of a limitation of a parser library, with the reason.
    static let knownFailures: [String: String] = [
        "rdfms-xmllang-test006": "raptor2 2.0.15 does not apply an in-scope xml:lang to property attributes",
    ]

    static func check(_ entry: W3CTestEntry, format: RDFFormat) throws {
        if let reason = knownFailures[entry.name] {
            withKnownIssue(Comment(rawValue: reason)) { try run(entry, format: format) }
            return
        }
        try run(entry, format: format)
    }

    static func run(_ entry: W3CTestEntry, format: RDFFormat) throws {
        let action = try #require(entry.action, "\(entry.name) has no action")
        let path = W3CTestEntry.path(of: action)
        let type = entry.type.split(separator: "#").last.map(String.init) ?? entry.type
        let parse = { try RDFParser.quads(.file(path), format: format, baseIRI: entry.actionBase) }
        if type.contains("Negative") {
            #expect(throws: RDFParsingError.self, "\(entry.name) must be rejected") { _ = try parse() }
        } else if type.contains("PositiveSyntax") {
            _ = try parse()
        } else if type.hasSuffix("Eval") {
            let actual = try parse().map(\.triple)
            let expectedPath = W3CTestEntry.path(of: try #require(entry.result, "\(entry.name) has no result"))
            let expected = try RDFParser.quads(.file(expectedPath), format: .nTriples).map(\.triple)
            let isomorphic = GraphIsomorphism.areIsomorphic(actual, expected)
            #expect(isomorphic, "\(entry.name): graph differs\nactual:\n\(NTriplesWriter.string(actual))expected:\n\(NTriplesWriter.string(expected))")
        } else {
            Issue.record("\(entry.name): unknown test type \(entry.type)")
        }
    }
}
