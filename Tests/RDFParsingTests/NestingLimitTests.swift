import RDFModel
@testable import RDFParsing
import RDFStore
import TestSupport
import Testing

/// Feeds `text` to `scan` in chunks of `size` bytes (with each chunk's start) until it answers.
func firstStop(in text: [UInt8], chunksOf size: Int, _ scan: (UnsafeBufferPointer<UInt8>, Int) -> Int?) -> Int? {
    var start = 0
    while start < text.count {
        let end = min(text.count, start + size)
        if let stop = text[start..<end].withUnsafeBufferPointer({ scan($0, start) }) { return stop }
        start = end
    }
    return nil
}

/// Turtle that nests `[ ]` or `( )` past `TurtleNestingScanner.limit` is refused with its position
/// (serd would recurse until the stack runs out); brackets in strings, IRIs, comments and escapes
/// do not count.
@Suite("Turtle nesting limit")
struct TurtleNestingTests {
    static let limit = TurtleNestingScanner.limit

    static func nested(_ levels: Int, list: Bool) -> String {
        let open = list ? "( " : "[ :p ", close = list ? " )" : " ]"
        return "@prefix : <http://e/> .\n:s :p " + String(repeating: open, count: levels) + ":o"
            + String(repeating: close, count: levels) + " .\n"
    }

    /// Brackets that are not syntax: in every kind of string, an IRI, a comment and an escaped name.
    static let decoys = String(repeating: "[(", count: limit)
    static let notNesting = """
        @prefix : <http://e/> .
        # \(decoys)
        :s :p "\(decoys)", '\(decoys)', \"""a ""\(decoys)\""", '''\(decoys)''', "\\"\(decoys)" .
        :s :q <http://e/\(decoys.replacingOccurrences(of: "[", with: "_"))> .
        :s :r :a\\(\\(\\( .
        :s :t \"""a "quoted" word\""" , "" , '' , [ :p ( 1 2 ) ] .
        """

    @Test("brackets in strings, IRIs, comments and escapes are not nesting")
    func decoysLoad() throws {
        let store = try TripleStore(loading: .text(Self.notNesting, name: "decoys.ttl"), format: .turtle)
        #expect(store.count == 13)
    }

    @Test("the limit is accepted, one level more is refused at that bracket", arguments: [false, true])
    func limit(list: Bool) throws {
        _ = try TripleStore(loading: .text(Self.nested(Self.limit, list: list), name: "ok.ttl"), format: .turtle)
        let text = Self.nested(Self.limit + 1, list: list)
        let column = 6 + Self.limit * (list ? 2 : 5) + 1
        let path = try TestPaths.writeTemporaryFile(text, named: "deep.ttl")
        for source in [RDFSource.text(text, name: "deep.ttl"), .file(path)] {
            #expect(throws: RDFParsingError.syntax(source: source.displayName, line: 2, column: column,
                                                   message: "blank nodes [ ] and collections ( ) nest deeper than \(Self.limit) levels")) {
                _ = try TripleStore(loading: source, format: .turtle)
            }
        }
    }

    @Test("100,000 levels are refused without exhausting the stack")
    func veryDeep() throws {
        let path = try TestPaths.writeTemporaryFile(Self.nested(100_000, list: false), named: "very-deep.ttl")
        #expect(throws: RDFParsingError.self) { _ = try TripleStore(loading: .file(path), format: .turtle) }
    }

    @Test("the scanner finds the same bracket however the text is split into chunks")
    func chunks() {
        let text = Array((Self.notNesting + "\n:x :y " + String(repeating: "[ :p ", count: Self.limit + 1)).utf8)
        var whole = TurtleNestingScanner()
        let expected = text.withUnsafeBufferPointer { whole.scan($0) }
        #expect(expected != nil)
        for size in [1, 2, 3, 7, 64, 4096] {
            var scanner = TurtleNestingScanner()
            // This scanner answers with an index into the chunk.
            let found = firstStop(in: text, chunksOf: size) { chunk, start in scanner.scan(chunk).map { start + $0 } }
            #expect(found == expected, "chunks of \(size)")
        }
    }
}

