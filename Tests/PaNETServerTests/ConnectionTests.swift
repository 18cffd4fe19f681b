import DatasetCatalog
import Foundation
import Hummingbird
import HummingbirdTesting
import PaNETServer
import TestSupport
import Testing

/// Connection limits and errors raised before routing, against the application on a live port.
@Suite("Connections", .serialized)
struct ConnectionTests {
    /// Runs `body` with the port of a live application configured by `edit`.
    func withLiveServer(_ edit: @escaping (inout ServerConfiguration) -> Void,
                        _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        try await Fixture.app(edit).test(.live) { client in
            try await body(try #require(client.port))
        }
    }

    /// The JSON error of a raw response: (status, error.status, error.message).
    func jsonError(_ text: String) -> (Int, Int?, String?)? {
        guard let (status, body) = parseRawResponse(text), let json = try? JSONValue.parse(body) else { return nil }
        return (status, json["error"]?["status"]?.int, json["error"]?["message"]?.stringValue)
    }

    @Test("An idle connection is closed after the idle timeout")
    func idleConnectionsAreClosed() async throws {
        try await withLiveServer({ $0.idleTimeout = .milliseconds(400) }) { port in
            let connection = try RawConnection(port: port)
            let started = ContinuousClock.now
            let (text, closed) = connection.read(timeout: .seconds(5))
            #expect(closed)
            #expect(text.isEmpty)
            #expect(ContinuousClock.now - started >= .milliseconds(300))
            // A keep-alive connection is closed the same way after its response.
            let kept = try RawConnection(port: port)
            kept.send("GET /health HTTP/1.1\r\nHost: test\r\n\r\n")
            let reply = kept.read(timeout: .seconds(5))
            #expect(reply.closed)
            #expect(parseRawResponse(reply.text)?.status == 200)
        }
    }

    @Test("A request head that does not arrive in time gets a JSON 408 and the connection is closed")
    func slowHeadersTimeOut() async throws {
        try await withLiveServer({ $0.headerTimeout = .milliseconds(400) }) { port in
            let connection = try RawConnection(port: port)
            connection.send("GET /health HTTP/1.1\r\nHost: te")
            let (text, closed) = connection.read(timeout: .seconds(5))
            #expect(closed)
            let error = try #require(jsonError(text), "\(text)")
            #expect(error.0 == 408 && error.1 == 408)
            #expect(error.2?.contains("request head") == true)
        }
    }

    /// Requests NIO's HTTP parser refuses: (name, request, status, part of the message).
    static let malformedRequests: [String: (request: String, status: Int, message: String)] = [
        "long request line": ("GET /" + String(repeating: "a", count: 90_000) + " HTTP/1.1\r\nHost: test\r\n\r\n",
                              414, "request line too long"),
        "large headers": ("GET / HTTP/1.1\r\nHost: test\r\nX-Big: " + String(repeating: "a", count: 90_000) + "\r\n\r\n",
                          431, "header fields too large"),
        "bad chunk size": ("POST /api/annotate HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                           + "Transfer-Encoding: chunked\r\n\r\nzz\r\n", 400, "chunk size"),
        "bad content length": ("GET / HTTP/1.1\r\nHost: test\r\nContent-Length: x1\r\n\r\n", 400, "Content-Length"),
    ]

    @Test("Requests the HTTP parser refuses get the JSON error shape",
          arguments: ["long request line", "large headers", "bad chunk size", "bad content length"])
    func parserErrorsAreJSON(name: String) async throws {
        let (request, status, message) = try #require(Self.malformedRequests[name])
        try await withLiveServer({ _ in }) { port in
            let connection = try RawConnection(port: port)
            connection.send(request)
            let (text, closed) = connection.read(timeout: .seconds(10))
            #expect(closed)
            let error = try #require(jsonError(text), "\(text.prefix(300))")
            #expect(error.0 == status && error.1 == status, "\(text.prefix(300))")
            #expect(error.2?.contains(message) == true, "\(text.prefix(300))")
        }
    }

    @Test("Past the connection cap, new clients wait until a connection closes")
    func connectionCap() throws {
        let server = try ServerProcess(["--no-access-log", "--max-connections", "2"])
        defer { server.stop() }
        var holders = [try RawConnection(port: server.port), try RawConnection(port: server.port)]
        Thread.sleep(forTimeInterval: 0.3)
        let waiting = try RawConnection(port: server.port)
        waiting.send("GET /health HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
        let early = waiting.read(timeout: .seconds(1))
        #expect(early.text.isEmpty, "answered past the cap: \(early.text.prefix(100))")
        holders.removeFirst()
        let late = waiting.read(timeout: .seconds(5))
        #expect(parseRawResponse(late.text)?.status == 200, "\(late.text.prefix(200))")
        #expect(holders.count == 1)
    }

    @Test("serve on a port in use says so and exits with status 2")
    func portInUse() throws {
        let server = try ServerProcess(["--no-access-log"])
        defer { server.stop() }
        let result = try PanetProcess.run(["serve", "--port", String(server.port), "--no-access-log"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("panet: port \(server.port) is in use"), "\(result.standardError)")
        #expect(!result.standardError.contains("errno"), "\(result.standardError)")
        let unavailable = try PanetProcess.run(["serve", "--host", "192.0.2.1", "--port", "0", "--no-access-log"])
        #expect(unavailable.status == 2)
        #expect(unavailable.standardError.contains("address 192.0.2.1 is not available"), "\(unavailable.standardError)")
    }
}
