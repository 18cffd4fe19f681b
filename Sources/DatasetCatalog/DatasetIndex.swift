import Foundation
import GRDB
import OntologyKit

/// A record found by a technique search.
public struct DatasetHit: Sendable, Equatable {
    /// The record identifier.
    public var id: String
    /// The file or URL it came from.
    public var source: String
    /// Its datestamp, when known.
    public var datestamp: String?
    /// Its title, when known.
    public var title: String?
    /// Short ids of the techniques the record names (not the ancestors).
    public var techniques: [String]
}

/// Where an OAI-PMH harvest stands, stored per endpoint, metadata prefix and set.
public struct HarvestCheckpoint: Sendable, Equatable {
    /// The datestamp to harvest from next time (the latest seen by the last complete harvest).
    public var lastDatestamp: String?
    /// The resumption token of an unfinished harvest: the next page to fetch.
    public var resumptionToken: String?
    /// The `from` argument of the unfinished harvest, to restart it if its token has expired.
    public var harvestFrom: String?
    /// The latest datestamp seen by the unfinished harvest so far.
    public var pendingDatestamp: String?
}

/// Counts from a bulk write.
public struct IndexWriteSummary: Sendable, Equatable {
    /// Records inserted or replaced.
    public var stored = 0
    /// Records removed.
    public var deleted = 0
}

/// The SQLite index of annotated records, through GRDB.
///
/// Tables: `records` (id, source, datestamp, title, format and the direct technique ids: what a hit
/// shows, kept small so that the hits of a technique share pages), `record_documents` (the original
/// record and its annotation, by record), `record_techniques(technique_id, record_id, is_direct)`
/// holding every technique of a record and every inferred ancestor, keyed by technique first so that
/// "all records under technique T" is one index range; `meta` (ontology version) and `harvests`
/// (checkpoints).
/// The index owns its only connection (WAL mode) and every write is one transaction, so a killed
/// process loses nothing already committed.
public final class DatasetIndex: @unchecked Sendable {
    // Safe: `DatabaseQueue` serializes all access on its own queue; no other state is mutable.
    private let queue: DatabaseQueue
    /// The database file.
    public let path: String

