#if canImport(Glibc)
import Glibc
#endif

/// Writes files atomically: to a temporary file in the same directory, flushed, then renamed over
/// the target, so readers see the old file or the new one, never a half-written one.
public enum AtomicFile {
    /// Replaces the file at `path` with `bytes`.
    ///
    /// - Throws: `RDFParsingError.io` naming the path when any step fails; the temporary file is removed.
    public static func write(_ bytes: some Collection<UInt8>, to path: String) throws {
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        var template = Array(((directory.isEmpty ? "/" : directory) + "/.panet-tmp-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw RDFParsingError.io(path: path, message: "cannot create a temporary file: \(String(cString: strerror(errno)))")
        }
        let temporaryPath = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var succeeded = false
        defer {
            if !succeeded { unlink(temporaryPath) }
        }
        let data = Array(bytes)
        var offset = 0
        while offset < data.count {
            let written = data[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                let message = String(cString: strerror(errno))
                close(descriptor)
                throw RDFParsingError.io(path: path, message: "write failed: \(message)")
            }
            offset += written
        }
        if fsync(descriptor) != 0 || close(descriptor) != 0 {
            throw RDFParsingError.io(path: path, message: "cannot flush: \(String(cString: strerror(errno)))")
        }
        fchmodat(AT_FDCWD, temporaryPath, 0o644, 0)
        guard rename(temporaryPath, path) == 0 else {
            throw RDFParsingError.io(path: path, message: "cannot replace: \(String(cString: strerror(errno)))")
        }
        succeeded = true
    }

    /// Replaces the file at `path` with the UTF-8 bytes of `text`.
    public static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }
}
