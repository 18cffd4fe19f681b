import DatasetCatalog
import Foundation
import OntologyKit
import Testing
import TestSupport

@Suite("Record readers and matching")
struct ReaderTests {
    let annotator = RecordAnnotator(ontology: Fixtures.panet)

    @Test("PaNOSC mock database: datasets joined with techniques via panetId")
    func panoscMockDatabase() throws {
        let (records, failures) = try Fixtures.read(TestPaths.shared("records/panosc-search-api_mock_db.json"))
        #expect(failures.isEmpty)
        #expect(records.count == 4)
        let first = try #require(records.first { $0.id == "20.500.12269/panosc-dataset1" })
        #expect(Fixtures.techniqueIDs(first, annotator: annotator) == ["PaNET01189"])
        let annotation = annotator.annotate(first)
        #expect(annotation.techniques.first?.kind == .iri)
        #expect(annotation.techniques.first?.field == "techniques.panetId")
    }

    @Test("SciCat seed: short-id pids, path names, no unmatched noise")
    func scicatSeed() throws {
        let (records, failures) = try Fixtures.read(TestPaths.shared("records/scicatlive_seed_Dataset.json"))
        #expect(failures.isEmpty)
        #expect(records.count == 19)
        let soleil = try #require(records.first { $0.id == "PID.SAMPLE.PREFIX/soleil_ds1" })
        #expect(Fixtures.techniqueIDs(soleil, annotator: annotator) == ["PaNET01188"])
        for record in records { #expect(annotator.annotate(record).unmatched.isEmpty, "\(record.id)") }
    }

    @Test("technique members: strings, objects in key order, numbers, first of duplicate keys, nested arrays, junk ignored")
    func techniqueMemberShapes() throws {
        let text = #"""
            {"pid": "ds", "techniques": [
                "PaNET01188",
                {"name": "x-ray diffraction", "pid": "PaNET01100", "pid": "ignored", "extra": {"pid": "nested"}},
                [[{"iri": {"not": "scalar"}, "iri": "later", "termCode": 1200}]],
                {"label": ""}, 7, null, true, ""
            ], "technique": {"url": "http://purl.org/pan-science/PaNET/PaNET01189"}}
            """#
        let record = try #require(try JSONRecordReader.records(in: text, source: "t.json").first)
        let candidates = record.references.map { $0.candidates.map { "\($0.field)=\($0.text)" } }
        #expect(candidates == [
            ["techniques=PaNET01188"],
            ["techniques.pid=PaNET01100", "techniques.name=x-ray diffraction"],
            ["techniques.termCode=1200"],
            ["technique.url=http://purl.org/pan-science/PaNET/PaNET01189"],
        ])
        #expect(record.references.allSatisfy { $0.strength == .technique })
        #expect(throws: DatasetCatalogError.self) {
            _ = try JSONRecordReader.records(in: #"{"techniques": [{"pid": "a"} {"pid": "b"}]}"#, source: "bad.json")
        }
    }

    @Test("HZB DataCite record: technique only in the abstract is found as text")
    func hzbFreeText() throws {
        let (records, _) = try Fixtures.read(TestPaths.shared("records/hzb_oai_datacite_record.xml"))
        let record = try #require(records.first)
        #expect(record.format == .oaiDatacite)
        #expect(record.datestamp == "2023-05-08T10:30:43Z")
        let found = annotator.annotate(record)
        #expect(found.techniques.map { annotator.ontology.ontology[$0.classID].label } == ["neutron diffraction"])
        #expect(found.techniques.first?.field == "description")
    }

    @Test("ESS and SciCat panosc OAI records read without techniques")
    func recordsWithoutTechniques() throws {
        for name in ["ess_oai_datacite_record.xml", "scicat-oai-provider_panosc_ListRecords.xml", "scicat-oai-provider_panosc_GetRecord.xml"] {
            let (records, failures) = try Fixtures.read(TestPaths.shared("records/\(name)"))
            #expect(failures.isEmpty, "\(name)")
            #expect(records.count == 1, "\(name)")
            #expect(annotator.annotate(records[0]).techniques.isEmpty)
        }
        let (panosc, _) = try Fixtures.read(TestPaths.shared("records/scicat-oai-provider_panosc_GetRecord.xml"))
        #expect(panosc.first?.format == .oaiPanosc)
    }

    @Test("OAI fixture: valueURI, plain subjects, oai_dc, panosc, deleted, broken record mid-batch")
    func oaiFixture() throws {
        let (records, failures) = try Fixtures.read(Fixtures.path("datacite.xml"))
        #expect(records.map(\.id) == ["oai:x:datacite", "oai:x:dc", "oai:x:panosc", "oai:x:gone", "oai:x:text"])
        #expect(failures.count == 1)
        #expect(failures.first?.position == "line 20")
        let datacite = annotator.annotate(records[0])
        #expect(datacite.techniques.map { annotator.ontology.ontology[$0.classID].shortID } == ["PaNET01188", "PaNET01129"])
        #expect(datacite.techniques.first?.kind == .iri)
        #expect(datacite.unmatched == ["Magnetism"])
        #expect(records[1].format == .oaiDC)
        #expect(Fixtures.techniqueIDs(records[1], annotator: annotator) == ["PaNET01227"])
        #expect(Fixtures.techniqueIDs(records[2], annotator: annotator) == ["PaNET01212"])
        #expect(records[3].isDeleted)
        // Free text: the specific mention wins over the general one, lower-case 'saxs' is not the acronym.
        let text = annotator.annotate(records[4]).techniques.map { annotator.ontology.ontology[$0.classID].label ?? "" }
        #expect(text == ["neutron diffraction"])
    }

    @Test("JSON Lines: IRIs, https/w3id, handles with panetId, paths, labels, synonyms, broken line")
    func jsonLines() throws {
        let (records, failures) = try Fixtures.read(Fixtures.path("records.jsonl"))
        #expect(records.map(\.id) == ["ds-1", "ds-2", "ds-4", "ds-5", "ds-6", "ds-7"])
        let failure = try #require(failures.first)
        #expect(failures.count == 1)
        #expect(failure.description.contains("records.jsonl:3:"))
        let ids = records.map { Fixtures.techniqueIDs($0, annotator: annotator) }
        #expect(ids[0] == ["PaNET01188"])
        #expect(ids[1] == ["PaNET01189", "PaNET01129"])
        #expect(ids[2] == ["PaNET01188"])
        #expect(ids[3] == ["PaNET01188"])
        let six = annotator.annotate(records[4])
        #expect(six.unmatched == ["quantum tea leaf reading", "proteins"])
        #expect(six.techniques.map(\.kind) == [.synonym])
        #expect(ids[5] == ["PaNET01189", "PaNET01196"] || ids[5].count == 2)
        #expect(annotator.annotate(records[5]).techniques.map(\.kind) == [.label, .synonym])
    }

    @Test("JSON array: a broken element is reported, the others read; schema.org measurementTechnique")
    func jsonArray() throws {
        let (records, failures) = try Fixtures.read(Fixtures.path("array.json"))
        #expect(records.map(\.id) == ["a-1", "a-3"])
        #expect(failures.count == 1)
        #expect(failures.first?.description.contains("array.json:3:") == true)
        #expect(Fixtures.techniqueIDs(records[1], annotator: annotator) == ["PaNET01212"])
    }

    @Test("XML parsing never loads external entities")
    func externalEntitiesAreNotResolved() throws {
        let (records, failures) = try Fixtures.read(Fixtures.path("xxe.xml"))
        #expect(records.map(\.id) == ["oai:x:ok"])
        #expect(failures.count == 1)
        let hostname = (try? String(contentsOfFile: "/etc/hostname", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "\u{0}"
        for record in records { #expect(!record.original.text.contains(hostname) || hostname.isEmpty) }
        // The parser is configured not to resolve external entities at all.
        let document = """
            <?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/hostname">]><record><header><identifier>i</identifier></header><metadata><resource><subjects><subject>&x;</subject></subjects></resource></metadata></record>
            """
        for result in XMLRecordReader.records(in: document, source: "inline") {
            if case .success(let record) = result {
                #expect(record.references.allSatisfy { $0.candidates.allSatisfy { !$0.text.contains(hostname) || hostname.isEmpty } })
            }
        }
        #expect(XMLRecordReader.parserResolvesExternalEntities == false)
    }

    @Test("Deprecated terms map to their replacement and are flagged")
    func deprecatedTerms() throws {
        let ontology = try ClassifiedOntology.load(path: Fixtures.path("deprecated.ttl"), useCache: false)
        let annotator = RecordAnnotator(ontology: ontology)
        let record = try #require(JSONRecordReader.records(in: #"{"pid":"d","techniques":["PaNET01009","retired technique"]}"#, source: "t").first)
        let annotation = annotator.annotate(record)
        #expect(annotation.techniques.map { ontology.ontology[$0.classID].shortID } == ["PaNET01002", "PaNET01010"])
        #expect(annotation.techniques[0].isDeprecated && annotation.techniques[0].replacedClass.map { ontology.ontology[$0].shortID } == "PaNET01009")
        #expect(annotation.techniques[1].isDeprecated && annotation.techniques[1].replacedClass == nil)
        let json = try Fixtures.json(annotator.annotatedRecordJSON(record, annotation))
        let panet = try #require(json["panet"] as? [String: Any])
        let techniques = try #require(panet["techniques"] as? [[String: Any]])
        #expect(techniques[0]["deprecated"] as? Bool == true)
        #expect((techniques[0]["replaced"] as? [String: Any])?["id"] as? String == "PaNET01009")
        #expect(panet["ontology_version"] as? String == "test-2")
    }

    @Test("Annotated record: input unchanged plus the panet object of DESIGN.md")
    func annotatedShape() throws {
        let input = #"{"pid":"x","n":1.50,"techniques":[{"pid":"PaNET01188","name":"SAXS"}]}"#
        let record = try #require(JSONRecordReader.records(in: input, source: "t").first)
        let line = annotator.annotatedRecordJSON(record, annotator.annotate(record))
        #expect(line.hasPrefix(String(input.dropLast()) + #","panet":{"techniques":[{"iri":"http://purl.org/pan-science/PaNET/PaNET01188","id":"PaNET01188","label":"small angle x-ray scattering","matched":"id","source":"PaNET01188""#))
        let json = try Fixtures.json(line)
        let panet = try #require(json["panet"] as? [String: Any])
        #expect(Set(panet.keys) == ["techniques", "ancestors", "unmatched", "ontology_version"])
        let ancestors = try #require(panet["ancestors"] as? [[String: Any]])
        let ancestorIDs = ancestors.compactMap { $0["id"] as? String }
        #expect(ancestorIDs.first == "PaNET00001")
        #expect(ancestorIDs.contains("PaNET01124"))
        #expect(!ancestorIDs.contains("PaNET01188"))
        #expect(ancestors.allSatisfy { Set($0.keys) == ["iri", "id", "label"] })
        #expect(panet["ontology_version"] as? String == "1.3.0")
        let withoutRoot = RecordAnnotator(ontology: Fixtures.panet, excludingRoot: true)
        #expect(!withoutRoot.annotate(record).ancestors.contains { Fixtures.panet.ontology[$0].shortID == "PaNET00001" })
        // Re-annotating replaces the earlier panet member.
        let again = try #require(JSONRecordReader.records(in: line, source: "t").first)
        let twice = annotator.annotatedRecordJSON(again, annotator.annotate(again))
        #expect(twice.components(separatedBy: "\"panet\"").count == 2)
    }
}
