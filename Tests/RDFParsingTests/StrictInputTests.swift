import Foundation
import RDFModel
import RDFParsing
import RDFStore
import TestSupport
import Testing

/// Bad input is refused with its position; the line-based syntaxes take none of Turtle's shorthand.
@Suite("Strict input")
struct StrictInputTests {
    /// The error reading `text` from a file called `name`, or nil when it loads.
    static func error(_ text: String, _ name: String, format: RDFFormat? = nil) throws -> RDFParsingError? {
        try error(bytes: Array(text.utf8), name, format: format)
    }

    static func error(bytes: [UInt8], _ name: String, format: RDFFormat? = nil) throws -> RDFParsingError? {
        let url = try TestPaths.temporaryDirectory().appendingPathComponent(name)
        try Data(bytes).write(to: url)
        do {
            var store = TripleStore()
            try store.load(.file(url.path), format: format)
            return nil
        } catch let error as RDFParsingError {
            return error
        }
    }

    static func position(_ error: RDFParsingError?) -> (line: Int?, column: Int?, message: String) {
        guard case .syntax(_, let line, let column, let message) = error else { return (nil, nil, "\(String(describing: error))") }
        return (line, column, message)
    }

    @Test("N-Triples refuses Turtle's shorthand at its position", arguments: [
        ("<http://e/a> <http://e/b> <http://e/c> ; <http://e/d> <http://e/e> .\n", 1, 40),
        ("<http://e/a> <http://e/b> <http://e/c> , <http://e/e> .\n", 1, 40),
        ("<http://e/s> <http://e/p> \"x\" .\n<http://e/a> a <http://e/c> .\n", 2, 14),
        ("@prefix e: <http://e/> .\n", 1, 1),
        ("<http://e/a> <http://e/b> e:c .\n", 1, 27),
        ("e:a <http://e/b> <http://e/c> .\n", 1, 1),
        ("<http://e/a> <http://e/b> [ <http://e/x> <http://e/y> ] .\n", 1, 27),
        ("<http://e/a> <http://e/b> ( <http://e/x> ) .\n", 1, 27),
        ("<http://e/a> <http://e/b> 1 .\n", 1, 27),
        ("<http://e/a> <http://e/b> <http://e/c> <http://e/g> .\n", 1, nil),
        ("garbage here\n", 1, nil),
        ("<http://e/a> <http://e/b> <http://e/c> .\n\u{07}abc <http://e/b> <http://e/c> .\n", 2, 1),
        ("<http://e/a> <http://e/b> <http://e/c> .\n\u{01}\u{02}", 2, 1),
    ] as [(String, Int, Int?)])
    func nTriplesIsStrict(_ text: String, _ line: Int, _ column: Int?) throws {
        let found = Self.position(try Self.error(text, "data.nt"))
        #expect(found.line == line, "\(found.message)")
        #expect(found.column != nil, "\(found.message)")
        if let column { #expect(found.column == column, "\(found.message)") }
        // The same through --input-format for a file without the extension.
        #expect(Self.position(try Self.error(text, "data.txt", format: .nTriples)).line == line)
        // Turtle takes the shorthand of the first three.
        if text.contains(";") || text.contains(",") || text.contains(" a ") {
            #expect(try Self.error(text, "data.ttl") == nil)
        }
    }

    @Test("well-formed N-Triples and N-Quads still load")
    func lineBasedStillLoads() throws {
        var store = TripleStore()
        try store.load(.text("<http://e/a> <http://e/b> \"x\"@en .\n_:b <http://e/b> \"1\"^^<http://e/t> . # c\n", name: "d.nt"),
                       format: .nTriples)
        #expect(store.count == 2)
        try store.load(.text("<http://e/a> <http://e/b> <http://e/c> <http://e/g> .\n", name: "d.nq"), format: .nQuads)
        #expect(store.triples(graph: .iri("http://e/g")).count == 1)
    }

    @Test("every N-Triples and Turtle error carries line and column", arguments: [
        ("trunc-iri.nt", "<http://e/a> <http://e/b> <http://e/c", "end of file"),
        ("trunc-string.nt", "<http://e/a> <http://e/b> \"abc", "end of file"),
        ("trunc-lang.nt", "<http://e/a> <http://e/b> \"x\"@", "end of file"),
        ("surrogate.nt", "<http://e/a> <http://e/b> \"a\\uD800\" .\n", "surrogate"),
        ("surrogate.ttl", "@prefix e: <http://e/> .\ne:a e:b \"\\uDC00\" .\n", "surrogate"),
        ("iri-surrogate.ttl", "@prefix e: <http://e/> .\n\ne:a e:b <http://e/\\uD800> .\n", "surrogate"),
        ("escape.nt", "<http://e/a> <http://e/b> \"a\\q\" .\n", "escape"),
        ("space.nt", "<http://e/a b> <http://e/b> \"a\" .\n", "IRI"),
        ("trunc-long.ttl", "@prefix e: <http://e/> .\ne:a e:b \"\"\"abc", "end of file"),
        ("trunc-prefix.ttl", "@prefix e: <http://e/", "end of file"),
        ("prefix.ttl", "@prefix e: <http://e/> .\ne:a e:b f:c .\n", "undefined prefix 'f:'"),
        ("escaped-prefix.ttl", "@prefix e: <http://e/> .\ne:a e:b f:c\\-d .\n", "undefined prefix 'f:'"),
    ])
    func everyErrorHasAPosition(_ name: String, _ text: String, _ phrase: String) throws {
        let found = Self.position(try Self.error(text, name))
        #expect(found.line != nil && found.column != nil, "\(name): \(found.message)")
        #expect(found.message.contains(phrase), "\(name): \(found.message)")
        #expect(!found.message.contains("\u{FFFD}"), "\(name): \(found.message)")
    }

    @Test("invalid UTF-8 bytes are refused at their line")
    func invalidUTF8() throws {
        var bytes = Array("<http://e/s> <http://e/p> \"ok\" .\n<http://e/a".utf8)
        bytes += [0xED, 0xA0, 0x80]
        bytes += Array("> <http://e/b> \"a\" .\n".utf8)
        let found = Self.position(try Self.error(bytes: bytes, "bytes.nt"))
        #expect(found.line == 2 && found.column != nil, "\(found.message)")
    }

    @Test("an undefined prefix name of megabytes is reported quickly, once, clipped")
    func longUndefinedPrefix() throws {
        let name = "u" + String(repeating: "x", count: 2_000_000) + ":local"
        let text = "@prefix e: <http://e/> .\n" + String(repeating: "e:a e:b e:c .\n", count: 4_000) + "e:a e:b \(name) .\n"
        let clock = ContinuousClock()
        let start = clock.now
        let error = try Self.error(text, "long.ttl")
        #expect(clock.now - start < .seconds(3))
        let found = Self.position(error)
        #expect(found.line == 4_002 && found.column == 9, "\(found.message.prefix(300))")
        #expect(found.message.utf8.count < 1_000)
        #expect(found.message.hasPrefix("undefined prefix 'uxxx"))
    }
}

/// RDF/XML: IRIs holding characters IRIs forbid, and errors placed at a line and column.
@Suite("Strict RDF/XML")
struct StrictRDFXMLTests {
    static func document(_ body: String) -> String {
        """
        <?xml version="1.0"?>
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
        \(body)
        </rdf:RDF>

        """
    }

