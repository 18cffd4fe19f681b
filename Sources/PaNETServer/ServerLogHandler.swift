import Logging
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The log lines of `panet serve`, in the layout of swift-log's `StreamLogHandler`
/// (`<time> <level> <label>: <key=value ...> [<source>] <message>`, keys sorted), built with plain
/// string appends and written with one `write(2)` per line. The access log writes a line per
/// request: through `StreamLogHandler` (a format string, a sorted copy of the metadata, stdio
/// locking and a flush per line) it took about a sixth of the server's time.
public struct ServerLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadataProvider: Logger.MetadataProvider?
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let descriptor: Int32

    /// A handler writing to `descriptor` (standard error by default).
    public init(label: String, descriptor: Int32 = 2, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.descriptor = descriptor
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty {
            merged.merge(provided) { _, new in new }
        }
        if let explicit = event.metadata, !explicit.isEmpty {
            merged.merge(explicit) { _, new in new }
        }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        var line = LogTimestamp.now()
        line.reserveCapacity(160)
        line += " "
        line += event.level.rawValue
        if !label.isEmpty {
            line += " "
            line += label
        }
        line += ":"
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            line += " "
            line += key
            line += "="
            line += value.description
        }
        line += " ["
        line += event.source
        line += "] "
        line += event.message.description
        line += "\n"
        Self.write(line, to: descriptor)
    }

    /// Held while a line is written, so that lines from several threads never interleave (a pipe
    /// keeps only writes up to 4 KiB whole).
    private static let writing = Mutex(())

    /// Writes all of `line`, retrying after interruptions and short writes; drops it on other errors
    /// (a log line must never stop the server).
    static func write(_ line: String, to descriptor: Int32) {
        var line = line
        line.withUTF8 { bytes in
            writing.withLock { _ in
                var offset = 0
                while offset < bytes.count {
                    let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if written > 0 {
                        offset += written
                    } else if written < 0 && errno == EINTR {
                        continue
                    } else {
                        return
                    }
                }
            }
        }
    }
}

/// The local time as `StreamLogHandler` writes it (`2026-11-25T21:41:13+0000`), formatted at most
/// once a second.
enum LogTimestamp {
    private static let cache = Mutex<(second: Int, text: String)>((-1, ""))

    static func now() -> String {
        var seconds = time(nil)
        if let text = cache.withLock({ $0.second == seconds ? $0.text : nil }) { return text }
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else { return "<unknown>" }
        var buffer = [CChar](repeating: 0, count: 64)
        let length = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        let text = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        cache.withLock { $0 = (seconds, text) }
        return text
    }
}
