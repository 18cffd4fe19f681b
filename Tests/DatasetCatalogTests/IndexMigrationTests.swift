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
            try DatasetIndex.migrator.migrate(queue, upTo: "v1")
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
        #expect(try index.annotation(of: "ds-1") == #"{"old":true}"#)
        #expect(try index.datasets(technique: "PaNET01188").map(\.id) == ["ds-1"])
        let annotator = RecordAnnotator(ontology: Fixtures.panet)
        let result = try index.reindex(with: annotator)
        #expect(result.count == 1 && result.failures.isEmpty)
        let annotation = try #require(try index.annotation(of: "ds-1"))
        #expect(annotation.contains(#""id":"PaNET01188""#))
        // The closure was rebuilt from the stored record: SAXS sits under small angle scattering.
        #expect(try index.datasets(technique: "PaNET01124").map(\.id) == ["ds-1"])
        // Deleting a record removes its document too.
        let deleted = try index.write { writer in try writer.delete(id: "ds-1") }
        #expect(deleted)
        #expect(try index.recordCount() == 0)
        let queue = try DatabaseQueue(path: path)
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM record_documents") } == 0)
    }
}