    /// Opens (creating and migrating if needed) the index at `path`.
    ///
    /// - Throws: `DatasetCatalogError.sqlite` when the file cannot be opened or is not a panet index.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Read pages straight from the page cache instead of copying them through read().
            try db.execute(sql: "PRAGMA mmap_size = 1073741824")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try DatasetIndex.migrator.migrate(queue)
        } catch let error as DatabaseError {
            throw DatasetCatalogError.sqlite(path: path, message: DatasetIndex.describe(error))
        }
    }

    static func describe(_ error: DatabaseError) -> String {
        var message = error.message ?? "SQLite error \(error.resultCode.rawValue)"
        if error.resultCode == .SQLITE_NOTADB { message += "; is this a panet index?" }
        return message
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE records (
                    rowid INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    source TEXT NOT NULL,
                    datestamp TEXT,
                    title TEXT,
                    format TEXT NOT NULL,
                    original TEXT NOT NULL,
                    annotation TEXT NOT NULL,
                    techniques TEXT NOT NULL
                );
                CREATE TABLE record_techniques (
                    technique_id TEXT NOT NULL,
                    record_id INTEGER NOT NULL REFERENCES records(rowid) ON DELETE CASCADE,
                    is_direct INTEGER NOT NULL,
                    PRIMARY KEY (technique_id, record_id)
                ) WITHOUT ROWID;
                CREATE INDEX record_techniques_by_record ON record_techniques(record_id);
                CREATE INDEX records_by_datestamp ON records(datestamp);
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE harvests (
                    endpoint TEXT NOT NULL,
                    metadata_prefix TEXT NOT NULL,
                    set_spec TEXT NOT NULL,
                    last_datestamp TEXT,
                    resumption_token TEXT,
                    harvest_from TEXT,
                    pending_datestamp TEXT,
                    updated_at TEXT NOT NULL,
                    PRIMARY KEY (endpoint, metadata_prefix, set_spec)
                );
                """)
        }
        // v2: the original record and the annotation move to their own table, so that reading the
        // hits of a technique touches only small rows.
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                CREATE TABLE record_documents (
                    record_id INTEGER PRIMARY KEY REFERENCES records(rowid) ON DELETE CASCADE,
                    original TEXT NOT NULL,
                    annotation TEXT NOT NULL
                );
                INSERT INTO record_documents (record_id, original, annotation) SELECT rowid, original, annotation FROM records;
                ALTER TABLE records DROP COLUMN original;
                ALTER TABLE records DROP COLUMN annotation;
                """)
        }
        return migrator
    }

    private func run<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.inDatabase(body)
        } catch let error as DatabaseError {
            throw DatasetCatalogError.sqlite(path: path, message: DatasetIndex.describe(error))
        }
    }

    /// Runs `body` in one transaction: everything it writes is committed together, or nothing is.
    public func write<T>(_ body: (IndexWriter) throws -> T) throws -> T {
        do {
            var result: T?
            try queue.inTransaction { db in
                result = try body(IndexWriter(db: db))
                return .commit
            }
            guard let result else { preconditionFailure("transaction body did not run") }
            return result
        } catch let error as DatabaseError {
            throw DatasetCatalogError.sqlite(path: path, message: DatasetIndex.describe(error))
        }
    }

    /// The ontology version the records were annotated with, nil for an empty index.
    public func ontologyVersion() throws -> String? {
        try run { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: ["ontology_version"]) }
    }

    /// How many records the index holds.
    public func recordCount() throws -> Int {
        try run { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM records") ?? 0 }
    }

    /// The stored annotation (`panet` object JSON) of a record.
    public func annotation(of id: String) throws -> String? {
        try run { db in
            try String.fetchOne(db, sql: """
                SELECT d.annotation FROM records r JOIN record_documents d ON d.record_id = r.rowid WHERE r.id = ?
                """, arguments: [id])
        }
    }

    /// Every record annotated with `techniqueID` or any inferred descendant of it, in index order.
    ///
    /// One range of the `record_techniques` primary key: ancestors are stored with each record.
    /// - Parameters:
    ///   - techniqueID: A short id (`PaNET01124`).
    ///   - limit: At most this many (nil for all).
    ///   - offset: Skip this many first.
    ///   - body: Called for each hit as it is read; return false to stop.
    public func datasets(technique techniqueID: String, limit: Int? = nil, offset: Int = 0,
                         _ body: (DatasetHit) throws -> Bool) throws {
        try run { db in
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT r.id, r.source, r.datestamp, r.title, r.techniques
                FROM record_techniques t JOIN records r ON r.rowid = t.record_id
                WHERE t.technique_id = ?
                ORDER BY t.record_id
                LIMIT ? OFFSET ?
                """, arguments: [techniqueID, limit ?? -1, offset])
            while let row = try cursor.next() {
                let techniques: String = row[4]
                let hit = DatasetHit(id: row[0], source: row[1], datestamp: row[2], title: row[3],
                                     techniques: techniques.utf8.split(separator: 0x20).map { String(decoding: $0, as: UTF8.self) })
                if try !body(hit) { break }
            }
        }
    }

    /// The hits of `datasets(technique:limit:offset:_:)` as an array.
    public func datasets(technique techniqueID: String, limit: Int? = nil, offset: Int = 0) throws -> [DatasetHit] {
        var hits: [DatasetHit] = []
        try datasets(technique: techniqueID, limit: limit, offset: offset) { hits.append($0); return true }
        return hits
    }

    /// How many records each technique has (directly or through a descendant), most first.
    public func techniqueCounts() throws -> [(technique: String, count: Int)] {
        try run { db in
            try Row.fetchAll(db, sql: """
                SELECT technique_id, count(*) FROM record_techniques GROUP BY technique_id ORDER BY count(*) DESC, technique_id
                """).map { (technique: $0[0], count: $0[1]) }
        }
    }

    /// The checkpoint of harvests from `endpoint` with `metadataPrefix` and `set`.
    public func checkpoint(endpoint: String, metadataPrefix: String, set: String?) throws -> HarvestCheckpoint? {
        try run { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT last_datestamp, resumption_token, harvest_from, pending_datestamp FROM harvests
                WHERE endpoint = ? AND metadata_prefix = ? AND set_spec = ?
                """, arguments: [endpoint, metadataPrefix, set ?? ""]) else { return nil }
            return HarvestCheckpoint(lastDatestamp: row[0], resumptionToken: row[1], harvestFrom: row[2], pendingDatestamp: row[3])
        }
    }

    /// Re-annotates every stored record with `annotator` (after a new ontology release) in one
    /// transaction, rebuilding the technique closure.
    ///
    /// - Returns: How many records were re-annotated, and the records that could no longer be read.
    public func reindex(with annotator: RecordAnnotator) throws -> (count: Int, failures: [RecordFailure]) {
        try write { writer in
            var count = 0
            var failures: [RecordFailure] = []
            var after: Int64 = 0
            while true {
                let rows = try Row.fetchAll(writer.db, sql: """
                    SELECT r.rowid, r.id, r.source, r.datestamp, r.title, r.format, d.original
                    FROM records r JOIN record_documents d ON d.record_id = r.rowid
                    WHERE r.rowid > ? ORDER BY r.rowid LIMIT 5000
                    """, arguments: [after])
                guard let last = rows.last else { break }
                after = last[0]
                for row in rows {
                    let rowID: Int64 = row[0]
                    let id: String = row[1], source: String = row[2], format: String = row[5], original: String = row[6]
                    do {
                        var record = try DatasetIndex.reread(original: original, format: format, source: source, id: id)
                        record.datestamp = row[3]
                        record.title = row[4]
                        let annotation = annotator.annotate(record)
                        try writer.replaceAnnotation(rowID: rowID, annotation, annotator: annotator)
                        count += 1
                    } catch let error as DatasetCatalogError {
                        failures.append(RecordFailure(source: source, position: "record \(id)", error: error))
                    }
                }
            }
            try writer.setOntologyVersion(annotator.ontologyVersion)
            return (count, failures)
        }
    }

    static func reread(original: String, format: String, source: String, id: String) throws -> DatasetRecord {
        var record: DatasetRecord
        if RecordFormat(rawValue: format)?.isXML ?? false {
            record = try XMLRecordReader.parse(stored: original, source: source, position: "record \(id)")
        } else {
            guard let first = try JSONRecordReader.records(in: original, source: source, position: "record \(id)").first else {
                throw DatasetCatalogError.unrecognizedRecord(source: source, position: "record \(id)", message: "stored record holds no dataset")
            }
            record = first
        }
        record.id = id
        return record
    }
}

