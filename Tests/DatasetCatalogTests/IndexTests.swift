import DatasetCatalog
import Foundation
import GRDB
import OntologyKit
import Testing
import TestSupport

@Suite("Dataset index and query expansion")
struct IndexTests {
    let annotator = RecordAnnotator(ontology: Fixtures.panet)

    func buildIndex() throws -> (DatasetIndex, URL, AnnotationSummary) {
        let directory = try TestPaths.temporaryDirectory()
        let index = try DatasetIndex(path: directory.appendingPathComponent("index.db").path)
        let summary = try BatchAnnotation(annotator: annotator).run(
            inputs: [TestPaths.shared("records/scicatlive_seed_Dataset.json"), TestPaths.shared("records/panosc-search-api_mock_db.json"),
                     Fixtures.path("datacite.xml")],
            format: nil, output: nil, index: index, note: { _ in }, report: { _ in })
        #expect(summary.failed == 1)
        #expect(summary.deleted == 1)
        return (index, directory, summary)
    }

    @Test("Round trip: 'small angle scattering' finds SAXS and SANS records through the closure")
    func closureLookup() throws {
        let (index, directory, summary) = try buildIndex()
        defer { try? FileManager.default.removeItem(at: directory) }
        let hits = try index.datasets(technique: "PaNET01124")
        let ids = Set(hits.map(\.id))
        #expect(ids.contains("PID.SAMPLE.PREFIX/soleil_ds1"))
        #expect(ids.contains("PID.SAMPLE.PREFIX/ukri_ds1"))
        #expect(ids.contains("20.500.12269/panosc-dataset1"))
        #expect(ids.contains("oai:x:datacite"))
        #expect(!ids.contains("PID.SAMPLE.PREFIX/psi_ds1"))
        #expect(hits.first { $0.id == "PID.SAMPLE.PREFIX/soleil_ds1" }?.techniques == ["PaNET01188"])
        #expect(try index.datasets(technique: "PaNET01124", limit: 2).count == 2)
        #expect(try index.datasets(technique: "PaNET01124", limit: 2, offset: 1).first?.id == hits[1].id)
        #expect(try index.ontologyVersion() == "1.3.0")
        // Every record sits under the root.
        #expect(try index.datasets(technique: "PaNET00001").count == summary.annotated)
        #expect(try index.recordCount() == summary.annotated + summary.unmatched)
    }

