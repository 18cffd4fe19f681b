import DatasetCatalog
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import RDFParsing
import Testing
import TestSupport

/// Output files (`-o`) are replaced atomically without following planted links, without replacing
/// devices or links, keeping permissions, and without leaving temporary files behind.
@Suite("Output files")
struct OutputFileTests {
    func scratch() throws -> String {
        try TestPaths.temporaryDirectory().path
    }

    func writeLines(_ text: String, to path: String) throws {
        let output = try JSONLinesOutput(path: path)
        try output.append { $0 += Array(text.utf8) }
        try output.commit()
    }

    func mode(_ path: String) -> mode_t {
        var info = stat()
        lstat(path, &info)
        return info.st_mode
    }

    func entries(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    @Test("A symlink planted at the old temporary name is not followed")
    func plantedSymlinkIsNotFollowed() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let victim = "\(directory)/victim"
        try "precious\n".write(toFile: victim, atomically: false, encoding: .utf8)
        let out = "\(directory)/out.jsonl"
        symlink(victim, "\(out).tmp-\(getpid())")
        try writeLines("{}\n", to: out)
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "{}\n")
    }

    @Test("A symlink at the target stays a link; the file it points to is replaced")
    func symlinkTargetIsWrittenThrough() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: "\(directory)/real", withIntermediateDirectories: false)
        let real = "\(directory)/real/data.jsonl"
        try "old\n".write(toFile: real, atomically: false, encoding: .utf8)
        let link = "\(directory)/out.jsonl"
        symlink("real/data.jsonl", link)
        try writeLines("new\n", to: link)
        #expect(mode(link) & S_IFMT == S_IFLNK)
        #expect(try String(contentsOfFile: real, encoding: .utf8) == "new\n")
        // The same through the atomic writer the other commands use.
        try AtomicFile.write("third\n", to: link)
        #expect(mode(link) & S_IFMT == S_IFLNK)
        #expect(try String(contentsOfFile: real, encoding: .utf8) == "third\n")
        #expect(try entries("\(directory)/real") == ["data.jsonl"])
    }

    @Test("A character device behind the target is written through, not replaced")
    func deviceIsNotReplaced() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let link = "\(directory)/out.jsonl"
        symlink("/dev/null", link)
        try writeLines("{}\n", to: link)
        try AtomicFile.write("x", to: link)
        #expect(mode(link) & S_IFMT == S_IFLNK)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "/dev/null")
        #expect(mode("/dev/null") & S_IFMT == S_IFCHR)
        #expect(try entries(directory) == ["out.jsonl"])
    }

    @Test("A pipe named through /dev/fd (as /dev/stdout is) is written through")
    func pipeIsWrittenThrough() throws {
        let pipe = Pipe()
        let path = "/dev/fd/\(pipe.fileHandleForWriting.fileDescriptor)"
        try writeLines("{\"a\":1}\n", to: path)
        try AtomicFile.write("x\n", to: path)
        try pipe.fileHandleForWriting.close()
        let received = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(received == "{\"a\":1}\nx\n")
    }

    @Test("A replaced file keeps its permissions; a new one gets 0666 & ~umask")
    func permissionsAreKept() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let existing = "\(directory)/private.jsonl"
        try "old\n".write(toFile: existing, atomically: false, encoding: .utf8)
        chmod(existing, 0o600)
        try writeLines("new\n", to: existing)
        #expect(mode(existing) & 0o7777 == 0o600)
        chmod(existing, 0o640)
        try AtomicFile.write("newer\n", to: existing)
        #expect(mode(existing) & 0o7777 == 0o640)
        let fresh = "\(directory)/fresh.jsonl"
        let previous = umask(0o027)
        defer { umask(previous) }
        try writeLines("{}\n", to: fresh)
        #expect(mode(fresh) & 0o7777 == 0o640)
    }

    @Test("Temporary files of dead writers of the same target are removed; others stay")
    func staleTemporaryFilesAreRemoved() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let deadPID = 99_999_999  // above any pid_max
        let stale = [".out.jsonl.panet-tmp-\(deadPID)-a1B2c3", "out.jsonl.tmp-\(deadPID)"]
        let kept = [".out.jsonl.panet-tmp-\(getpid())-zzzzzz", ".other.jsonl.panet-tmp-\(deadPID)-a1B2c3", "out.jsonl.tmp-notapid"]
        for name in stale + kept { try "partial".write(toFile: "\(directory)/\(name)", atomically: false, encoding: .utf8) }
        try writeLines("{}\n", to: "\(directory)/out.jsonl")
        #expect(try entries(directory) == (kept + ["out.jsonl"]).sorted())
    }

    @Test("An output dropped without commit leaves neither a file nor a temporary file")
    func abandonedOutputLeavesNothing() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let output = try JSONLinesOutput(path: "\(directory)/out.jsonl")
            try output.append { $0 += Array("{}\n".utf8) }
            try output.flush()
        }
        #expect(try entries(directory).isEmpty)
        #expect(throws: DatasetCatalogError.self) { try JSONLinesOutput(path: directory) }
    }
}