/// Writes into the index inside one transaction of `DatasetIndex.write(_:)`.
public struct IndexWriter {
    let db: Database

    /// Inserts `record` with its annotation, or replaces the stored record with the same id.
    public func store(_ record: DatasetRecord, _ annotation: RecordAnnotation, annotator: RecordAnnotator) throws {
        let view = annotator.ontology.ontology
        let annotationText = annotator.annotationJSON(annotation)
        let techniques = annotation.techniques.map { view[$0.classID].shortID }.joined(separator: " ")
        let existing = try Int64.fetchOne(db.cachedStatement(sql: "SELECT rowid FROM records WHERE id = ?"), arguments: [record.id])
        let rowID: Int64
        if let existing {
            try db.cachedStatement(sql: """
                UPDATE records SET source = ?, datestamp = ?, title = ?, format = ?, techniques = ? WHERE rowid = ?
                """).execute(arguments: [record.source, record.datestamp, record.title, record.format.rawValue,
                                         techniques, existing])
            try db.cachedStatement(sql: "DELETE FROM record_techniques WHERE record_id = ?").execute(arguments: [existing])
            rowID = existing
        } else {
            try db.cachedStatement(sql: """
                INSERT INTO records (id, source, datestamp, title, format, techniques) VALUES (?, ?, ?, ?, ?, ?)
                """).execute(arguments: [record.id, record.source, record.datestamp, record.title, record.format.rawValue,
                                         techniques])
            rowID = db.lastInsertedRowID
        }
        try db.cachedStatement(sql: """
            INSERT INTO record_documents (record_id, original, annotation) VALUES (?, ?, ?)
            ON CONFLICT(record_id) DO UPDATE SET original = excluded.original, annotation = excluded.annotation
            """).execute(arguments: [rowID, record.original.text, annotationText])
        try insertClosure(rowID: rowID, annotation, view: view)
    }