    @Test("an IRI with a forbidden character is an error with line and column, a warning with --lenient", arguments: [
        ("<rdf:Description rdf:about=\"http://example.org/a b\"><ex:p>x</ex:p></rdf:Description>", "a space"),
        ("<rdf:Description rdf:about=\"http://example.org/a\"><ex:p rdf:resource=\"http://example.org/c&gt;d\"/></rdf:Description>", "the character '>'"),
        ("<ex:T rdf:about=\"http://example.org/x{y}\"/>", "the character '{'"),
        ("<rdf:Description rdf:about=\"http://example.org/a\"><ex:p rdf:datatype=\"http://example.org/t|u\">1</ex:p></rdf:Description>", "the character '|'"),
        ("<rdf:Description rdf:about=\"http://example.org/a&#x9;b\"><ex:p>x</ex:p></rdf:Description>", "a space"),
        ("<rdf:Description rdf:about=\"http://example.org/a\" xmlns:q=\"http://example.org/q^\"><q:p>x</q:p></rdf:Description>", "the character '^'"),
        ("<rdf:Description rdf:about=\"http://example.org/a\\b\"><ex:p>x</ex:p></rdf:Description>", "the character '\\'"),
        ("<rdf:Description rdf:about=\"http://example.org/a`b\"><ex:p>x</ex:p></rdf:Description>", "the character '`'"),
    ])
    func forbiddenCharacters(_ body: String, _ described: String) throws {
        let text = Self.document(body)
        let error = try StrictInputTests.error(text, "iri.owl")
        let found = StrictInputTests.position(error)
        #expect(found.line == 3 && found.column != nil, "\(found.message)")
        #expect(found.message.contains("holds \(described)"), "\(found.message)")
        var store = TripleStore()
        let report = try store.load(.text(text, name: "iri.owl"), format: .rdfXML, isLenient: true)
        #expect(store.count == 1)
        #expect(report.warnings.count == 1 && report.warnings[0].contains("iri.owl:3: warning: IRI <"), "\(report.warnings)")
    }