/// RDF/XML nesting elements past `XMLNestingScanner.limit` is refused with its position before
/// raptor2 (whose base-IRI lookup walks every enclosing element) reads it; markup that is not an
/// element does not count.
@Suite("RDF/XML nesting limit")
struct XMLNestingTests {
    static func document(pairs: Int, extra: String = "") -> String {
        """
        <?xml version="1.0"?>
        <!DOCTYPE rdf:RDF [ <!ENTITY e "http://e/"> <!-- ]> <a> --> ]>
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">
        <!-- \(String(repeating: "<a>", count: 2_000)) --><?pi \(String(repeating: "<a>", count: 2_000))?>
        \(extra)<rdf:Description rdf:about="&e;s" e:note="a > b / c"><e:empty rdf:resource="&e;x"/>
        """ + String(repeating: "<e:p><rdf:Description>", count: pairs) + "<e:q>x</e:q>"
            + String(repeating: "</rdf:Description></e:p>", count: pairs) + "</rdf:Description></rdf:RDF>\n"
    }

    @Test("comments, instructions, the DOCTYPE, attributes and empty elements do not nest")
    func decoys() throws {
        let text = Self.document(pairs: 400, extra: "<e:Thing rdf:about=\"&e;t\"><e:v><![CDATA[" + String(repeating: "<a>", count: 2_000)
            + "]]]></e:v></e:Thing>\n")
        let store = try TripleStore(loading: .text(text, name: "ok.rdf"), format: .rdfXML)
        #expect(store.count == 2 + 400 + 1 + 2)  // note, empty; the links; q; the Thing's type and v
    }

    @Test("one element past the limit is refused at its start tag, from text and from a file")
    func refused() throws {
        let text = Self.document(pairs: 600, extra: "<e:Thing rdf:about=\"&e;t\"><e:v><![CDATA[a]]]></e:v></e:Thing>\n")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let path = try TestPaths.writeTemporaryFile(text, named: "deep.rdf")
        for source in [RDFSource.text(text, name: "deep.rdf"), .file(path)] {
            do {
                _ = try TripleStore(loading: source, format: .rdfXML)
                Issue.record("1,200 levels must be refused")
            } catch let error as RDFParsingError {
                guard case .syntax(_, let line?, let column?, let message) = error else {
                    Issue.record("expected a positioned syntax error, got \(error)")
                    continue
                }
                #expect(message == "XML elements nest deeper than \(XMLNestingScanner.limit) levels")
                let row = Array(lines[line - 1].utf8)
                #expect(row[column - 1] == UInt8(ascii: "<"), "\(line):\(column) is not a start tag")
            }
        }
    }

    @Test("the scanner finds the same start tag however the document is split into chunks")
    func chunks() {
        let text = Array(Self.document(pairs: 600).utf8)
        var whole = XMLNestingScanner()
        let expected = text.withUnsafeBufferPointer { whole.scan($0) }
        #expect(expected != nil)
        for size in [1, 2, 3, 5, 64, 4096] {
            var scanner = XMLNestingScanner()
            // This scanner answers with an offset from the start of the document.
            let found = firstStop(in: text, chunksOf: size) { chunk, _ in scanner.scan(chunk) }
            #expect(found == expected, "chunks of \(size)")
        }
    }

    @Test("the entity expansion limit stops at the same reference however the document is split")
    func entityChunks() {
        let entity = String(repeating: "x", count: 10_000)
        let text = Array(("<?xml version=\"1.0\"?>\n<!DOCTYPE r [ <!ENTITY % p \"x\"> <!ENTITY e '\(entity)'> ]>\n"
            + "<r a=\"&e;&amp;&#38;\">" + String(repeating: "&e; &#x26; ", count: 3_000) + "</r>\n").utf8)
        var whole = XMLNestingScanner()
        let expected = text.withUnsafeBufferPointer { whole.scan($0) }
        guard case .entityExpansion(let name, _) = whole.stop else {
            Issue.record("expected an entity expansion stop, got \(String(describing: whole.stop))")
            return
        }
        #expect(name == "e")
        for size in [1, 2, 3, 7, 64, 4096] {
            var scanner = XMLNestingScanner()
            let found = firstStop(in: text, chunksOf: size) { chunk, _ in scanner.scan(chunk) }
            #expect(found == expected, "chunks of \(size)")
            #expect(found.map { text[$0] } == UInt8(ascii: "&"))
        }
    }
}
