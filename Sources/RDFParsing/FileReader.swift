#if canImport(Glibc)
import Glibc
#endif

/// Reads a file or standard input in chunks with POSIX calls, reporting failures as
/// `RDFParsingError.io`.
final class FileReader {
    let name: String
    private var descriptor: Int32
    private let ownsDescriptor: Bool

    init(source: RDFSource) throws {
        name = source.displayName
        if source.isStandardInput {
            descriptor = 0
            ownsDescriptor = false
            return
        }
        guard case .file(let path) = source else {
            throw RDFParsingError.io(path: source.displayName, message: "not a file")
        }
        try FileReader.checkRegularFile(path)
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw RDFParsingError.io(path: path, message: String(cString: strerror(errno)))
        }
        ownsDescriptor = true
    }

    /// Throws when `path` is missing, a directory or not a regular file.
    static func checkRegularFile(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw RDFParsingError.io(path: path, message: String(cString: strerror(errno)))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw RDFParsingError.io(path: path, message: "is a directory, not a file")
        }
    }

    /// Fills `buffer` from the start; returns the byte count, 0 at end of input.
    func read(into buffer: inout [UInt8]) throws -> Int {
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw RDFParsingError.io(path: name, message: String(cString: strerror(errno)))
        }
    }

    func close() {
        if ownsDescriptor && descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
    }
}
