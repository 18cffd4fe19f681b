#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RDFParsing

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
    /// Items of a shape no reader understands (neither written nor stored).
    public var skipped = 0

    /// Records read and understood: annotated, without a technique, or deleted.
    public var read: Int { annotated + unmatched + deleted }

    /// Every item met, whether read, failed or skipped.
    public var total: Int { read + failed + skipped }
}

/// Buffered JSON Lines output to standard output, or to a file through `AtomicFile.Writer` (a
/// temporary file renamed into place by `commit()`), so a failed run never leaves a half-written file.
public final class JSONLinesOutput {
    private let file: AtomicFile.Writer?
    private let name: String
    private var buffer: [UInt8] = []
    static let flushSize = 1 << 20

    /// Output to `path`, or to standard output for nil or `-`.
    ///
    /// - Throws: `DatasetCatalogError.unwritable` when the file cannot be created.
    public init(path: String?) throws {
        if let path, path != "-" {
            file = try JSONLinesOutput.mapping(path) { try AtomicFile.Writer(path: path) }
            name = path
        } else {
            file = nil
            name = "<stdout>"
        }
        buffer.reserveCapacity(JSONLinesOutput.flushSize + 65_536)
    }

    /// Runs `body`, turning the writer's I/O errors into `DatasetCatalogError.unwritable`.
    private static func mapping<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch RDFParsingError.io(_, let message) {
            throw DatasetCatalogError.unwritable(path: path, reason: message)
        }
    }

    /// Appends bytes through `body` and flushes when the buffer is full.
    public func append(_ body: (inout [UInt8]) -> Void) throws {
        body(&buffer)
        if buffer.count >= JSONLinesOutput.flushSize { try flush() }
    }

    /// Writes out the buffer.
    public func flush() throws {
        defer { buffer.removeAll(keepingCapacity: true) }
        if let file {
            try JSONLinesOutput.mapping(name) { try buffer.withUnsafeBytes { try file.write($0) } }
            return
        }
        var offset = 0
        try buffer.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            while offset < bytes.count {
                let written = write(1, base + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw DatasetCatalogError.unwritable(path: name, reason: String(cString: strerror(errno)))
                }
                offset += written
            }
        }
    }

    /// Flushes, and moves a file output into place.
    public func commit() throws {
        try flush()
        if let file { try JSONLinesOutput.mapping(name) { try file.commit() } }
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
    /// Records that cannot be read are passed to `report` and counted; the rest go on. Items of a
    /// shape no reader understands are skipped and counted; for each input where that happened, or
    /// that held no record at all, `note` receives one line saying so with the counts. `progress`
    /// receives the counts after each item.
    /// - Throws: I/O and database errors, and `DatasetCatalogError.noRecords` when no input held a
    ///   record (nothing is committed then).
    public func run(inputs: [String], format: InputFormat?, output: JSONLinesOutput?, index: DatasetIndex?,
                    note: (String) -> Void, report: (RecordFailure) -> Void,
                    progress: (AnnotationSummary) -> Void = { _ in }) throws -> AnnotationSummary {
        var summary = AnnotationSummary()
        func process(_ writer: IndexWriter?) throws {
            for input in inputs {
                let before = summary
                var firstSkipped: DatasetRecord?
                try RecordReader.read(path: input, format: format) { result in
                    defer { progress(summary) }
                    switch result {
                    case .failure(let failure):
                        summary.failed += 1
                        report(failure)
                    case .success(let record):
                        if !record.isRecognized {
                            summary.skipped += 1
                            if firstSkipped == nil { firstSkipped = record }
                            return
                        }
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
                let read = summary.read - before.read, skipped = summary.skipped - before.skipped
                let failed = summary.failed - before.failed
                let name = input == "-" ? "<stdin>" : input
                if let firstSkipped {
                    note("\(name): no record shape recognised in \(skipped) of \(read + skipped + failed) items "
                        + "(the first, at \(firstSkipped.position), \(BatchAnnotation.describeShape(firstSkipped))); "
                        + "\(read) records read, \(skipped) skipped")
                } else if read == 0 && failed == 0 {
                    note("\(name): no records found (the input is empty)")
                }
            }
            if summary.read == 0 { throw DatasetCatalogError.noRecords(inputs: inputs) }
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

    /// What a record not understood looks like: its members (JSON) or its element (XML), clipped.
    static func describeShape(_ record: DatasetRecord) -> String {
        switch record.original {
        case .json(let text):
            guard case .object(let members)? = try? JSONValue.parse(text, source: record.source) else {
                return "is not an object"
            }
            if members.isEmpty { return "is an empty object" }
            var listed = ""
            for (key, _) in members {
                let separator = listed.isEmpty ? "" : ", "
                if listed.count + separator.count + key.count > 160 { listed += ", ..."; break }
                listed += separator + key
            }
            return "has members \(listed)"
        case .xml(let text):
            let name = text.dropFirst().prefix { !($0.isWhitespace || $0 == ">" || $0 == "/") }.prefix(80)
            return "is an element <\(name)>"
        }
    }
}
