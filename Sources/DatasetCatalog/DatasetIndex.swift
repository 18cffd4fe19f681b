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
/// Tables: `records` (id, source, datestamp, title, format, the direct technique ids: what a hit
/// shows, kept small so that the hits of a technique share pages; and `closure`, the integer ids of
/// every technique of the record and every inferred ancestor), `record_documents` (the original
/// record, by record), `techniques(id, short_id)` numbering the techniques, and
/// `record_techniques(technique, record)` holding the closure again, keyed by technique first
/// (WITHOUT ROWID) so that "all records under technique T" is one index range; `meta` (ontology
/// version) and `harvests` (checkpoints). The annotation is not stored: it follows from the
/// original record and the ontology (`annotation(of:annotator:)`), and `reindex` redoes the closure.
/// The index owns its only connection (WAL mode) and every write is one transaction, so a killed
/// process loses nothing already committed.
public final class DatasetIndex: @unchecked Sendable {
    // Safe: `DatabaseQueue` serializes all access on its own queue; no other state is mutable.
    private let queue: DatabaseQueue
    /// The database file.
    public let path: String

    /// How long a connection waits for another process's write transaction, in seconds.
    public let busyTimeout: TimeInterval

    /// Opens (creating and migrating if needed) the index at `path`.
    ///
    /// - Parameters:
    ///   - path: The database file.
    ///   - busyTimeout: How long to wait, in seconds, while another process writes to the index.
    /// - Throws: `DatasetCatalogError.sqlite` when the file cannot be opened or is not a panet index,
    ///   `.locked` when another writer kept it locked for longer than `busyTimeout`.
    public init(path: String, busyTimeout: TimeInterval = DatasetIndex.defaultBusyTimeout) throws {
        self.path = path
        self.busyTimeout = busyTimeout
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.prepareDatabase { db in
            try DatasetIndex.enableWAL(db, waiting: busyTimeout)
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Read pages straight from the page cache instead of copying them through read().
            try db.execute(sql: "PRAGMA mmap_size = 1073741824")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.inDatabase { db in try DatasetIndex.migrate(db) }
        } catch let error as DatabaseError {
            throw DatasetIndex.translate(error, path: path, busyTimeout: busyTimeout)
        }
    }

    /// Switches `db` to WAL mode. Switching a new file takes a lock for which SQLite does not wait
    /// (another process creating the same index at that moment makes it fail at once), so a busy
    /// switch is tried again for up to `timeout` seconds.
    static func enableWAL(_ db: Database, waiting timeout: TimeInterval) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            do {
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                return
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
    }

    /// The default of `busyTimeout`: 30 seconds.
    public static let defaultBusyTimeout: TimeInterval = 30

    static func describe(_ error: DatabaseError) -> String {
        var message = error.message ?? "SQLite error \(error.resultCode.rawValue)"
        if error.resultCode == .SQLITE_NOTADB { message += "; is this a panet index?" }
        return message
    }