    @Test("RDF/XML errors carry a line and a column and fit on one line", arguments: [
        ("<rdf:Description rdf:about=\"http://e/a\">\n  <foo>x</foo>\n</rdf:Description>", 4, 3),
        ("<rdf:Description rdf:about=\"http://e/a\" x=\"1\" x=\"2\"/>", 3, 1),
        ("<rdf:Description rdf:about=\"http://e/a\">\n  <ex:p>&undefined;</ex:p>\n</rdf:Description>", 4, nil),
        ("<rdf:Description rdf:about=\"http://e/a\">\n  <ex:p>x</ex:p><rdf:RDF/></rdf:Description>", 4, 17),
        ("<rdf:Description rdf:ID=\"a\"/>\n<rdf:Description rdf:ID=\"a\"/>", 4, 1),
        ("<rdf:Description rdf:about=\"http://e/a\">\n  <ex:p>x</ex:q>\n</rdf:Description>", 4, nil),
    ] as [(String, Int, Int?)])
    func errorsArePlaced(_ body: String, _ line: Int, _ column: Int?) throws {
        let found = StrictInputTests.position(try StrictInputTests.error(Self.document(body), "bad.owl"))
        #expect(found.line == line, "\(found.message)")
        #expect(found.column != nil, "\(found.message)")
        if let column { #expect(found.column == column, "\(found.message)") }
        #expect(!found.message.contains("\n"))
    }

    @Test("a truncated document is an error at its end")
    func truncated() throws {
        let text = "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n  <rdf:Description>\n"
        let found = StrictInputTests.position(try StrictInputTests.error(text, "cut.owl"))
        #expect(found.line == 4 && found.column == 1, "\(found.message)")
    }
}

/// Internal XML entities may not expand a document past 16 MiB plus 8 times its size.
@Suite("RDF/XML entity expansion")
struct EntityExpansionTests {
    static func document(entity: String, references: Int) -> String {
        """
        <?xml version="1.0"?>
        <!DOCTYPE rdf:RDF [ <!ENTITY e "\(entity)"> <!ENTITY ex "http://example.org/"> ]>
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
        <rdf:Description rdf:about="&ex;s"><ex:p>\(String(repeating: "&e;", count: references))</ex:p></rdf:Description>
        </rdf:RDF>

        """
    }

