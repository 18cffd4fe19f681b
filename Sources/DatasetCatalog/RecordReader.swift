#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The shape of an input file.
public enum InputFormat: String, Sendable, CaseIterable {
    /// OAI-PMH XML (`ListRecords`, `GetRecord`, a single `record`, or a bare DataCite `resource`).
    case oai
    /// A JSON document: one dataset object, an array of them, or a LoopBack memory database.
    case panosc
    /// JSON Lines: one dataset object per line.
    case jsonl

    /// Guesses the format from a file name and its first bytes.
    public static func detect(path: String, prefix: [UInt8]) -> InputFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".xml") { return .oai }
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonl }
        if lower.hasSuffix(".json") { return .panosc }
        guard let first = prefix.firstIndex(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) }) else {
            return .jsonl
        }
        switch prefix[first] {
        case UInt8(ascii: "<"): return .oai
        case UInt8(ascii: "["): return .panosc
        default:
            // One object per line when the first object closes before the first newline.
            var depth = 0, inString = false, escaped = false
            for byte in prefix[first...] {
                if inString {
                    if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
                    continue
                }
                switch byte {
                case 0x22: inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return .jsonl }
                case 0x0A: return .panosc
                default: break
                }
            }
            return .jsonl
        }
    }
}

/// One item a reader produces: a record, or a record that could not be read.
public typealias RecordResult = Result<DatasetRecord, RecordFailure>

/// A file or standard input read in large chunks.
final class ByteSource {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    let name: String
    static let chunkSize = 1 << 20

    /// Opens `path`, or standard input for `-`.
    init(path: String) throws {
        if path == "-" {
            descriptor = 0
            ownsDescriptor = false
            name = "<stdin>"
        } else {
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw DatasetCatalogError.unreadable(path: path, reason: String(cString: strerror(errno))) }
            var info = stat()
            if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
                close(fd)
                throw DatasetCatalogError.unreadable(path: path, reason: "is a directory")
            }
            descriptor = fd
            ownsDescriptor = true
            name = path
        }
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// Appends up to `chunkSize` bytes to `buffer`; returns false at end of file.
    func read(into buffer: inout [UInt8]) throws -> Bool {
        let start = buffer.count
        buffer.reserveCapacity(start + ByteSource.chunkSize)
        var got = 0
        buffer.append(contentsOf: repeatElement(0, count: ByteSource.chunkSize))
        while true {
            got = buffer.withUnsafeMutableBufferPointer { pointer in
                guard let base = pointer.baseAddress else { return 0 }
                return Glibc.read(descriptor, base + start, ByteSource.chunkSize)
            }
            if got < 0 && errno == EINTR { continue }
            break
        }
        if got < 0 {
            buffer.removeLast(ByteSource.chunkSize)
            throw DatasetCatalogError.unreadable(path: name, reason: String(cString: strerror(errno)))
        }
        buffer.removeLast(ByteSource.chunkSize - got)
        return got > 0
    }
}

/// Streams the records of files in any supported format, a record at a time, so memory stays
/// flat however large the file (a JSON array is split element by element as it is read).
public enum RecordReader {
    /// Reads every record of `path` (`-` for standard input).
    ///
    /// A record that cannot be read is handed to `body` as a failure with its position, and
    /// reading goes on with the next one.
    /// - Parameters:
    ///   - path: The file, or `-`.
    ///   - format: The input format; nil detects it from the name and the first bytes.
    ///   - body: Called for each record or failure, in file order.
    /// - Throws: `DatasetCatalogError.unreadable` when the file cannot be read, `.malformedJSON` with
    ///   the position when a JSON document is not an object, objects or an array of objects (or is
    ///   truncated between records), and whatever `body` throws.
    public static func read(path: String, format: InputFormat? = nil, _ body: (RecordResult) throws -> Void) throws {
        let input = try ByteSource(path: path)
        var buffer: [UInt8] = []
        var atEnd = !(try input.read(into: &buffer))
        let chosen = format ?? InputFormat.detect(path: path, prefix: Array(buffer.prefix(65_536)))
        let source = input.name
        func more(_ buffer: inout [UInt8]) throws -> Bool {
            if atEnd { return false }
            atEnd = !(try input.read(into: &buffer))
            return !atEnd
        }
        switch chosen {
        case .jsonl:
            try readLines(&buffer, more: more, source: source, body)
        case .panosc:
            var splitter = JSONDocumentSplitter(source: source)
            var ordinal = 0
            func emit(_ element: JSONDocumentSplitter.Element) throws {
                ordinal += 1
                switch element {
                case .object(let bytes, let line):
                    try deliver(bytes, source: source, line: line, ordinal: ordinal, body)
                }
            }
            repeat {
                try splitter.feed(buffer, emit)
                buffer.removeAll(keepingCapacity: true)
            } while try more(&buffer)
            try splitter.finish(emit)
        case .oai:
            var splitter = XMLRecordSplitter(source: source)
            repeat {
                let consumed = try splitter.scan(buffer, isFinal: atEnd) { chunk in
                    try body(XMLRecordReader.record(chunk, source: source))
                }
                buffer.removeFirst(consumed)
            } while try more(&buffer)
            _ = try splitter.scan(buffer, isFinal: true) { chunk in
                try body(XMLRecordReader.record(chunk, source: source))
            }
        }
    }

