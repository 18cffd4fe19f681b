import CuratorKit
import Foundation
import OntologyKit
import TestSupport
import Testing

/// "Did you mean" searches stay bounded and quote clipped names, however long the input.
@Suite("Bounded suggestions")
struct BoundedSuggestionTests {
    @Test("an unknown 40,000-character label in a template cell fails at once, with the name clipped")
    func longUnknownLabel() throws {
        var rows = "ID,Label,Parent\nID,LABEL,SC %\n"
        for index in 0..<500 { rows += "ex:c\(index),technique number \(index) of the template,\n" }
        let name = String(repeating: "scattering ", count: 3_700)
        rows += "ex:z,zeta,'\(name)'\n"
        let path = try TestPaths.writeTemporaryFile(rows, named: "template-long-label.csv")
        let start = Date()
        let error = #expect(throws: CuratorError.self) {
            try TemplateBuilder.build(templatePath: path, options: TemplateBuildOptions(prefixes: [("ex", "http://example.org/")]))
        }
        let seconds = Date().timeIntervalSince(start)
        #expect(seconds < 1, "took \(seconds) s")
        let message = try #require(error).description
        #expect(message.contains("unknown label 'scattering scattering"))
        #expect(message.count < 600, "the name is clipped in the message: \(message.count) characters")
    }

    @Test("a search for a very long text finds nothing, at once")
    func longSearch() throws {
        let kb = try ClassifiedOntology.load(path: TestPaths.bundledOntology, useCache: false)
        let text = String(repeating: "small angle scattering ", count: 2_000)
        let start = Date()
        #expect(kb.search.search(text).isEmpty)
        let error = #expect(throws: OntologyError.self) { try kb.resolve(text) }
        #expect(Date().timeIntervalSince(start) < 0.5)
        let message = try #require(error).description
        #expect(message.hasPrefix("unknown term 'small angle scattering small"))
        #expect(message.count < 250, "the term is clipped in the message: \(message.count) characters")
    }
}