    private func insertClosure(rowID: Int64, _ annotation: RecordAnnotation, view: Ontology) throws {
        let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO record_techniques (technique_id, record_id, is_direct) VALUES (?, ?, ?)")
        for technique in annotation.techniques {
            try insert.execute(arguments: [view[technique.classID].shortID, rowID, 1])
        }
        for ancestor in annotation.ancestors {
            try insert.execute(arguments: [view[ancestor].shortID, rowID, 0])
        }
    }

    func replaceAnnotation(rowID: Int64, _ annotation: RecordAnnotation, annotator: RecordAnnotator) throws {
        let view = annotator.ontology.ontology
        let techniques = annotation.techniques.map { view[$0.classID].shortID }.joined(separator: " ")
        try db.cachedStatement(sql: "UPDATE records SET techniques = ? WHERE rowid = ?").execute(arguments: [techniques, rowID])
        try db.cachedStatement(sql: "UPDATE record_documents SET annotation = ? WHERE record_id = ?")
            .execute(arguments: [annotator.annotationJSON(annotation), rowID])
        try db.cachedStatement(sql: "DELETE FROM record_techniques WHERE record_id = ?").execute(arguments: [rowID])
        try insertClosure(rowID: rowID, annotation, view: view)
    }

    /// Removes the record with `id`; returns whether it was there.
    @discardableResult
    public func delete(id: String) throws -> Bool {
        guard let rowID = try Int64.fetchOne(db.cachedStatement(sql: "SELECT rowid FROM records WHERE id = ?"), arguments: [id]) else {
            return false
        }
        try db.cachedStatement(sql: "DELETE FROM record_techniques WHERE record_id = ?").execute(arguments: [rowID])
        try db.cachedStatement(sql: "DELETE FROM record_documents WHERE record_id = ?").execute(arguments: [rowID])
        try db.cachedStatement(sql: "DELETE FROM records WHERE rowid = ?").execute(arguments: [rowID])
        return true
    }

    /// Records the ontology version the stored annotations use.
    public func setOntologyVersion(_ version: String) throws {
        try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('ontology_version', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       arguments: [version])
    }

    /// Saves the checkpoint of a harvest.
    public func saveCheckpoint(_ checkpoint: HarvestCheckpoint, endpoint: String, metadataPrefix: String, set: String?) throws {
        let now = ISO8601DateFormatter().string(from: Date())
        try db.execute(sql: """
            INSERT INTO harvests (endpoint, metadata_prefix, set_spec, last_datestamp, resumption_token, harvest_from,
                                  pending_datestamp, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(endpoint, metadata_prefix, set_spec) DO UPDATE SET
                last_datestamp = excluded.last_datestamp, resumption_token = excluded.resumption_token,
                harvest_from = excluded.harvest_from, pending_datestamp = excluded.pending_datestamp,
                updated_at = excluded.updated_at
            """, arguments: [endpoint, metadataPrefix, set ?? "", checkpoint.lastDatestamp, checkpoint.resumptionToken,
                             checkpoint.harvestFrom, checkpoint.pendingDatestamp, now])
    }
}
