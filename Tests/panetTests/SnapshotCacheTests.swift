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
