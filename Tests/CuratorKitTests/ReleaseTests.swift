import CuratorKit
import Foundation
import OntologyKit
import RDFModel
import RDFParsing
import RDFStore
import TestSupport
import Testing

/// Every PaNET release builds from its own source folder, and the history of the releases.
@Suite("Releases and history")
struct ReleaseTests {
    static let panet = "http://purl.org/pan-science/PaNET/"

    static func release(_ argument: String) throws -> (name: String, ontology: ClassifiedOntology, warnings: [TemplateWarning]) {
        let source = try #require(ReleaseSource(argument: argument))
        let (ontology, warnings) = try source.load(lenientHeader: true)
        return (source.name, ontology, warnings)
    }

    static func label(_ ontology: ClassifiedOntology, _ id: String) -> String? {
        ontology.ontology.classID(of: panet + id).flatMap { ontology.ontology[$0].label }
    }

    @Test("each release folder builds, with its classes, labels, CI parents and individuals",
          .enabled(if: TestPaths.hasShared))
    func everyReleaseBuilds() throws {
        // (folder, own classes, labelled own classes): counted in the templates' rows.
        let expected: [(String, String, Int, Int)] = [
            ("1.0.0", "ontology/history/v1.0.0", 376, 375), ("1.1.0", "ontology/history/v1.1.0", 376, 375),
            ("1.2.0", "ontology/history/v1.2.0", 375, 374), ("1.3.0", "ontology/source", 505, 505),
        ]
        for (version, folder, classes, labelled) in expected {
            let argument = version == "1.3.0" ? "1.3.0=" + TestPaths.shared(folder) : TestPaths.shared(folder)
            let built = try Self.release(argument)
            #expect(built.name == version)
            let own = built.ontology.ownClassIDs
            #expect(own.count == classes, "\(version)")
            #expect(own.filter { built.ontology.ontology[$0].label != nil }.count == labelled, "\(version)")
        }
        // 1.0.0's label, renamed in 1.1.0.
        #expect(Self.label(try Self.release(TestPaths.shared("ontology/history/v1.0.0")).ontology, "PaNET01146")
            == "photoemission microscopy")
        // v1.2.0 states parents in CI columns, by label: 'grazing incidence wide angle scattering' is under
        // 'grazing incidence diffraction' and 'wide angle x-ray scattering'.
        let v120 = try Self.release(TestPaths.shared("ontology/history/v1.2.0")).ontology
        let gi = try #require(v120.ontology.classID(of: Self.panet + "PaNET01316"))
        #expect(v120.assertedHierarchy.parents[Int(gi)].map { v120.ontology[$0].iri }.sorted()
            == [Self.panet + "PaNET01098", Self.panet + "PaNET01191"])
        // v1.1.0 has individuals: a TYPE naming a class and an `I 'hasTechnique'` assertion.
        let v110 = try TemplateBuilder.build(
            templatePath: TestPaths.shared("ontology/history/v1.1.0/PaNET.csv"),
            options: TemplateBuildOptions(metadataPath: TestPaths.shared("ontology/history/v1.1.0/PaNET_metadata.ttl"),
                                          lenientHeader: true))
        let technique = Self.panet + "myARPEStechnique", data = Self.panet + "my_ARPES_data"
        #expect(v110.triples.contains(Triple(.iri(technique), .iri(RDF.type), .iri(Self.panet + "PaNET01089"))))
        #expect(v110.triples.contains(Triple(.iri(technique), .iri(RDF.type), .iri(OWL.NamedIndividual))))
        #expect(v110.triples.contains(Triple(.iri(data), .iri(Self.panet + "hasTechnique"), .iri(technique))))
    }

    @Test("the 1.3.0 source builds the classes, labels, synonyms and parents of the released PaNET.owl",
          .enabled(if: TestPaths.hasShared))
    func sourceMatchesRelease() throws {
        let built = try Self.release("1.3.0=" + TestPaths.shared("ontology/source")).ontology
        let released = try ClassifiedOntology.load(path: TestPaths.shared("ontology/PaNET.owl"), useCache: false)
        #expect(ReleaseHistory.snapshot(of: built) == ReleaseHistory.snapshot(of: released))
    }

    @Test("a header string with raw line breaks is refused with a hint, or read with a warning naming its line")
    func lenientHeader() throws {
        let header = try TestPaths.writeTemporaryFile("""
            @prefix owl: <http://www.w3.org/2002/07/owl#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . # a comment with a " quote
            <http://example.org/o#> a owl:Ontology ;
                rdfs:comment "first line
            second line" ;
                rdfs:label \"\"\"long
            string\"\"\" .

            """, named: "header-line-breaks.ttl")
        let template = try TestPaths.writeTemporaryFile("ID,Label\nID,LABEL\nex:a,alpha\n", named: "template-header.csv")
        let strict = TemplateBuildOptions(metadataPath: header, prefixes: [("ex", "http://example.org/")])
        let error = #expect(throws: RDFParsingError.self) { try TemplateBuilder.build(templatePath: template, options: strict) }
        guard case .syntax(let source, let line, _, let message)? = error else {
            Issue.record("expected a syntax error, got \(String(describing: error))")
            return
        }
        #expect(source == header && line == 4)
        #expect(message.contains("--lenient"))

        var lenient = strict
        lenient.lenientHeader = true
        let build = try TemplateBuilder.build(templatePath: template, options: lenient)
        #expect(build.warnings.map { "\($0.source ?? ""):\($0.row ?? 0)" } == ["\(header):4"])
        let comment = Triple(.iri("http://example.org/o#"), .iri(RDFS.comment), .literal("first line\nsecond line"))
        let label = Triple(.iri("http://example.org/o#"), .iri(RDFS.label), .literal("long\nstring"))
        #expect(build.triples.contains(comment) && build.triples.contains(label))
    }

    @Test("a ROBOT CI column takes a label or CURIE as subclass or equivalent per CLASS_TYPE")
    func classIRIColumns() throws {
        let template = try TestPaths.writeTemporaryFile("""
            ID,Label,Type,Parent,Parent
            ID,A rdfs:label,CLASS_TYPE,CI,CI
            ex:a,alpha,,,
            ex:b,beta,subclass,alpha,
            ex:c,gamma,equivalent,alpha,ex:b
            ,note without an ID,,,

            """, named: "template-ci.csv")
        let build = try TemplateBuilder.build(templatePath: template, options: TemplateBuildOptions(prefixes: [("ex", "http://example.org/")]))
        let expected = """
            @prefix ex: <http://example.org/> .
            @prefix owl: <http://www.w3.org/2002/07/owl#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            ex:a a owl:Class ; rdfs:label "alpha" .
            ex:b a owl:Class ; rdfs:label "beta" ; rdfs:subClassOf ex:a .
            ex:c a owl:Class ; rdfs:label "gamma" ;
                owl:equivalentClass [ a owl:Class ; owl:intersectionOf ( ex:a ex:b ) ] .
            """
        let want = try TripleStore(loading: .text(expected, name: "expected.ttl"), format: .turtle).triples()
        #expect(GraphIsomorphism.areIsomorphic(build.triples, want), "got:\n\(NTriplesWriter.string(build.triples))")
        #expect(build.warnings.map(\.row) == [6])

        // A TYPE that is not an entity type names the class of an individual; a misspelt OWL type is an error.
        let typo = try TestPaths.writeTemporaryFile("ID,Type\nID,TYPE\nex:a,owl:Clas\n", named: "template-type.csv")
        #expect(throws: CuratorError.invalidCell(source: typo, row: 3, column: 2, header: "Type", value: "owl:Clas",
                                                 message: "unknown entity type; use owl:Class, owl:ObjectProperty, "
                                                     + "owl:DatatypeProperty, owl:AnnotationProperty, owl:NamedIndividual or a class")) {
            try TemplateBuilder.build(templatePath: typo, options: TemplateBuildOptions(prefixes: [("ex", "http://example.org/")]))
        }
    }

    @Test("the history of the releases tells a relabelled class's changes and finds it by its former label",
          .enabled(if: TestPaths.hasShared))
    func relabelledClass() throws {
        var history = ReleaseHistory()
        for folder in ["v1.0.0", "v1.1.0"] {
            let built = try Self.release(TestPaths.shared("ontology/history/" + folder))
            history.append(release: built.name, classes: ReleaseHistory.snapshot(of: built.ontology))
        }
        let iri = Self.panet + "PaNET01146"
        #expect(history.iris(named: "photoemission microscopy") == [iri])
        #expect(history.iris(named: "PaNET01146") == [iri])
        #expect(history.iris(named: "no such technique").isEmpty)
        let changes = history.changes(of: iri)
        #expect(changes.first == HistoryChange(release: "1.0.0", kind: .added, old: nil, new: "photoemission microscopy"))
        #expect(changes.contains(HistoryChange(release: "1.1.0", kind: .relabelled, old: "photoemission microscopy",
                                               new: "photoemission electron microscopy")))
        #expect(history.changes(of: Self.panet + "PaNET01146-unknown").isEmpty)
        // The file form reads back to the same history.
        #expect(try ReleaseHistory(tsv: history.tsv(), source: "h.tsv") == history)
    }

    @Test("the history file keeps runs of unchanged releases in one row and escapes its cells")
    func fileFormat() throws {
        var history = ReleaseHistory()
        let a = ReleasedClass(label: "a|b\tc\\d", synonyms: ["x", "y|z"], parents: ["http://e.org/P"])
        history.append(release: "1.0", classes: ["http://e.org/A": a])
        history.append(release: "1.1", classes: ["http://e.org/A": a])
        history.append(release: "2.0", classes: ["http://e.org/A": ReleasedClass(label: "a", isDeprecated: true,
                                                                                  replacedBy: ["http://e.org/B"])])
        let text = history.tsv()
        #expect(text == """
            #panet-history\t1
            #releases\t1.0\t1.1\t2.0
            iri\treleases\tlabel\tsynonyms\tparents\tdeprecated\treplaced_by
            http://e.org/A\t1.0|1.1\ta\\|b\\tc\\\\d\tx|y\\|z\thttp://e.org/P\t\t
            http://e.org/A\t2.0\ta\t\t\ttrue\thttp://e.org/B

            """)
        #expect(try ReleaseHistory(tsv: text, source: "h.tsv") == history)
        #expect(throws: CuratorError.csvSyntax(source: "h.tsv", line: 5, column: 2, message: "unknown release '3.0'")) {
            try ReleaseHistory(tsv: text.replacingOccurrences(of: "\t2.0\ta", with: "\t3.0\ta"), source: "h.tsv")
        }
        #expect(throws: CuratorError.self) { try ReleaseHistory(tsv: "#panet-history\t2\n", source: "h.tsv") }
    }
}
