@testable import DatasetCatalog
import Foundation
import OntologyKit
import GRDB
import Testing
import TestSupport

@Suite("Dataset index schema migration")
struct IndexMigrationTests {
    @Test("An index written with the first schema opens, keeps its records and annotations, and reindexes")
    func migratesFirstSchema() throws {
        let path = try TestPaths.temporaryDirectory().appendingPathComponent("v1.db").path
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.inDatabase { db in try DatasetIndex.migrate(db, upTo: "v1") }
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO records (rowid, id, source, datestamp, title, format, original, annotation, techniques)
                    VALUES (1, 'ds-1', 'old.jsonl', NULL, 'Old', 'json', '{"pid":"ds-1","techniques":["SAXS"]}', '{"old":true}', 'PaNET01188');
                    INSERT INTO record_techniques (technique_id, record_id, is_direct) VALUES ('PaNET01188', 1, 1);
                    """)
            }
        }
        let index = try DatasetIndex(path: path)
        #expect(try index.recordCount() == 1)
        #expect(try index.datasets(technique: "PaNET01188").map(\.id) == ["ds-1"])
        #expect(try index.datasets(technique: "PaNET01188").first?.techniques == ["PaNET01188"])
        let annotator = RecordAnnotator(ontology: Fixtures.panet)
        let result = try index.reindex(with: annotator)
        #expect(result.count == 1 && result.failures.isEmpty)
        let annotation = try #require(try index.annotation(of: "ds-1", annotator: annotator))
        #expect(annotation.contains(#""id":"PaNET01188""#))
        // The closure was rebuilt from the stored record: SAXS sits under small angle scattering.
        #expect(try index.datasets(technique: "PaNET01124").map(\.id) == ["ds-1"])
        // Deleting a record removes its document too.
        let deleted = try index.write { writer in try writer.delete(id: "ds-1") }
        #expect(deleted)
        #expect(try index.recordCount() == 0)
        let queue = try DatabaseQueue(path: path)
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM record_documents") } == 0)
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM record_techniques") } == 0)
    }

    @Test("An index of the second schema keeps its answers in the compact one, and shrinks")
    func migratesSecondSchema() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("v2.db").path
        let annotation = "{" + String(repeating: #""ancestor":"http://purl.org/pan-science/PaNET/PaNET00001","#, count: 40) + "}"
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.inDatabase { db in try DatasetIndex.migrate(db, upTo: "v2") }
            try queue.write { db in
                for number in 1...300 {
                    let direct = number % 2 == 0 ? "PaNET01188" : "PaNET01189"
                    try db.execute(sql: """
                        INSERT INTO records (rowid, id, source, datestamp, title, format, techniques)
                        VALUES (?, ?, 'old.jsonl', '2024-01-01', 'Old', 'json', ?)
                        """, arguments: [number, "ds-\(number)", direct])
                    try db.execute(sql: "INSERT INTO record_documents (record_id, original, annotation) VALUES (?, ?, ?)",
                                   arguments: [number, #"{"pid":"ds-\#(number)","techniques":["\#(direct)"]}"#, annotation])
                    for (technique, isDirect) in [(direct, 1), ("PaNET01124", 0), ("PaNET00001", 0)] {
                        try db.execute(sql: "INSERT INTO record_techniques (technique_id, record_id, is_direct) VALUES (?, ?, ?)",
                                       arguments: [technique, number, isDirect])
                    }
                }
            }
        }
        func size() throws -> Int {
            try DatabaseQueue(path: path).read { db in
                try Int.fetchOne(db, sql: "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()") ?? 0
            }
        }
        let before = try size()
        let index = try DatasetIndex(path: path)
        #expect(try index.recordCount() == 300)
        #expect(try index.datasets(technique: "PaNET01124").count == 300)
        #expect(try index.datasets(technique: "PaNET01188", limit: 2).map(\.id) == ["ds-2", "ds-4"])
        #expect(try index.datasets(technique: "PaNET01189", limit: 1, offset: 1).map(\.techniques) == [["PaNET01189"]])
        #expect(try index.techniqueCounts().map { "\($0.technique) \($0.count)" }
            == ["PaNET00001 300", "PaNET01124 300", "PaNET01188 150", "PaNET01189 150"])
        let after = try size()
        #expect(after < before / 2, "\(before) -> \(after) bytes")
        // A record stored again, and one deleted, leave no closure rows behind.
        let annotator = RecordAnnotator(ontology: Fixtures.panet)
        let record = try #require(try JSONRecordReader.records(in: #"{"pid":"ds-2","techniques":["tomography"]}"#, source: "t").first)
        try index.write { writer in
            try writer.store(record, annotator.annotate(record), annotator: annotator)
            try writer.delete(id: "ds-3")
        }
        #expect(try index.datasets(technique: "PaNET01188").count == 149)
        #expect(try index.datasets(technique: "PaNET01189").count == 149)
        #expect(try index.datasets(technique: "PaNET01129").map(\.id) == ["ds-2"])
        #expect(try index.datasets(technique: "PaNET01124").count == 298)
    }
}
