@testable import DatasetCatalog
import Foundation
import Testing
import TestSupport

/// Inputs that are not what the readers expect are refused or reported, never passed over silently.
@Suite("Record shapes, malformed documents and size limits")
struct RecordShapeTests {
    let annotator = RecordAnnotator(ontology: Fixtures.panet)

    static let oaiHead = """
        <?xml version="1.0"?>
        <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
        <ListRecords>

        """

    static func oaiRecord(_ id: String, title: String = "T", body: String = "") -> String {
        "<record><header><identifier>\(id)</identifier><datestamp>2024-01-01</datestamp></header><metadata>"
            + "<resource xmlns=\"http://datacite.org/schema/kernel-4\"><titles><title>\(title)</title></titles>"
            + "\(body)<subjects><subject>SAXS</subject></subjects></resource></metadata></record>\n"
    }

    @Test("Items of an unknown shape are skipped and counted, with a note naming their members")
    func unknownShapesAreCounted() throws {
        let path = try TestPaths.writeTemporaryFile("""
            [{"document": {"title": "inside"}, "datasets": []},
             {"pid": "known", "techniques": ["SAXS"]},
             {"document": {}, "datasets": [1]}]
            """, named: "mixed.json")
        var notes: [String] = []
        let summary = try BatchAnnotation(annotator: annotator).run(
            inputs: [path], format: nil, output: nil, index: nil, note: { notes.append($0) }, report: { _ in })
        #expect(summary.read == 1 && summary.annotated == 1 && summary.skipped == 2 && summary.total == 3)
        #expect(notes == ["\(path): no record shape recognised in 2 of 3 items (the first, at line 1, has members document, "
            + "datasets); 1 records read, 2 skipped"])
        let empty = try TestPaths.writeTemporaryFile("", named: "empty.jsonl")
        notes = []
        #expect(throws: DatasetCatalogError.noRecords(inputs: [empty])) {
            try BatchAnnotation(annotator: annotator).run(
                inputs: [empty], format: nil, output: nil, index: nil, note: { notes.append($0) }, report: { _ in })
        }
        #expect(notes == ["\(empty): no records found (the input is empty)"])
    }

    @Test("A JSON document that is not objects or an array of objects is refused with its position")
    func garbageJSONIsRefused() throws {
        let path = try TestPaths.writeTemporaryFile("\n  hello {\"pid\": 1}", named: "garbage.json")
        #expect(throws: DatasetCatalogError.malformedJSON(
            source: path, line: 2, column: 3, message: "expected a JSON object or an array of objects, found 'h'")) {
            try Fixtures.read(path)
        }
        let after = try TestPaths.writeTemporaryFile("[{\"pid\": \"a\"},\n 7]", named: "array.json")
        #expect(throws: DatasetCatalogError.malformedJSON(source: after, line: 2, column: 2,
                                                          message: "array element 2 is not an object")) {
            try Fixtures.read(after)
        }
    }

    @Test("A record nested 80,000 elements deep is refused at the element past the limit, in linear time")
    func deepNestingIsRefusedWhereItHappens() throws {
        let depth = 80_000
        let deep = "<record><header><identifier>oai:x:deep</identifier></header><metadata><resource>\n"
            + String(repeating: "<a>\n", count: depth) + String(repeating: "</a>\n", count: depth)
            + "</resource></metadata></record>\n"
        let document = RecordShapeTests.oaiHead + RecordShapeTests.oaiRecord("oai:x:1") + deep
            + RecordShapeTests.oaiRecord("oai:x:2") + "</ListRecords></OAI-PMH>\n"
        let started = Date()
        let results = XMLRecordReader.records(in: document, source: "deep.xml")
        #expect(Date().timeIntervalSince(started) < 10)
        let ids = results.compactMap { try? $0.get().id }
        #expect(ids == ["oai:x:1", "oai:x:2"])
        let failures = results.compactMap { result -> RecordFailure? in
            if case .failure(let failure) = result { return failure }
            return nil
        }
        // The deep record starts on line 5 and its first <a> is on line 6; with record, metadata and
        // resource, 997 of them fit within 1,000 levels, so the one on line 1003 is refused.
        #expect(failures.map(\.description) == ["deep.xml:1003:3: malformed XML: elements nested deeper than 1000 levels (line 5)"])
    }

    @Test("A title over 10 MB is read whole")
    func hugeTextNodeIsRead() throws {
        let title = String(repeating: "x", count: 11_000_000)
        let record = try XMLRecordReader.parse(stored: RecordShapeTests.oaiRecord("oai:x:big", title: title),
                                               source: "big.xml", position: "record 1")
        #expect(record.title?.utf8.count == 11_000_000)
        #expect(Fixtures.techniqueIDs(record, annotator: annotator) == ["PaNET01188"])
    }
}
