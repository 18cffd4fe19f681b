import RDFModel
import Testing

@Suite("IRI resolution (RFC 3986 §5.4)")
struct IRITests {
    static let base = "http://a/b/c/d;p?q"

    @Test("normal examples resolve as RFC 3986 §5.4.1 says", arguments: [
        ("g:h", "g:h"), ("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"), ("g/", "http://a/b/c/g/"),
        ("/g", "http://a/g"), ("//g", "http://g"), ("?y", "http://a/b/c/d;p?y"), ("g?y", "http://a/b/c/g?y"),
        ("#s", "http://a/b/c/d;p?q#s"), ("g#s", "http://a/b/c/g#s"), ("g?y#s", "http://a/b/c/g?y#s"),
        (";x", "http://a/b/c/;x"), ("g;x", "http://a/b/c/g;x"), ("g;x?y#s", "http://a/b/c/g;x?y#s"),
        ("", "http://a/b/c/d;p?q"), (".", "http://a/b/c/"), ("./", "http://a/b/c/"), ("..", "http://a/b/"),
        ("../", "http://a/b/"), ("../g", "http://a/b/g"), ("../..", "http://a/"), ("../../", "http://a/"),
        ("../../g", "http://a/g"),
    ])
    func normalExamples(_ reference: String, _ expected: String) {
        #expect(IRI.resolve(reference, against: Self.base) == expected)
    }

    @Test("abnormal examples resolve as RFC 3986 §5.4.2 says", arguments: [
        ("../../../g", "http://a/g"), ("../../../../g", "http://a/g"), ("/./g", "http://a/g"), ("/../g", "http://a/g"),
        ("g.", "http://a/b/c/g."), (".g", "http://a/b/c/.g"), ("g..", "http://a/b/c/g.."), ("..g", "http://a/b/c/..g"),
        ("./../g", "http://a/b/g"), ("./g/.", "http://a/b/c/g/"), ("g/./h", "http://a/b/c/g/h"), ("g/../h", "http://a/b/c/h"),
        ("g;x=1/./y", "http://a/b/c/g;x=1/y"), ("g;x=1/../y", "http://a/b/c/y"), ("g?y/./x", "http://a/b/c/g?y/./x"),
        ("g#s/../x", "http://a/b/c/g#s/../x"), ("http:g", "http:g"),
    ])
    func abnormalExamples(_ reference: String, _ expected: String) {
        #expect(IRI.resolve(reference, against: Self.base) == expected)
    }

    @Test("file IRIs percent-encode spaces and keep path characters")
    func fileIRIs() {
        #expect(IRI.fileIRI(forPath: "/tmp/a b/c.ttl") == "file:///tmp/a%20b/c.ttl")
        #expect(IRI.isAbsolute("file:///x") && !IRI.isAbsolute("x/y"))
    }
}

@Suite("Graph isomorphism")
struct GraphIsomorphismTests {
    let p = Term.iri("http://e/p")

    @Test("graphs equal up to blank node renaming are isomorphic")
    func renamedBlankNodes() {
        let a = [Triple(.blankNode("x"), p, .blankNode("y")), Triple(.blankNode("y"), p, .literal("1"))]
        let b = [Triple(.blankNode("m"), p, .blankNode("n")), Triple(.blankNode("n"), p, .literal("1"))]
        #expect(GraphIsomorphism.areIsomorphic(a, b))
    }

    @Test("a different literal or structure breaks isomorphism")
    func differentGraphs() {
        let a = [Triple(.blankNode("x"), p, .blankNode("y")), Triple(.blankNode("y"), p, .literal("1"))]
        let b = [Triple(.blankNode("m"), p, .blankNode("n")), Triple(.blankNode("m"), p, .literal("1"))]
        let c = [Triple(.blankNode("m"), p, .blankNode("n")), Triple(.blankNode("n"), p, .literal("2"))]
        #expect(!GraphIsomorphism.areIsomorphic(a, b))
        #expect(!GraphIsomorphism.areIsomorphic(a, c))
    }

    @Test("symmetric structures that colour refinement cannot split are solved by backtracking")
    func symmetricCycles() {
        // Two 3-cycles versus one 6-cycle: every node has the same local shape.
        func cycle(_ names: [String]) -> [Triple] {
            names.indices.map { Triple(.blankNode(names[$0]), p, .blankNode(names[($0 + 1) % names.count])) }
        }
        let twoTriangles = cycle(["a", "b", "c"]) + cycle(["d", "e", "f"])
        let hexagon = cycle(["1", "2", "3", "4", "5", "6"])
        let twoTrianglesRenamed = cycle(["u", "v", "w"]) + cycle(["x", "y", "z"])
        #expect(!GraphIsomorphism.areIsomorphic(twoTriangles, hexagon))
        #expect(GraphIsomorphism.areIsomorphic(twoTriangles, twoTrianglesRenamed))
    }

    @Test("language tags are lower-cased so @EN and @en are the same literal")
    func languageTags() {
        #expect(Term.literal("chat", language: "EN") == Term.literal("chat", language: "en"))
        #expect(Term.literal("01", datatype: XSD.integer).literalValue?.lexicalForm == "01")
    }
}
