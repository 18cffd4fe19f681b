import RDFModel
import SPARQLEvaluation
import Testing

@Suite("SPARQL result writers")
struct ResultWriterTests {
    static let table = SolutionTable(variables: ["s", "o"], rows: [
        [.iri("http://example.org/a"), .literal("x, \"y\"")],
        [.blankNode("b1"), .literal("chat", language: "fr")],
        [.iri("http://example.org/c"), nil],
        [.iri("http://example.org/d"), .literal("4", datatype: XSD.integer)],
    ])

    @Test("CSV quotes commas and quotes and uses CRLF")
    func csv() throws {
        let text = try ResultWriter.write(.solutions(Self.table), format: .csv)
        #expect(text == "s,o\r\nhttp://example.org/a,\"x, \"\"y\"\"\"\r\n_:b1,chat\r\nhttp://example.org/c,\r\nhttp://example.org/d,4\r\n")
    }

    @Test("TSV writes terms in Turtle syntax")
    func tsv() throws {
        let text = try ResultWriter.write(.solutions(Self.table), format: .tsv)
        #expect(text == "?s\t?o\n<http://example.org/a>\t\"x, \\\"y\\\"\"\n_:b1\t\"chat\"@fr\n<http://example.org/c>\t\n<http://example.org/d>\t4\n")
    }

    @Test("JSON leaves unbound variables out and marks language and datatype")
    func json() throws {
        let text = try ResultWriter.write(.solutions(Self.table), format: .json)
        #expect(text.contains("\"xml:lang\":\"fr\""))
        #expect(text.contains("\"datatype\":\"http://www.w3.org/2001/XMLSchema#integer\""))
        #expect(text.contains("{\"s\":{\"type\":\"uri\",\"value\":\"http://example.org/c\"}}"))
        #expect(try ResultWriter.write(.boolean(true), format: .json) == "{\"head\":{},\"boolean\":true}\n")
    }

    @Test("XML escapes markup")
    func xml() throws {
        let text = try ResultWriter.write(.solutions(SolutionTable(variables: ["v"], rows: [[.literal("<a&b>")]])), format: .xml)
        #expect(text.contains("<literal>&lt;a&amp;b&gt;</literal>"))
    }

    @Test("XML keeps carriage returns and stays well-formed around characters XML 1.0 forbids")
    func xmlLineEndsAndControls() throws {
        let rows: [[Term?]] = [[.literal("a\r\nb")], [.literal("bell\u{07}")]]
        let text = try ResultWriter.write(.solutions(SolutionTable(variables: ["v"], rows: rows)), format: .xml)
        #expect(text.contains("<literal>a&#xD;&#xA;b</literal>"), "a parser would read a raw CR as LF")
        #expect(text.contains("<literal>bell\u{FFFD}</literal>"))
        #expect(!text.unicodeScalars.contains { $0.value == 0x07 })
    }

    @Test("the table shortens IRIs with prefixes and counts rows")
    func table() throws {
        let text = try ResultWriter.write(.solutions(Self.table), format: .table,
                                          prefixes: [("ex", "http://example.org/")])
        #expect(text.contains("ex:a"))
        #expect(text.hasSuffix("(4 rows)\n"))
    }

    @Test("a graph cannot be written as a table")
    func graphAsTable() {
        #expect(throws: SPARQLEvaluationError.self) { _ = try ResultWriter.write(.graph([]), format: .json) }
    }
}
