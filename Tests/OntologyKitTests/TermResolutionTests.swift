import OntologyKit
import RDFParsing
import RDFStore
import TestSupport
import Testing

@Suite("Term resolution and search on PaNET")
struct TermResolutionTests {
    static let kb: ClassifiedOntology? = try? ClassifiedOntology.load(path: TestPaths.bundledOntology, useCache: false)

    func resolve(_ text: String) throws -> (String, MatchKind) {
        let kb = try #require(Self.kb)
        let match = try #require(kb.resolver.resolve(text), "'\(text)' did not resolve")
        return (kb.ontology[match.classID].shortID, match.kind)
    }

    @Test("IRIs, CURIEs, ids, labels and synonyms all resolve", arguments: [
        ("http://purl.org/pan-science/PaNET/PaNET01188", "PaNET01188", MatchKind.iri),
        ("https://purl.org/pan-science/PaNET/PaNET01188", "PaNET01188", .iri),
        ("<http://purl.org/pan-science/PaNET/PaNET01188/>", "PaNET01188", .iri),
        ("https://w3id.org/pan-science/PaNET/PaNET01188", "PaNET01188", .iri),
        ("PaNET:PaNET01188", "PaNET01188", .curie),
        ("PaNET01188", "PaNET01188", .id),
        ("panet2020018", "PaNET2020018", .id),
        ("small angle x-ray scattering", "PaNET01188", .label),
        ("  Small-Angle   X-ray  Scattering ", "PaNET01188", .label),
        ("SAXS", "PaNET01188", .synonym),
        ("saxs", "PaNET01188", .synonym),
    ])
    func forms(_ text: String, _ expectedID: String, _ kind: MatchKind) throws {
        let (id, matchedKind) = try resolve(text)
        #expect(id == expectedID)
        #expect(matchedKind == kind)
    }

    @Test("a label shared by a technique and its specifier resolves to the technique and says it is ambiguous")
    func ambiguousLabel() throws {
        let kb = try #require(Self.kb)
        let match = try #require(kb.resolver.resolve("diffraction"))
        #expect(kb.ontology[match.classID].shortID == "PaNET01022")
        #expect(match.isAmbiguous)
        #expect(match.alternatives.map { kb.ontology[$0].shortID }.contains("PaNET2020018"))
        #expect(kb.resolver.resolveAll("diffraction").count >= 2)
    }

    @Test("every PaNET short id, as written and lower-cased, resolves to its class alone")
    func everyShortID() throws {
        let kb = try #require(Self.kb)
        for id in kb.ontology.classIDs {
            let shortID = kb.ontology[id].shortID
            for text in [shortID, shortID.lowercased()] {
                let match = try #require(kb.resolver.resolve(text), "'\(text)' did not resolve")
                #expect(match.classID == id && match.kind == .id && match.alternatives.isEmpty, "\(text)")
            }
        }
    }

    @Test("a short id two namespaces share stays ambiguous; one that reads as a CURIE resolves as one")
    func sharedShortIDs() throws {
        let turtle = """
            @prefix owl: <http://www.w3.org/2002/07/owl#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix a: <http://example.org/a/> .
            @prefix b: <http://example.org/b/> .
            a:X1 a owl:Class ; rdfs:label "first" .
            b:X1 a owl:Class ; rdfs:label "second" .
            b:Y2 a owl:Class .
            <http://example.org/c/b:Y2> a owl:Class .
            """
        let store = try TripleStore(loading: .text(turtle, name: "shared.ttl"), format: .turtle)
        let kb = ClassifiedOntology(ontology: Ontology(store: store))
        let shared = try #require(kb.resolver.resolve("X1"))
        #expect(shared.kind == .id && shared.alternatives.count == 1)
        #expect(Set([shared.classID] + shared.alternatives).map { kb.ontology[$0].iri }.sorted()
                == ["http://example.org/a/X1", "http://example.org/b/X1"])
        let curie = try #require(kb.resolver.resolve("b:Y2"))
        #expect(curie.kind == .curie && kb.ontology[curie.classID].iri == "http://example.org/b/Y2")
    }

    @Test("unknown, empty and foreign terms do not resolve; unknown ones get suggestions")
    func unknown() throws {
        let kb = try #require(Self.kb)
        #expect(kb.resolver.resolve("") == nil)
        #expect(kb.resolver.resolve("http://purl.obolibrary.org/obo/GO_0008150") == nil)
        #expect(throws: OntologyError.emptyTerm) { _ = try kb.resolve("   ") }
        do {
            _ = try kb.resolve("difraction")
            Issue.record("a misspelling must not resolve")
        } catch OntologyError.unknownTerm(_, let suggestions) {
            #expect(suggestions.first?.contains("PaNET01022") == true)
        }
    }

    @Test("ranked search puts exact matches first and tolerates typos", arguments: [
        ("SAXS", "PaNET01188"),
        ("small angle x-ray scattering", "PaNET01188"),
        ("difraction", "PaNET01022"),
        ("small angel scattering", "PaNET01124"),
        ("x-ray powder diff", "PaNET01101"),
    ])
    func search(_ query: String, _ expectedFirst: String) throws {
        let kb = try #require(Self.kb)
        let hits = kb.search.search(query, limit: 5)
        #expect(hits.first.map { kb.ontology[$0.classID].shortID } == expectedFirst, "\(hits.map { kb.ontology[$0.classID].shortID })")
        #expect(hits.map(\.score) == hits.map(\.score).sorted(by: >))
    }

    @Test("exact label outranks prefix, which outranks fuzzy")
    func tiers() throws {
        let kb = try #require(Self.kb)
        let exact = try #require(kb.search.search("diffraction", limit: 1).first)
        let prefix = try #require(kb.search.search("diffrac", limit: 1).first)
        let fuzzy = try #require(kb.search.search("difraction", limit: 1).first)
        #expect(exact.reason == .exactLabel && prefix.reason == .prefix && fuzzy.reason == .fuzzy)
        #expect(exact.score > prefix.score && prefix.score > fuzzy.score)
    }
}
