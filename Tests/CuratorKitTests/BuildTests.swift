import CuratorKit
import Foundation
import OntologyKit
import RDFModel
import RDFParsing
import RDFStore
import TestSupport
import Testing

@Suite("Manchester parser")
struct ManchesterParserTests {
    @Test("and binds tighter than or; not and restrictions bind tightest")
    func precedence() throws {
        let parsed = try ManchesterParser.parse("'a b' and p some C or not D")
        #expect(parsed == .or([.and([.name("a b", quoted: true), .some(property: .name("p", quoted: false), filler: .name("C", quoted: false))]),
                               .not(.name("D", quoted: false))]))
    }

    @Test("parentheses, only, CURIEs and IRIs")
    func groupsAndNames() throws {
        let parsed = try ManchesterParser.parse("(ex:p only (<http://x.org/A> and \"B c\"))")
        #expect(parsed == .only(property: .name("ex:p", quoted: false),
                                filler: .and([.iri("http://x.org/A"), .name("B c", quoted: true)])))
    }

    @Test("syntax errors give the character position")
    func errors() {
        #expect(throws: CuratorError.manchesterSyntax(expression: "('a' some 'b'", position: 14,
                                                      message: "expected ')' to close the '(', found end of expression")) {
            try ManchesterParser.parse("('a' some 'b'")
        }
        #expect(throws: CuratorError.manchesterSyntax(expression: "a and", position: 6,
                                                      message: "expected a class or property name, found end of expression")) {
            try ManchesterParser.parse("a and")
        }
        #expect(throws: CuratorError.self) { try ManchesterParser.parse("'unclosed") }
    }

    @Test("nesting is refused past 200 levels, with the position, instead of exhausting the stack")
    func deepNesting() throws {
        let deep = String(repeating: "p some (", count: 90) + "A" + String(repeating: ")", count: 90)
        var parsed = try ManchesterParser.parse(deep)
        var levels = 0
        while case .some(_, let filler) = parsed { parsed = filler; levels += 1 }
        #expect(levels == 90 && parsed == .name("A", quoted: false))
        for text in [String(repeating: "(", count: 100_000) + "A" + String(repeating: ")", count: 100_000),
                     String(repeating: "not ", count: 100_000) + "A"] {
            let error = #expect(throws: CuratorError.self) { try ManchesterParser.parse(text) }
            guard case .manchesterSyntax(_, let position, let message)? = error else {
                Issue.record("expected a syntax error, got \(String(describing: error))")
                continue
            }
            #expect(message.contains("more than 200"))
            #expect(position > 200 && position < 1000, "the error points where the limit was passed: \(position)")
        }
    }
}

@Suite("Template build")
struct BuildTests {
    static let ex = "http://example.org/"
    static var options: TemplateBuildOptions { TemplateBuildOptions(prefixes: [("ex", ex)]) }

    static func triples(_ path: String) throws -> [Triple] {
        try TripleStore(loading: .file(path)).triples()
    }

