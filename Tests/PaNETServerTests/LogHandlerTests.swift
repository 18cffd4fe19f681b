import Foundation
import Hummingbird
import Logging
@testable import PaNETServer
import Testing

/// `ServerLogHandler` writes swift-log's `StreamLogHandler` layout, so that the access log reads the
/// same as before it replaced that handler.
@Suite("Server log lines")
struct LogHandlerTests {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "disk full" }
    }

    /// The lines written by `body` through a handler on a pipe.
    static func lines(label: String = "panet.serve", _ body: (inout Logger) -> Void) throws -> [String] {
        let pipe = Pipe()
        var logger = Logger(label: label) { label in
            ServerLogHandler(label: label, descriptor: pipe.fileHandleForWriting.fileDescriptor)
        }
        body(&logger)
        try pipe.fileHandleForWriting.close()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test("time, level, label, sorted metadata, source and message, one line each")
    func layout() throws {
        let lines = try Self.lines { logger in
            logger[metadataKey: "hb.request.id"] = "42"
            logger.info("request", metadata: ["http.status": "200", "http.method": "GET"], source: "PaNETServer")
            logger.warning("reload failed", metadata: ["hb.request.id": "43"], source: "PaNETServer")
        }
        #expect(lines.count == 3 && lines[2].isEmpty, "two lines, each ended by a newline: \(lines)")
        let time = #/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4} /#
        #expect(lines[0].prefixMatch(of: time) != nil, "\(lines[0])")
        #expect(lines[0].hasSuffix(" info panet.serve: hb.request.id=42 http.method=GET http.status=200 [PaNETServer] request"),
                "\(lines[0])")
        #expect(lines[1].hasSuffix(" warning panet.serve: hb.request.id=43 [PaNETServer] reload failed"), "\(lines[1])")
    }

    @Test("an error adds its message and type; an empty label and no metadata leave no gaps")
    func errorAndEmptyLabel() throws {
        let withError = try Self.lines { logger in
            logger.error("could not write", error: Failure())
        }
        #expect(withError[0].contains(" error panet.serve: error.message=disk full error.type=PaNETServerTests.LogHandlerTests.Failure ["),
                "\(withError[0])")
        let bare = try Self.lines(label: "") { logger in logger.notice("started", source: "S") }
        #expect(bare[0].hasSuffix(" notice: [S] started"), "\(bare[0])")
    }

    @Test("durations in milliseconds with three decimals", arguments: [
        (0.0, "0.000"), (0.000127, "0.127"), (0.0000004, "0.000"), (0.0123456, "12.346"), (1.5, "1500.000"),
        (-1.0, "0.000"), (Double.nan, "0.000"),
    ])
    func milliseconds(_ seconds: Double, _ text: String) {
        #expect(MetricsMiddleware<BasicRequestContext>.milliseconds(seconds) == text)
    }
}
