import Foundation
@testable import MappingKit
import RDFModel
import RDFParsing
import RDFStore
import Testing
import TestSupport

@Suite struct SSSOMWriterTests {
    /// The mappings without their line numbers (which differ between shapes).
    func content(_ set: MappingSet) -> [[String: String]] { set.mappings.map(\.values) }

    @Test("TSV -> JSON -> TSV keeps mappings, metadata and prefixes", arguments: ["mapping_WFL.csv", "mapping_IUPAC.csv"])
    func roundTripThroughJSON(file: String) throws {
        let original = try SSSOMReader.read(path: TestPaths.shared("mappings/" + file))
        let json = try SSSOMReader.parse(SSSOMWriter.json(original), source: "x.json")
        let tsv = try SSSOMReader.parse(SSSOMWriter.tsv(json), source: "x.sssom.tsv")
        #expect(content(json) == content(original))
        #expect(content(tsv) == content(original))
        #expect(tsv.metadata.map(\.0) == original.metadata.map(\.0))
        #expect(tsv.metadataValue("mapping_set_version") == original.metadataValue("mapping_set_version"))
        #expect(tsv.curieMap.map(\.prefix) == original.curieMap.map(\.prefix))
        #expect(tsv.curieMap.map(\.namespace) == original.curieMap.map(\.namespace))
        // Stray whitespace in cells survives the trip (it is the validator's job to report it).
        #expect(tsv.mappings.contains { $0["object_label"].hasSuffix(" ") } == original.mappings.contains { $0["object_label"].hasSuffix(" ") })
    }

    @Test("JSON: multivalued slots are lists, confidence a number, each mapping's line kept")
    func jsonShape() throws {
        let set = try SSSOMReader.parse(miniHeader + "ex:A\talpha\tskos:exactMatch\twd:1\tone\tsemapv:ManualMappingCuration\t0.75\n",
                                        source: "t.tsv")
        var withAuthors = set
        withAuthors.mappings[0].values["author_id"] = "orcid:1|orcid:2"
        let text = SSSOMWriter.json(withAuthors)
        #expect(text.contains("\"author_id\":[\"orcid:1\",\"orcid:2\"]"))
        #expect(text.contains("\"confidence\":0.75"))
        let back = try SSSOMReader.parse(text, source: "t.json")
        #expect(back.mappings[0]["author_id"] == "orcid:1|orcid:2")
        #expect(back.mappings[0].line == 6)  // {, curie_map, 2 metadata lines, "mappings": [, then the mapping
    }

    @Test("TSV columns follow the SSSOM slot order; values needing quotes are quoted in the header")
    func tsvOrderAndQuoting() throws {
        var set = MappingSet(source: "s", curieMap: [("x", "http://x/")], metadata: [("comment", .scalar("a: b")), ("v", .scalar("1.0"))])
        set.mappings = [Mapping(line: 1, values: ["confidence": "1", "object_id": "x:2", "subject_id": "x:1",
                                                  "predicate_id": "skos:exactMatch", "mapping_justification": "semapv:LexicalMatching"])]
        let text = SSSOMWriter.tsv(set)
        #expect(text == """
            #curie_map:
            #  x: http://x/
            #comment: 'a: b'
            #v: '1.0'
            subject_id\tpredicate_id\tobject_id\tmapping_justification\tconfidence
            x:1\tskos:exactMatch\tx:2\tsemapv:LexicalMatching\t1

            """)
        let back = try SSSOMReader.parse(text, source: "s.tsv")
        #expect(back.metadataValue("comment") == "a: b" && back.metadataValue("v") == "1.0")
    }

    @Test("RDF: the mapping triple plus an owl:Axiom with justification, confidence and author")
    func rdfTriples() throws {
        var set = try SSSOMReader.parse(miniHeader + "ex:A\talpha\towl:equivalentClass\twd:1\tone\tsemapv:ManualMappingCuration\t0.9\nEX:B\tb\tskos:exactMatch\twd:2\ttwo\tsemapv:ManualMappingCuration\t1\n",
                                        source: "t.tsv")
        set.mappings[0].values["author_id"] = "orcid:0000-0001"
        let (triples, skipped) = SSSOMWriter.triples(set)
        #expect(skipped.map(\.line) == [9])
        let store = try TripleStore(loading: .text(NTriplesWriter.string(triples), name: "t.nt"), format: .nTriples)
        let a = "http://example.org/onto/A", w1 = "http://example.org/other/1"
        #expect(store.triples(subject: Term.iri(a), predicate: Term.iri(OWL.namespace + "equivalentClass")).map { $0.object } == [Term.iri(w1)])
        let sources: [Triple] = store.triples(predicate: Term.iri(OWL.namespace + "annotatedSource"), object: Term.iri(a))
        let axiom: Term = try #require(sources.first?.subject)
        func value(_ slot: String) -> [Term] {
            store.triples(subject: axiom, predicate: Term.iri("https://w3id.org/sssom/" + slot)).map { $0.object }
        }
        let types: [Term] = store.triples(subject: axiom, predicate: Term.iri(RDF.type)).map { $0.object }
        #expect(types == [Term.iri(OWL.Axiom)])
        #expect(value("mapping_justification") == [.iri("https://w3id.org/semapv/vocab/ManualMappingCuration")])
        #expect(value("confidence") == [.literal("0.9", datatype: XSD.double)])
        #expect(value("author_id") == [.iri("https://orcid.org/0000-0001")])
        #expect(value("subject_label") == [.literal("alpha")])
    }

    @Test("JUnit: one testsuite per file, one testcase per rule, failures list the findings")
    func junit() throws {
        let findings = try findings("EX:A\talpha \tskos:exactMatch\twd:1\tone\tsemapv:ManualMappingCuration\t1\n")
        let xml = MappingFinding.junit([(file: "t.sssom.tsv", findings: findings), (file: "clean.tsv", findings: [])])
        #expect(xml.components(separatedBy: "<testsuite ").count - 1 == 2)
        #expect(xml.components(separatedBy: "<testcase ").count - 1 == 2 * MappingRule.allCases.count)
        #expect(xml.contains("<testsuite name=\"t.sssom.tsv\" tests=\"\(MappingRule.allCases.count)\" failures=\"1\" errors=\"0\">"))
        #expect(xml.contains("<failure message=\"1 error\" type=\"undeclared_prefix\">t.sssom.tsv:8: error: prefix 'EX' of subject_id 'EX:A' is not declared (prefixes are case-sensitive); fix: write 'ex:A'</failure>"))
        #expect(xml.contains("<system-out>t.sssom.tsv:8: warning: subject_label 'alpha ' has leading or trailing whitespace; fix: write 'alpha'</system-out>"))
        #expect(xml.contains("<testsuite name=\"clean.tsv\" tests=\"\(MappingRule.allCases.count)\" failures=\"0\" errors=\"0\">"))
    }
}