    @Test("subclass, intersection, negation, union, only, disjoint, SPLIT and property columns follow ROBOT")
    func smallTemplate() throws {
        let build = try TemplateBuilder.build(templatePath: TestPaths.fixture("CuratorKitTests", "template-small.csv"),
                                              options: Self.options)
        let expected = """
            @prefix ex: <http://example.org/> .
            @prefix owl: <http://www.w3.org/2002/07/owl#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
            ex:root a owl:Class ; rdfs:label "root" ; rdfs:subClassOf owl:Thing .
            ex:probe a owl:Class ; rdfs:label "probe" ; rdfs:subClassOf ex:root .
            ex:xray a owl:Class ; rdfs:label "x-ray" ; skos:altLabel "X-rays" , "Röntgen" ; rdfs:subClassOf ex:probe .
            ex:neutron a owl:Class ; rdfs:label "neutron" ; rdfs:subClassOf ex:probe .
            ex:neutron owl:disjointWith ex:xray .
            ex:technique a owl:Class ; rdfs:label "technique" ; rdfs:subClassOf ex:root .
            ex:xrayTechnique a owl:Class ; rdfs:label "x-ray technique" ;
                owl:equivalentClass [ a owl:Class ; owl:intersectionOf ( ex:technique
                    [ a owl:Restriction ; owl:onProperty ex:uses ; owl:someValuesFrom ex:xray ] ) ] .
            ex:other a owl:Class ; rdfs:label "other technique" ;
                owl:equivalentClass [ a owl:Class ; owl:intersectionOf ( ex:technique
                    [ a owl:Class ; owl:complementOf [ a owl:Restriction ; owl:onProperty ex:uses ;
                        owl:someValuesFrom [ a owl:Class ; owl:unionOf ( ex:neutron ex:xray ) ] ] ] ) ] .
            ex:only a owl:Class ; rdfs:label "only neutrons" ; rdfs:subClassOf ex:technique ,
                [ a owl:Restriction ; owl:onProperty ex:uses ; owl:allValuesFrom ex:neutron ] .
            ex:uses a owl:ObjectProperty , owl:TransitiveProperty , owl:AsymmetricProperty ; rdfs:label "uses" ;
                rdfs:domain ex:technique ; rdfs:range ex:probe .
            ex:usesProbe a owl:ObjectProperty ; rdfs:label "uses probe" ; rdfs:subPropertyOf ex:uses .
            skos:altLabel a owl:AnnotationProperty .
            """
        let want = try TripleStore(loading: .text(expected, name: "expected.ttl"), format: .turtle).triples()
        #expect(GraphIsomorphism.areIsomorphic(build.triples, want),
                "got:\n\(NTriplesWriter.string(build.triples))")
        #expect(build.warnings.isEmpty)
    }

    @Test("an unknown label names the row, the column and close labels")
    func unknownLabel() {
        let path = TestPaths.fixture("CuratorKitTests", "template-bad-label.csv")
        #expect(throws: CuratorError.unknownName(source: path, row: 4, column: 3, header: "Parent", name: "alhpa",
                                                 suggestions: ["alpha"])) {
            try TemplateBuilder.build(templatePath: path, options: Self.options)
        }
    }

    @Test("a row with content but no ID is an error with its line")
    func missingID() {
        let path = TestPaths.fixture("CuratorKitTests", "template-no-id.csv")
        #expect(throws: CuratorError.missingID(source: path, row: 4)) {
            try TemplateBuilder.build(templatePath: path, options: Self.options)
        }
    }

    @Test("an unknown template string and a missing template row are header errors")
    func badHeaders() {
        let badString = TestPaths.fixture("CuratorKitTests", "template-bad-header.csv")
        #expect {
            try TemplateBuilder.build(templatePath: badString, options: Self.options)
        } throws: { error in
            guard case CuratorError.templateHeader(_, let column, let message) = error else { return false }
            return column == 3 && message.contains("unknown template string 'SUPER %'")
        }
        let noTemplates = TestPaths.fixture("CuratorKitTests", "template-no-template-row.csv")
        #expect {
            try TemplateBuilder.build(templatePath: noTemplates, options: Self.options)
        } throws: { error in
            guard case CuratorError.templateHeader(_, nil, let message) = error else { return false }
            return message.hasPrefix("row 2 must hold ROBOT template strings")
        }
    }

    @Test("a label two rows share resolves to the later row, with a warning")
    func ambiguousLabel() throws {
        let build = try TemplateBuilder.build(templatePath: TestPaths.fixture("CuratorKitTests", "template-ambiguous.csv"),
                                              options: Self.options)
        #expect(build.triples.contains(Triple(.iri(Self.ex + "c"), .iri(RDFS.subClassOf), .iri(Self.ex + "s"))))
        #expect(build.warnings.count == 1)
        #expect(build.warnings.first?.row == 5)
        #expect(build.warnings.first?.message.contains("using s, the last row to define it") == true)
    }

    static func panetBuild(reason: Bool) throws -> TemplateBuild {
        try TemplateBuilder.build(
            templatePath: TestPaths.shared("ontology/source/PaNET.csv"),
            options: TemplateBuildOptions(metadataPath: TestPaths.shared("ontology/source/PaNET_metadata.ttl"),
                                          versionInfo: "1.3.0", reason: reason))
    }

    @Test("the PaNET template with --reason is the published 1.3.0 release, up to blank node names")
    func panetReleaseIsomorphic() throws {
        try #require(TestPaths.hasShared, "../shared is missing")
        let build = try Self.panetBuild(reason: true)
        let release = try Self.triples(TestPaths.shared("ontology/PaNET.owl"))
        #expect(build.triples.count == release.count)
        #expect(Set(build.triples.filter { !$0.subject.isBlankNode && !$0.object.isBlankNode })
            == Set(release.filter { !$0.subject.isBlankNode && !$0.object.isBlankNode }))
        #expect(GraphIsomorphism.areIsomorphic(build.triples, release))
        #expect(build.unsatisfiable.isEmpty)
        // The two places where ROBOT's last-row-wins rule picks a specifier for a shared label.
        #expect(Set(build.warnings.compactMap(\.row)) == [26, 505, 507])
    }

    @Test("the PaNET template without reasoning is the unreasoned 1.3.0 release")
    func panetUnreasonedIsomorphic() throws {
        try #require(TestPaths.hasShared, "../shared is missing")
        let build = try Self.panetBuild(reason: false)
        let unreasoned = try Self.triples(TestPaths.shared("ontology/unreasoned/PaNET-1.3.0-unreasoned.owl"))
        #expect(GraphIsomorphism.areIsomorphic(build.triples, unreasoned))
    }
}