    static func deliver(_ bytes: UnsafeBufferPointer<UInt8>, source: String, line: Int, ordinal: Int,
                        _ body: (RecordResult) throws -> Void) throws {
        let position = "line \(line)"
        let records: [DatasetRecord]
        do {
            records = try JSONRecordReader.records(in: bytes, source: source, position: position, firstLine: line, ordinal: ordinal)
        } catch let error as DatasetCatalogError {
            try body(.failure(RecordFailure(source: source, position: position, error: error)))
            return
        }
        for record in records { try body(.success(record)) }
    }

    static func deliver(_ bytes: [UInt8], source: String, line: Int, ordinal: Int, _ body: (RecordResult) throws -> Void) throws {
        try bytes.withUnsafeBufferPointer { try deliver($0, source: source, line: line, ordinal: ordinal, body) }
    }

    /// JSON Lines: each non-blank line is one object, so a broken line costs only itself.
    static func readLines(_ buffer: inout [UInt8], more: (inout [UInt8]) throws -> Bool, source: String,
                          _ body: (RecordResult) throws -> Void) throws {
        var line = 1, ordinal = 0
        var start = 0
        func process(_ pointer: UnsafeBufferPointer<UInt8>, _ lower: Int, _ upper: Int) throws {
            var lower = lower, upper = upper
            while lower < upper, pointer[lower] == 0x20 || pointer[lower] == 0x09 || pointer[lower] == 0x0D { lower += 1 }
            while upper > lower, pointer[upper - 1] == 0x20 || pointer[upper - 1] == 0x09 || pointer[upper - 1] == 0x0D { upper -= 1 }
            if line == 1, upper - lower >= 3, pointer[lower] == 0xEF, pointer[lower + 1] == 0xBB, pointer[lower + 2] == 0xBF { lower += 3 }
            guard lower < upper else { return }
            ordinal += 1
            try deliver(UnsafeBufferPointer(rebasing: pointer[lower..<upper]), source: source, line: line, ordinal: ordinal, body)
        }
        while true {
            try buffer.withUnsafeBufferPointer { pointer in
                guard let base = pointer.baseAddress else { return }
                while start < pointer.count, let found = memchr(base + start, 0x0A, pointer.count - start) {
                    let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    try process(pointer, start, index)
                    line += 1
                    start = index + 1
                }
            }
            buffer.removeFirst(start)
            start = 0
            if !(try more(&buffer)) { break }
        }
        try buffer.withUnsafeBufferPointer { try process($0, 0, $0.count) }
    }
}

/// Splits a JSON document (one object, several objects in a row, or an array of objects) into
/// its objects without parsing them, byte by byte, so a large array never sits in memory whole.
struct JSONDocumentSplitter {
    enum Element {
        case object(UnsafeBufferPointer<UInt8>, line: Int)
    }

    let source: String
    private var mode: Mode = .undecided
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var element: [UInt8] = []
    private var elementLine = 0
    private var line = 1
    /// The column of the byte being read (1-based; 0 right after a newline).
    private var column = 0
    private var elementCount = 0
    private var stopped = false

    private enum Mode { case undecided, array, objects, done }

    init(source: String) {
        self.source = source
    }

    /// A document that is not an object, objects in a row or an array of objects cannot be read
    /// record by record: the whole file is refused at the offending byte.
    private mutating func fail(_ message: String, _ emit: (Element) throws -> Void) throws {
        stopped = true
        throw DatasetCatalogError.malformedJSON(source: source, line: line, column: column, message: message)
    }

    mutating func feed(_ chunk: [UInt8], _ emit: (Element) throws -> Void) throws {
        guard !stopped else { return }
        for byte in chunk {
            if byte == 0x0A {
                line += 1
                column = 0
            } else {
                column += 1
            }
            let base = mode == .array ? 1 : 0
            if depth > base {
                element.append(byte)
                if inString {
                    if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
                    continue
                }
                switch byte {
                case 0x22: inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == base {
                        elementCount += 1
                        try element.withUnsafeBufferPointer { try emit(.object($0, line: elementLine)) }
                        element.removeAll(keepingCapacity: true)
                    }
                default: break
                }
                continue
            }
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { continue }
            switch mode {
            case .undecided:
                if byte == 0xEF || byte == 0xBB || byte == 0xBF { continue }
                if byte == UInt8(ascii: "[") { mode = .array; depth = 1; continue }
                if byte == UInt8(ascii: "{") { mode = .objects; start(byte); continue }
                try fail("expected a JSON object or an array of objects, found \(JSONDocumentSplitter.describe(byte))", emit)
                return
            case .objects:
                if byte == UInt8(ascii: "{") { start(byte); continue }
                try fail("unexpected text between JSON objects", emit)
                return
            case .array:
                if byte == UInt8(ascii: ",") { continue }
                if byte == UInt8(ascii: "]") { mode = .done; depth = 0; continue }
                if byte == UInt8(ascii: "{") { start(byte); continue }
                try fail("array element \(elementCount + 1) is not an object", emit)
                return
            case .done:
                try fail("unexpected text after the closing ']'", emit)
                return
            }
        }
    }

    /// A byte as a message quotes it.
    static func describe(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }

    private mutating func start(_ byte: UInt8) {
        element.removeAll(keepingCapacity: true)
        element.append(byte)
        elementLine = line
        depth += 1
    }

    mutating func finish(_ emit: (Element) throws -> Void) throws {
        guard !stopped else { return }
        let base = mode == .array ? 1 : 0
        if depth > base {
            try fail("truncated: the object starting on line \(elementLine) is not closed", emit)
        } else if mode == .array {
            try fail("truncated: the array is not closed with ']'", emit)
        }
    }
}
