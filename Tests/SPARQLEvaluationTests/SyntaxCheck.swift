import Foundation
import SPARQLSyntax
import TestSupport

/// Runs one W3C syntax test: positive tests parse, negative ones fail with a positioned `SPARQLSyntaxError`.
enum SyntaxCheck {
    static let mf = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"

    /// True for positive, false for negative syntax tests, nil for other entries.
    static func isPositive(_ entry: W3CTestEntry) -> Bool? {
        switch entry.type {
        case mf + "PositiveSyntaxTest", mf + "PositiveSyntaxTest11": return true
        case mf + "NegativeSyntaxTest", mf + "NegativeSyntaxTest11": return false
        default: return nil
        }
    }

    static func queryText(_ entry: W3CTestEntry) -> (text: String, iri: String)? {
        guard let action = entry.action, let text = try? String(contentsOfFile: W3CTestEntry.path(of: action), encoding: .utf8) else {
            return nil
        }
        return (text, action)
    }

    static func passes(_ entry: W3CTestEntry, positive: Bool) -> Bool {
        guard let (text, iri) = queryText(entry) else { return false }
        do {
            _ = try SPARQLParser.parse(query: text, baseIRI: iri)
            return positive
        } catch {
            return !positive && error.line > 0 && error.column > 0
        }
    }
}
