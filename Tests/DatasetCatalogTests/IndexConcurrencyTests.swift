@testable import DatasetCatalog
import Foundation
import Testing
import TestSupport

/// Several processes (here: connections) writing one index wait for each other instead of failing.
@Suite("Dataset index with several writers")
struct IndexConcurrencyTests {
    let annotator = RecordAnnotator(ontology: Fixtures.panet)

    func record(_ id: String) throws -> DatasetRecord {
        try #require(try JSONRecordReader.records(in: #"{"pid":"\#(id)","techniques":["SAXS"]}"#, source: "t.json").first)
    }

    /// Hands a value to other threads; the tests share only values they use one thread at a time
    /// or that are read-only (the annotator).
    final class Shared<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    /// Runs `body` on `count` threads at once and returns what each threw.
    func concurrently(_ count: Int, _ body: @escaping (Int) throws -> Void) -> [String] {
        let group = DispatchGroup()
        let lock = NSLock()
        nonisolated(unsafe) var errors: [String] = []  // Guarded by `lock`.
        let shared = Shared(body)
        for number in 0..<count {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                do { try shared.value(number) } catch {
                    lock.lock()
                    errors.append("\(error)")
                    lock.unlock()
                }
            }
        }
        group.wait()
        return lock.withLock { errors }
    }

    @Test("Connections creating a fresh index at once each find the schema created exactly once")
    func freshIndexFromManyWriters() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for round in 0..<10 {
            let path = directory.appendingPathComponent("fresh-\(round).db").path
            let annotator = self.annotator
            let errors = concurrently(4) { number in
                let index = try DatasetIndex(path: path)
                let record = try #require(try JSONRecordReader.records(
                    in: #"{"pid":"r\#(number)","techniques":["SAXS"]}"#, source: "t.json").first)
                try index.write { writer in try writer.store(record, annotator.annotate(record), annotator: annotator) }
            }
            #expect(errors.isEmpty, "round \(round)")
            #expect(try DatasetIndex(path: path).recordCount() == 4)
        }
    }

    @Test("A writer that reads before it writes waits for another writer instead of failing at once")
    func secondWriterWaits() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("busy.db").path
        let first = try DatasetIndex(path: path)
        let second = try DatasetIndex(path: path)
        let early = try record("early"), late = try record("late")
        let annotator = self.annotator
        let started = DispatchSemaphore(value: 0)
        let errors = concurrently(2) { number in
            if number == 0 {
                try first.write { writer in
                    try writer.store(early, annotator.annotate(early), annotator: annotator)
                    started.signal()
                    Thread.sleep(forTimeInterval: 0.5)
                }
            } else {
                started.wait()
                // store() looks the record up before writing it.
                try second.write { writer in try writer.store(late, annotator.annotate(late), annotator: annotator) }
            }
        }
        #expect(errors.isEmpty)
        #expect(try first.recordCount() == 2)
    }

    @Test("When the busy timeout runs out, the error names the file and says it is locked")
    func busyTimeoutExpires() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("locked.db").path
        let holder = try DatasetIndex(path: path)
        let impatient = try DatasetIndex(path: path, busyTimeout: 0.2)
        let entered = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let errors = concurrently(2) { number in
            if number == 0 {
                try holder.write { _ in
                    entered.signal()
                    release.wait()
                }
            } else {
                entered.wait()
                defer { release.signal() }
                let started = Date()
                #expect(throws: DatasetCatalogError.locked(path: path, seconds: 0.2)) {
                    try impatient.write { writer in try writer.setOntologyVersion("x") }
                }
                #expect(Date().timeIntervalSince(started) >= 0.2)
            }
        }
        #expect(errors.isEmpty)
        #expect(DatasetCatalogError.locked(path: path, seconds: 30).description
            == "\(path): database is locked: another process is writing to the index; gave up after waiting 30 s "
            + "(the busy timeout; wait for the other writer or allow longer)")
    }
}