    @Test("Writes are transactional: a failing batch leaves nothing behind")
    func transactional() throws {
        let (index, directory, _) = try buildIndex()
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = try index.recordCount()
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try index.write { writer in
                let record = try #require(JSONRecordReader.records(in: #"{"pid":"new","techniques":["SAXS"]}"#, source: "t").first)
                try writer.store(record, annotator.annotate(record), annotator: annotator)
                throw Stop()
            }
        }
        #expect(try index.recordCount() == before)
    }

    @Test("Reindex with another ontology release updates every record")
    func reindexAfterNewRelease() throws {
        let (index, directory, _) = try buildIndex()
        defer { try? FileManager.default.removeItem(at: directory) }
        let older = try ClassifiedOntology.load(path: TestPaths.shared("ontology/previous/PaNET-v1.1.1.owl"))
        let oldAnnotator = RecordAnnotator(ontology: older)
        let result = try index.reindex(with: oldAnnotator)
        #expect(result.count == (try index.recordCount()))
        #expect(result.failures.isEmpty)
        #expect(try index.ontologyVersion() == oldAnnotator.ontologyVersion)
        let annotation = try #require(try index.annotation(of: "PID.SAMPLE.PREFIX/soleil_ds1", annotator: oldAnnotator))
        #expect(annotation.contains("\"ontology_version\":\(JSONValue.string(oldAnnotator.ontologyVersion).jsonText)"))
        #expect(try index.datasets(technique: "PaNET01188").contains { $0.id == "PID.SAMPLE.PREFIX/soleil_ds1" })
        _ = try index.reindex(with: annotator)
        #expect(try index.ontologyVersion() == "1.3.0")
    }

    @Test("The index takes well under 1 KB a record (the record, its closure and the hit columns)")
    func compactIndex() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("size.db").path
        let terms = ["PaNET01188", "PaNET01189", "PaNET01129", "PaNET01212", "PaNET01227", "PaNET01100", "PaNET01196"]
        var lines = ""
        var withSAXS = 0
        for number in 0..<2_000 {
            let picked = (0...(number % 3)).map { terms[(number * 7 + $0 * 3) % terms.count] }
            if picked.contains("PaNET01188") { withSAXS += 1 }
            let references = picked.map { #"{"pid":"http://purl.org/pan-science/PaNET/\#($0)"}"# }.joined(separator: ",")
            lines += #"{"pid":"ds-\#(number)","title":"Dataset \#(number)","techniques":[\#(references)]}"# + "\n"
        }
        let input = directory.appendingPathComponent("records.jsonl").path
        try lines.write(toFile: input, atomically: false, encoding: .utf8)
        let index = try DatasetIndex(path: path)
        let summary = try BatchAnnotation(annotator: annotator).run(
            inputs: [input], format: nil, output: nil, index: index, note: { _ in }, report: { _ in })
        #expect(summary.annotated == 2_000)
        let bytes = try DatabaseQueue(path: path).read { db in
            try Int.fetchOne(db, sql: "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()") ?? 0
        }
        #expect(bytes / 2_000 < 1_000, "\(bytes / 2_000) bytes a record")
        #expect(try index.datasets(technique: "PaNET01188").count == withSAXS)
    }

    @Test("Expansion formats")
    func expansionFormats() throws {
        let expansion = QueryExpansion(ontology: Fixtures.panet)
        let ids = try expansion.expand(term: "small angle scattering")
        let short = ids.map { Fixtures.panet.ontology[$0].shortID }
        #expect(short.first == "PaNET01124")
        #expect(short.contains("PaNET01188") && short.contains("PaNET01189"))
        let es = expansion.elasticsearchQuery(ids, field: "techniques.pid", form: .iri).jsonText
        #expect(es.hasPrefix(#"{"query":{"terms":{"techniques.pid":["http://purl.org/pan-science/PaNET/PaNET01124","#))
        #expect(expansion.loopBackFilter(Array(ids.prefix(1)), form: .id).jsonText == #"{"pid":{"inq":["PaNET01124"]}}"#)
        #expect(throws: DatasetCatalogError.self) { try expansion.expand(term: "no such technique at all") }
    }

    @Test("Expansions worked out up front equal those walked on demand, with equivalent and unsatisfiable classes")
    func precomputedExpansion() throws {
        let turtle = """
            @prefix : <http://e/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            :A a owl:Class . :B a owl:Class . :C a owl:Class . :D a owl:Class . :E a owl:Class . :F a owl:Class .
            :B rdfs:subClassOf :A . :C owl:equivalentClass :B . :D rdfs:subClassOf :C . :E rdfs:subClassOf :D , owl:Nothing .
            :F rdfs:subClassOf :F .
            """
        let small = try ClassifiedOntology.load(path: try TestPaths.writeTemporaryFile(turtle, named: "small.ttl"), useCache: false)
        for kb in [Fixtures.panet, small] {
            let walked = QueryExpansion(ontology: kb), precomputed = QueryExpansion(ontology: kb, precomputed: true)
            for id in kb.ontology.classIDs {
                #expect(precomputed.expand(id) == walked.expand(id), "\(kb.ontology[id].shortID)")
            }
        }
    }

    @Test("LoopBack where on name and pid: eq, neq, and, or, inq")
    func loopBackWhere() throws {
        let expansion = QueryExpansion(ontology: Fixtures.panet)
        func rewrite(_ text: String) throws -> String {
            try expansion.rewriteWhere(JSONValue.parse(text), form: .id).jsonText
        }
        let saxs = try expansion.expand(term: "SAXS").map { Fixtures.panet.ontology[$0].shortID }.sorted()
        let list = "[" + saxs.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        #expect(try rewrite(#"{"name":"SAXS"}"#) == #"{"pid":{"inq":\#(list)}}"#)
        #expect(try rewrite(#"{"name":{"eq":"small angle x-ray scattering"}}"#) == #"{"pid":{"inq":\#(list)}}"#)
        #expect(try rewrite(#"{"pid":"http://purl.org/pan-science/PaNET/PaNET01188"}"#) == #"{"pid":{"inq":\#(list)}}"#)
        #expect(try rewrite(#"{"pid":{"neq":"PaNET01188"}}"#) == #"{"pid":{"nin":\#(list)}}"#)
        #expect(try rewrite(#"{"or":[{"name":"SAXS"},{"pid":{"neq":"PaNET01188"}}]}"#)
            == #"{"or":[{"pid":{"inq":\#(list)}},{"pid":{"nin":\#(list)}}]}"#)
        let and = try rewrite(#"{"and":[{"name":"small angle scattering"},{"name":"SAXS"}]}"#)
        #expect(and.hasPrefix(#"{"and":[{"pid":{"inq":["#) && and.hasSuffix(#"{"pid":{"inq":\#(list)}}]}"#))
        #expect(try rewrite(#"{"name":"PaNET01188"}"#) == #"{"pid":{"inq":[]}}"#)
        #expect(try rewrite(#"{"name":"nothing like this"}"#) == #"{"pid":{"inq":[]}}"#)
        #expect(try rewrite(#"{"name":{"inq":["SAXS"]}}"#) == #"{"pid":{"inq":\#(list)}}"#)
        #expect(throws: DatasetCatalogError.self) { try rewrite(#"{"title":"x"}"#) }
        #expect(throws: DatasetCatalogError.self) { try rewrite(#"{"name":{"like":"x"}}"#) }
    }

    @Test("Synonym export: equivalents, and mappings to sub-techniques with --children")
    func synonymExport() throws {
        let plain = SynonymExport.synonyms(Fixtures.panet, children: false)
        #expect(plain.contains("\nsmall angle x-ray scattering, saxs"))
        let children = SynonymExport.synonyms(Fixtures.panet, children: true)
        let line = try #require(children.split(separator: "\n").first { $0.hasPrefix("small angle scattering, ") })
        #expect(line.contains(" => ") && line.contains("saxs") && line.contains("small angle neutron scattering"))
    }
}