    /// The dataset error for an SQLite error: `.locked` for a busy database, else `.sqlite`.
    static func translate(_ error: DatabaseError, path: String, busyTimeout: TimeInterval) -> DatasetCatalogError {
        if error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            return .locked(path: path, seconds: busyTimeout)
        }
        return .sqlite(path: path, message: describe(error))
    }

    /// The schema changes, in order, each applied once and recorded in `grdb_migrations` (the table
    /// GRDB's migrator used for the indexes written before, so those open unchanged).
    static let migrations: [(identifier: String, sql: String)] = [
        ("v1", """
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
            """),
        // v2: the original record and the annotation move to their own table, so that reading the
        // hits of a technique touches only small rows.
        ("v2", """
            CREATE TABLE record_documents (
                record_id INTEGER PRIMARY KEY REFERENCES records(rowid) ON DELETE CASCADE,
                original TEXT NOT NULL,
                annotation TEXT NOT NULL
            );
            INSERT INTO record_documents (record_id, original, annotation) SELECT rowid, original, annotation FROM records;
            ALTER TABLE records DROP COLUMN original;
            ALTER TABLE records DROP COLUMN annotation;
            """),
        // v3: a sixth of the size. Technique ids become integers; each record lists its closure, so
        // deleting a record needs no index by record (which was as large as the closure itself);
        // the annotation (80% of the bytes: every ancestor with IRI and label) is no longer stored;
        // the unused index by datestamp goes.
        ("v3", """
            CREATE TABLE techniques (id INTEGER PRIMARY KEY, short_id TEXT NOT NULL UNIQUE);
            INSERT INTO techniques (short_id) SELECT DISTINCT technique_id FROM record_techniques ORDER BY technique_id;
            ALTER TABLE records ADD COLUMN closure TEXT NOT NULL DEFAULT '';
            UPDATE records SET closure = coalesce((
                SELECT group_concat(k.id, ' ') FROM record_techniques t JOIN techniques k ON k.short_id = t.technique_id
                WHERE t.record_id = records.rowid), '');
            CREATE TABLE record_closure (
                technique INTEGER NOT NULL,
                record INTEGER NOT NULL,
                PRIMARY KEY (technique, record)
            ) WITHOUT ROWID;
            INSERT INTO record_closure (technique, record)
                SELECT k.id, t.record_id FROM record_techniques t JOIN techniques k ON k.short_id = t.technique_id;
            DROP TABLE record_techniques;
            ALTER TABLE record_closure RENAME TO record_techniques;
            DROP INDEX records_by_datestamp;
            ALTER TABLE record_documents DROP COLUMN annotation;
            """),
    ]

    /// Applies the migrations `db` lacks, up to and including `last` (all by default).
    ///
    /// Reading which are applied needs no lock; applying them happens in one immediate transaction
    /// that checks again, so two processes creating the same index at once apply each change once:
    /// the second waits for the first and then finds nothing left to do.
    static func migrate(_ db: Database, upTo last: String? = nil) throws {
        let wanted = migrations.prefix { $0.identifier != last } + migrations.filter { $0.identifier == last }
        func pending() throws -> [(identifier: String, sql: String)] {
            guard try db.tableExists("grdb_migrations") else { return Array(wanted) }
            let applied = try String.fetchSet(db, sql: "SELECT identifier FROM grdb_migrations")
            let known = Set(migrations.map(\.identifier))
            if let unknown = applied.subtracting(known).sorted().first {
                throw DatabaseError(resultCode: .SQLITE_ERROR,
                                    message: "the index has schema change '\(unknown)' from a newer panet; upgrade panet")
            }
            return wanted.filter { !applied.contains($0.identifier) }
        }
        guard try !pending().isEmpty else { return }
        var rewroteData = false
        try db.inTransaction(.immediate) {
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            for migration in try pending() {
                if migration.identifier != "v1" {
                    rewroteData = try rewroteData || Int.fetchOne(db, sql: "SELECT count(*) FROM records") ?? 0 > 0
                }
                try db.execute(sql: migration.sql)
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [migration.identifier])
            }
            return .commit
        }
        // Give the pages the old layout used back to the file system; a reader busy with the index
        // only postpones that to a later rebuild, so a failure here is not an error.
        if rewroteData { try? db.execute(sql: "VACUUM") }
    }

    private func run<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.inDatabase(body)
        } catch let error as DatabaseError {
            throw DatasetIndex.translate(error, path: path, busyTimeout: busyTimeout)
        }
    }

    /// Runs `body` in one transaction: everything it writes is committed together, or nothing is.
    public func write<T>(_ body: (IndexWriter) throws -> T) throws -> T {
        do {
            var result: T?
            // Immediate: the write lock is taken when the transaction begins, so it waits for another
            // writer (the busy timeout) instead of failing when it upgrades from reading.
            try queue.inTransaction(.immediate) { db in
                result = try body(IndexWriter(db: db))
                return .commit
            }
            guard let result else { preconditionFailure("transaction body did not run") }
            return result
        } catch let error as DatabaseError {
            throw DatasetIndex.translate(error, path: path, busyTimeout: busyTimeout)
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

    /// The annotation (`panet` object JSON) of a stored record, worked out again from the stored
    /// record with `annotator` (nil when there is no record with `id`).
    ///
    /// - Throws: `DatasetCatalogError` when the stored record can no longer be read.
    public func annotation(of id: String, annotator: RecordAnnotator) throws -> String? {
        let row = try run { db in
            try Row.fetchOne(db, sql: """
                SELECT r.source, r.datestamp, r.title, r.format, d.original
                FROM records r JOIN record_documents d ON d.record_id = r.rowid WHERE r.id = ?
                """, arguments: [id])
        }
        guard let row else { return nil }
        var record = try DatasetIndex.reread(original: row[4], format: row[3], source: row[0], id: id)
        record.datestamp = row[1]
        record.title = row[2]
        return annotator.annotationJSON(annotator.annotate(record))
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
                FROM record_techniques t JOIN records r ON r.rowid = t.record
                WHERE t.technique = (SELECT id FROM techniques WHERE short_id = ?)
                ORDER BY t.record
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
                SELECT k.short_id, count(*) FROM record_techniques t JOIN techniques k ON k.id = t.technique
                GROUP BY t.technique ORDER BY count(*) DESC, k.short_id
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
    /// - Parameters:
    ///   - annotator: The annotator of the new ontology.
    ///   - progress: Called after each batch of records with how many are done and the total.
    /// - Returns: How many records were re-annotated, and the records that could no longer be read.
    public func reindex(with annotator: RecordAnnotator,
                        progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws -> (count: Int, failures: [RecordFailure]) {
        try write { writer in
            let total = try Int.fetchOne(writer.db, sql: "SELECT count(*) FROM records") ?? 0
            var count = 0
            var failures: [RecordFailure] = []
            var after: Int64 = 0
            while true {
                let rows = try Row.fetchAll(writer.db, sql: """
                    SELECT r.rowid, r.id, r.source, r.datestamp, r.title, r.format, d.original, r.closure
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
                        try writer.replaceAnnotation(rowID: rowID, oldClosure: row[7], annotation, annotator: annotator)
                        count += 1
                    } catch let error as DatasetCatalogError {
                        failures.append(RecordFailure(source: source, position: "record \(id)", error: error))
                    }
                }
                progress(count + failures.count, total)
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
    /// Integer ids of the techniques met in this transaction, by short id.
    private let techniqueIDs = TechniqueIDs()

    final class TechniqueIDs {
        var byShortID: [String: Int64] = [:]
    }

    init(db: Database) {
        self.db = db
    }

    /// Inserts `record` with its annotation, or replaces the stored record with the same id.
    public func store(_ record: DatasetRecord, _ annotation: RecordAnnotation, annotator: RecordAnnotator) throws {
        let view = annotator.ontology.ontology
        let techniques = annotation.techniques.map { view[$0.classID].shortID }.joined(separator: " ")
        let closure = try closureIDs(annotation, view: view)
        let closureText = closure.map(String.init).joined(separator: " ")
        let rowID: Int64
        if let existing = try Row.fetchOne(db.cachedStatement(sql: "SELECT rowid, closure FROM records WHERE id = ?"),
                                           arguments: [record.id]) {
            rowID = existing[0]
            try db.cachedStatement(sql: """
                UPDATE records SET source = ?, datestamp = ?, title = ?, format = ?, techniques = ?, closure = ? WHERE rowid = ?
                """).execute(arguments: [record.source, record.datestamp, record.title, record.format.rawValue,
                                         techniques, closureText, rowID])
            try deleteClosure(rowID: rowID, closure: existing[1])
        } else {
            try db.cachedStatement(sql: """
                INSERT INTO records (id, source, datestamp, title, format, techniques, closure) VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [record.id, record.source, record.datestamp, record.title, record.format.rawValue,
                                         techniques, closureText])
            rowID = db.lastInsertedRowID
        }
        try db.cachedStatement(sql: """
            INSERT INTO record_documents (record_id, original) VALUES (?, ?)
            ON CONFLICT(record_id) DO UPDATE SET original = excluded.original
            """).execute(arguments: [rowID, record.original.text])
        try insertClosure(rowID: rowID, closure)
    }

    /// The integer ids of the record's techniques and their ancestors, each once.
    private func closureIDs(_ annotation: RecordAnnotation, view: Ontology) throws -> [Int64] {
        var ids: [Int64] = []
        ids.reserveCapacity(annotation.techniques.count + annotation.ancestors.count)
        for technique in annotation.techniques { ids.append(try techniqueID(view[technique.classID].shortID)) }
        for ancestor in annotation.ancestors { ids.append(try techniqueID(view[ancestor].shortID)) }
        var seen = Set<Int64>()
        return ids.filter { seen.insert($0).inserted }
    }

    /// The integer id of a technique, numbering it on first use.
    private func techniqueID(_ shortID: String) throws -> Int64 {
        if let id = techniqueIDs.byShortID[shortID] { return id }
        let id: Int64
        if let stored = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM techniques WHERE short_id = ?"),
                                           arguments: [shortID]) {
            id = stored
        } else {
            try db.cachedStatement(sql: "INSERT INTO techniques (short_id) VALUES (?)").execute(arguments: [shortID])
            id = db.lastInsertedRowID
        }
        techniqueIDs.byShortID[shortID] = id
        return id
    }

    private func insertClosure(rowID: Int64, _ closure: [Int64]) throws {
        let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO record_techniques (technique, record) VALUES (?, ?)")
        for technique in closure { try insert.execute(arguments: [technique, rowID]) }
    }

    /// Removes the closure rows of a record, listed in its `closure` column.
    private func deleteClosure(rowID: Int64, closure: String) throws {
        let delete = try db.cachedStatement(sql: "DELETE FROM record_techniques WHERE technique = ? AND record = ?")
        for text in closure.split(separator: " ") {
            guard let technique = Int64(text) else { continue }
            try delete.execute(arguments: [technique, rowID])
        }
    }

    func replaceAnnotation(rowID: Int64, oldClosure: String, _ annotation: RecordAnnotation, annotator: RecordAnnotator) throws {
        let view = annotator.ontology.ontology
        let techniques = annotation.techniques.map { view[$0.classID].shortID }.joined(separator: " ")
        let closure = try closureIDs(annotation, view: view)
        try db.cachedStatement(sql: "UPDATE records SET techniques = ?, closure = ? WHERE rowid = ?")
            .execute(arguments: [techniques, closure.map(String.init).joined(separator: " "), rowID])
        try deleteClosure(rowID: rowID, closure: oldClosure)
        try insertClosure(rowID: rowID, closure)
    }

    /// Removes the record with `id`; returns whether it was there.
    @discardableResult
    public func delete(id: String) throws -> Bool {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT rowid, closure FROM records WHERE id = ?"),
                                         arguments: [id]) else {
            return false
        }
        let rowID: Int64 = row[0]
        try deleteClosure(rowID: rowID, closure: row[1])
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
