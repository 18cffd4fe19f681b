import RDFModel
import RDFParsing
import Testing

/// Long chains of blank nodes used once (which the writers nest), cycles of them and long lists
/// are written with nesting cut at `SubjectGroups.maximumNesting` levels and re-parse to the same
/// graph.
@Suite("Writers on deep blank-node structures")
struct DeepGraphWriterTests {
    static let p = Term.iri("http://example.org/p")
    static let count = 300

    static func chain() -> [Triple] {
        [Triple(.iri("http://example.org/s"), p, .blankNode("b0"))]
            + (0..<count).map { Triple(.blankNode("b\($0)"), p, .blankNode("b\($0 + 1)")) }
    }

    static func cycle() -> [Triple] {
        (0..<count).map { Triple(.blankNode("c\($0)"), p, .blankNode("c\(($0 + 1) % count)")) }
    }

    /// A list of `count` literals; with `broken`, its last node has a third triple, so it is no list.
    static func list(broken: Bool) -> [Triple] {
        var triples = [Triple(.iri("http://example.org/s"), p, .blankNode("l0"))]
        for index in 0..<count {
            let node = Term.blankNode("l\(index)")
            triples.append(Triple(node, .iri(RDF.first), .literal("item \(index)")))
            triples.append(Triple(node, .iri(RDF.rest), index + 1 < count ? .blankNode("l\(index + 1)") : .iri(RDF.nil)))
        }
        if broken { triples.append(Triple(.blankNode("l\(count - 1)"), p, .literal("extra"))) }
        return triples
    }

    static let graphs: [(String, [Triple])] = [
        ("chain", chain()), ("cycle", cycle()), ("list", list(broken: false)), ("broken list", list(broken: true)),
    ]

    /// The deepest nesting of `[`/`(` (Turtle) outside strings.
    static func deepestBrackets(_ turtle: String) -> Int {
        var depth = 0, deepest = 0, inString = false
        for byte in turtle.utf8 {
            switch byte {
            case UInt8(ascii: "\""): inString.toggle()
            case UInt8(ascii: "["), UInt8(ascii: "(") where !inString: depth += 1; deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: ")") where !inString: depth -= 1
            default: break
            }
        }
        return deepest
    }

    @Test("Turtle: nesting stays within the limit and the graph survives", arguments: graphs.map(\.0))
    func turtle(_ name: String) throws {
        let original = try #require(Self.graphs.first { $0.0 == name }).1
        let turtle = TurtleWriter().string(original)
        #expect(Self.deepestBrackets(turtle) <= 65)
        let back = try RDFParser.quads(.text(turtle, name: "out.ttl"), format: .turtle).map(\.triple)
        #expect(GraphIsomorphism.areIsomorphic(original, back))
    }

    @Test("RDF/XML: nesting stays within the limit and the graph survives", arguments: graphs.map(\.0))
    func rdfXML(_ name: String) throws {
        let original = try #require(Self.graphs.first { $0.0 == name }).1
        let xml = try RDFXMLWriter.string(original)
        let deepestIndent = xml.split(separator: "\n").map { $0.prefix { $0 == " " }.count / 4 }.max() ?? 0
        #expect(deepestIndent <= 2 * 65 + 2)
        let back = try RDFParser.quads(.text(xml, name: "out.owl"), format: .rdfXML, baseIRI: "http://example.org/").map(\.triple)
        #expect(GraphIsomorphism.areIsomorphic(original, back))
    }
}
