#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Counts of one annotation run.
public struct AnnotationSummary: Sendable, Equatable {
    /// Records with at least one technique.
    public var annotated = 0
    /// Records read but naming no known technique.
    public var unmatched = 0
    /// Records that could not be read.
    public var failed = 0
    /// Deleted OAI records (removed from the index, not written).
    public var deleted = 0

    /// Every record read, failed or not.
    public var total: Int { annotated + unmatched + failed + deleted }
}

/// Buffered output to a file descriptor; a file is written to a temporary name and renamed into
/// place by `commit()`, so a failed run never leaves a half-written file.
public final class JSONLinesOutput {
    private let descriptor: Int32
    private let finalPath: String?
    private let temporaryPath: String?
    private var buffer: [UInt8] = []
    private var committed = false
    static let flushSize = 1 << 20

    /// Output to `path`, or to standard output for nil or `-`.
    public init(path: String?) throws {
        if let path, path != "-" {
            let temporary = path + ".tmp-\(getpid())"
            let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else { throw DatasetCatalogError.unwritable(path: path, reason: String(cString: strerror(errno))) }
            descriptor = fd
            finalPath = path
            temporaryPath = temporary
        } else {
            descriptor = 1
            finalPath = nil
            temporaryPath = nil
        }
        buffer.reserveCapacity(JSONLinesOutput.flushSize + 65_536)
    }

    deinit {
        if let temporaryPath, !committed {
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    /// Appends bytes through `body` and flushes when the buffer is full.
    public func append(_ body: (inout [UInt8]) -> Void) throws {
        body(&buffer)
        if buffer.count >= JSONLinesOutput.flushSize { try flush() }
    }

    /// Writes out the buffer.
    public func flush() throws {
        var offset = 0
        let name = finalPath ?? "<stdout>"
        try buffer.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            while offset < bytes.count {
                let written = write(descriptor, base + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw DatasetCatalogError.unwritable(path: name, reason: String(cString: strerror(errno)))
                }
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, and moves a file output into place.
    public func commit() throws {
        try flush()
        guard let temporaryPath, let finalPath else { return }
        if fsync(descriptor) != 0 || close(descriptor) != 0 {
            throw DatasetCatalogError.unwritable(path: finalPath, reason: String(cString: strerror(errno)))
        }
        committed = true
        if rename(temporaryPath, finalPath) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw DatasetCatalogError.unwritable(path: finalPath, reason: reason)
        }
    }
}

/// Annotates files of records into JSON Lines and/or the index.
public struct BatchAnnotation {
    /// The annotator used.
    public let annotator: RecordAnnotator

    /// A batch over `annotator`.
    public init(annotator: RecordAnnotator) {
        self.annotator = annotator
    }

    /// Reads every input, annotates each record, and writes the annotated records to `output` and
    /// stores them in `index` (one transaction for the whole batch).
    ///
    /// Records that cannot be read are passed to `report` and counted; the rest go on.
    /// - Throws: I/O and database errors (nothing is committed then).
    public func run(inputs: [String], format: InputFormat?, output: JSONLinesOutput?, index: DatasetIndex?,
                    report: (RecordFailure) -> Void) throws -> AnnotationSummary {
        var summary = AnnotationSummary()
        func process(_ writer: IndexWriter?) throws {
            for input in inputs {
                try RecordReader.read(path: input, format: format) { result in
                    switch result {
                    case .failure(let failure):
                        summary.failed += 1
                        report(failure)
                    case .success(let record):
                        if record.isDeleted {
                            summary.deleted += 1
                            try writer?.delete(id: record.id)
                            return
                        }
                        let annotation = annotator.annotate(record)
                        if annotation.techniques.isEmpty { summary.unmatched += 1 } else { summary.annotated += 1 }
                        try output?.append { buffer in
                            annotator.writeAnnotatedRecord(record, annotation, into: &buffer)
                            buffer.append(0x0A)
                        }
                        try writer?.store(record, annotation, annotator: annotator)
                    }
                }
            }
        }
        if let index {
            try index.write { writer in
                try process(writer)
                try writer.setOntologyVersion(annotator.ontologyVersion)
            }
        } else {
            try process(nil)
        }
        try output?.commit()
        return summary
    }
}
