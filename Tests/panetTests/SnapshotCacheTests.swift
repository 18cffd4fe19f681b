import Foundation
import TestSupport
import Testing

@Suite("Compiled ontology snapshot cache")
struct SnapshotCacheTests {
    @Test("the first run writes a snapshot; a corrupt snapshot is rebuilt silently with the same answers")
    func corruptSnapshotIsRebuilt() throws {
        let cache = try TestPaths.temporaryDirectory()
        let environment = ["PANET_CACHE_DIR": cache.path]
        let first = try PanetProcess.run(["lookup", "SAXS", "--format", "json"], environment: environment)
        #expect(first.status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { $0.hasSuffix(".snapshot") }
        try #require(files.count == 1)
        let snapshot = cache.appendingPathComponent(files[0])
        let size = try Data(contentsOf: snapshot).count

        let warm = try PanetProcess.run(["lookup", "SAXS", "--format", "json"], environment: environment)
        #expect(warm.standardOutput == first.standardOutput)

        try Data(try Data(contentsOf: snapshot).prefix(size / 3)).write(to: snapshot)
        let rebuilt = try PanetProcess.run(["lookup", "SAXS", "--format", "json"], environment: environment)
        #expect(rebuilt.status == 0)
        #expect(rebuilt.standardOutput == first.standardOutput)
        #expect(rebuilt.standardError.isEmpty)
        #expect(try Data(contentsOf: snapshot).count == size)
    }

    @Test("commands that need the triples read them from a warm snapshot, or from the file when that part is damaged")
    func triplesFromSnapshot() throws {
        let cache = try TestPaths.temporaryDirectory()
        let output = try TestPaths.temporaryDirectory()
        let ontology = TestPaths.shared("ontology/unreasoned/PaNET-1.3.0-unreasoned.owl")
        func reason(_ name: String, cached: Bool) throws -> (ProcessResult, Data) {
            let path = output.appendingPathComponent(name).path
            let environment = cached ? ["PANET_CACHE_DIR": cache.path] : ["PANET_NO_CACHE": "1"]
            let result = try PanetProcess.run(["reason", "--ontology", ontology, "-o", path, "--format", "tsv"],
                                              environment: environment)
            return (result, try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        let (fresh, expected) = try reason("fresh.ttl", cached: false)
        #expect(fresh.status == 0)
        _ = try reason("first.ttl", cached: true)
        let (warm, fromSnapshot) = try reason("warm.ttl", cached: true)
        #expect(warm.status == 0)
        #expect(fromSnapshot == expected)

        // The triples are the snapshot's last block: spoil its last index entries.
        let files = try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { $0.hasSuffix(".snapshot") }
        try #require(files.count == 1)
        let snapshot = cache.appendingPathComponent(files[0])
        var bytes = try Data(contentsOf: snapshot)
        bytes.replaceSubrange(bytes.count - 32..<bytes.count, with: Data(repeating: 0xFF, count: 32))
        try bytes.write(to: snapshot)
        let (damaged, fromSource) = try reason("damaged.ttl", cached: true)
        #expect(damaged.status == 0)
        #expect(damaged.standardError.isEmpty)
        #expect(fromSource == expected)
    }

    @Test("a changed ontology file gets its own snapshot, never a stale one")
    func changedFileIsNotStale() throws {
        let cache = try TestPaths.temporaryDirectory()
        let directory = try TestPaths.temporaryDirectory()
        let ontology = directory.appendingPathComponent("o.ttl")
        let header = "@prefix : <http://e/> . @prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        try Data((header + ":A a owl:Class . :B a owl:Class ; rdfs:subClassOf :A .").utf8).write(to: ontology)
        let environment = ["PANET_CACHE_DIR": cache.path]
        let before = try PanetProcess.run(["parents", "B", "--ontology", ontology.path, "--format", "tsv"], environment: environment)
        #expect(before.standardOutput.contains("http://e/A"))
        try Data((header + ":A a owl:Class . :C a owl:Class . :B a owl:Class ; rdfs:subClassOf :C .").utf8).write(to: ontology)
        let after = try PanetProcess.run(["parents", "B", "--ontology", ontology.path, "--format", "tsv"], environment: environment)
        #expect(after.standardOutput.contains("http://e/C"))
        #expect(!after.standardOutput.contains("http://e/A"))
    }
}