    @Test("one large entity referenced many times is refused at the reference past the limit, quickly")
    func largeEntityManyTimes() throws {
        let text = Self.document(entity: String(repeating: "x", count: 10_000), references: 10_000)
        let clock = ContinuousClock()
        let start = clock.now
        let found = StrictInputTests.position(try StrictInputTests.error(text, "bomb.owl"))
        #expect(clock.now - start < .seconds(2))
        #expect(found.message.contains("XML entity references expand to"), "\(found.message)")
        // 16 MiB plus 8 bytes per byte read: the reference that passes it is the 1,687th or so.
        #expect(found.line == 4, "\(found.message)")
        let column = try #require(found.column)
        #expect(column > 1_600 * 3 && column < 1_750 * 3, "\(column)")
    }

    @Test("entities nested in entities count with their expansion")
    func nestedEntities() throws {
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE rdf:RDF [ <!ENTITY a "\(String(repeating: "y", count: 1_000))"> <!ENTITY b "\(String(repeating: "&a;", count: 1_000))"> ]>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
            <rdf:Description rdf:about="http://example.org/s" ex:p="&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"/>
            </rdf:RDF>
            """
        let found = StrictInputTests.position(try StrictInputTests.error(text, "nested.owl"))
        #expect(found.message.contains("XML entity references expand to"), "\(found.message)")
        #expect(found.line == 4)
    }

    @Test("ordinary entity use, as OWL tools write it, still loads")
    func ordinaryEntities() throws {
        let text = Self.document(entity: "a few words", references: 20_000)
        var store = TripleStore()
        try store.load(.text(text, name: "ok.owl"), format: .rdfXML)
        #expect(store.count == 1)
        let literal = store.triples().first?.object.literalValue?.lexicalForm
        #expect(literal?.count == 20_000 * 11)
    }
}

/// What panet writes, panet reads: IRIs holding characters IRIs forbid are written percent-encoded.
@Suite("Writers read back")
struct WriterRoundTripTests {
    static let oddIRIs = ["http://e/a b", "http://e/c>d", "http://e/x{y}|z", "http://e/q\"r", "http://e/s\\t^u`v",
                          "http://e/\u{01}ctl", "http://e/<w>"]

    static var triples: [Triple] {
        oddIRIs.enumerated().map { index, iri in
            Triple(.iri(iri), .iri("http://e/p"), index.isMultiple(of: 2) ? .iri(iri) : .literal(Literal("1", datatype: iri)))
        }
    }

    static var encoded: [Triple] {
        func encode(_ term: Term) -> Term {
            switch term {
            case .iri(let iri): return .iri(IRI.percentEncodingForbiddenCharacters(iri))
            case .literal(let literal): return .literal(Literal(literal.lexicalForm, datatype: IRI.percentEncodingForbiddenCharacters(literal.datatype)))
            default: return term
            }
        }
        return triples.map { Triple(encode($0.subject), encode($0.predicate), encode($0.object)) }
    }

    @Test("N-Triples, Turtle and RDF/XML output reads back, percent-encoded")
    func roundTrip() throws {
        let outputs: [(String, RDFFormat)] = [
            (NTriplesWriter.string(Self.triples), .nTriples),
            (TurtleWriter(prefixes: .standard).string(Self.triples), .turtle),
            (try RDFXMLWriter.string(Self.triples), .rdfXML),
        ]
        for (text, format) in outputs {
            let read = try RDFParser.quads(.text(text, name: "out.\(format.fileExtension)"), format: format).map(\.triple)
            #expect(Set(read) == Set(Self.encoded), "\(format):\n\(text)")
        }
        #expect(IRI.percentEncodingForbiddenCharacters("http://e/a b%20c") == "http://e/a%20b%20c")
    }
}
