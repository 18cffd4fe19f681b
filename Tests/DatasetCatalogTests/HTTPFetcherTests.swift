import DatasetCatalog
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport

/// A loopback server for the fetcher tests, forwarding to the OAI test server on `targetPort`.
///
/// `/302/<path>` answers 302 with a relative `Location: /301/<path>`, which answers 301 with
/// `http://127.0.0.1:<targetPort>/<path>` (query kept); `/loop` redirects to itself; `/hops/<n>`
/// redirects to `/hops/<n-1>` until 0 answers 200; `/echo` returns the `User-Agent` it received,
/// gzip-compressed when the request accepts gzip; anything else is a 404 with `X-Fixture: missing`.
final class FetcherTestServer {
    static let script = """
        import gzip, signal, sys
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        target = int(sys.argv[1])

        class Handler(BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'

            def log_message(self, *args):
                pass

            def answer(self, status, headers=(), body=b''):
                self.send_response(status)
                for key, value in headers:
                    self.send_header(key, value)
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                path = self.path
                if path.startswith('/302/'):
                    self.answer(302, [('Location', '/301/' + path[5:])])
                elif path.startswith('/301/'):
                    self.answer(301, [('Location', 'http://127.0.0.1:%d/%s' % (target, path[5:]))])
                elif path == '/loop':
                    self.answer(302, [('Location', '/loop')])
                elif path.startswith('/hops/'):
                    left = int(path[6:])
                    if left > 0:
                        self.answer(302, [('Location', '/hops/%d' % (left - 1))])
                    else:
                        self.answer(200, body=b'arrived')
                elif path == '/echo':
                    body = self.headers.get('User-Agent', '').encode()
                    if 'gzip' in self.headers.get('Accept-Encoding', ''):
                        self.answer(200, [('Content-Encoding', 'gzip')], gzip.compress(body))
                    else:
                        self.answer(200, body=body)
                else:
                    self.answer(404, [('X-Fixture', 'missing'), ('Content-Type', 'text/plain')], b'not here')

        signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
        server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """

    private let server: PythonTestServer
    var port: Int { server.port }

    init(targetPort: Int) throws {
        server = try PythonTestServer(["-c", Self.script, String(targetPort)])
    }

    func url(_ path: String) -> URL {
        URL(string: "http://127.0.0.1:\(port)\(path)")!
    }
}

/// A TCP socket on a fresh loopback port; when `listening`, the kernel accepts connections that nobody answers.
func loopbackSocket(listening: Bool) throws -> (descriptor: Int32, port: Int) {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw DatasetCatalogError.badQuery("socket() failed") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ready = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
                && (!listening || listen(descriptor, 4) == 0)
        }
    }
    guard ready else {
        close(descriptor)
        throw DatasetCatalogError.badQuery("cannot bind a loopback port")
    }
    return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
}

/// A loopback TCP port nobody listens on: bound to a fresh port and closed again.
func closedLoopbackPort() throws -> Int {
    let (descriptor, port) = try loopbackSocket(listening: false)
    close(descriptor)
    return port
}

@Suite("HTTP fetcher over AsyncHTTPClient", .serialized)
struct HTTPFetcherTests {
    let fetcher = AsyncHTTPClientFetcher()

    @Test("A refused connection is a transport error naming the host, raised at once")
    func refusedConnection() throws {
        let port = try closedLoopbackPort()
        let started = Date()
        let error = #expect(throws: HTTPTransportError.self) {
            try fetcher.get(URL(string: "http://127.0.0.1:\(port)/oai")!, timeout: 30)
        }
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(error?.message.contains("127.0.0.1:\(port)") == true)
    }

    @Test("302 (relative Location) then 301 (to another port) are followed, query kept")
    func followsRedirects() throws {
        let oai = try OAITestServer()
        let server = try FetcherTestServer(targetPort: oai.port)
        let response = try fetcher.get(server.url("/302/ok/oai?verb=Identify"), timeout: 10)
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self).contains("<repositoryName>test</repositoryName>"))
        #expect(try oai.requests().last == ["verb": "Identify"])
    }

    @Test("A harvest whose endpoint redirects stores every record")
    func harvestsThroughRedirect() throws {
        let oai = try OAITestServer()
        let server = try FetcherTestServer(targetPort: oai.port)
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let index = try DatasetIndex(path: directory.appendingPathComponent("r.db").path)
        var options = HarvestOptions(endpoint: server.url("/302/ok/oai"), metadataPrefix: "oai_datacite")
        options.backoff = 0.05
        options.timeout = 10
        let harvester = OAIHarvester(options: options, index: index, annotator: RecordAnnotator(ontology: Fixtures.panet),
                                     fetcher: fetcher)
        let summary = try harvester.run()
        #expect(summary.pages == 3)
        #expect(summary.stored == 4)
    }

    @Test("Redirect loops and chains over the limit are transport errors")
    func redirectLimits() throws {
        let server = try FetcherTestServer(targetPort: 9)
        #expect(try fetcher.get(server.url("/hops/10"), timeout: 10).body == Data("arrived".utf8))
        let tooMany = #expect(throws: HTTPTransportError.self) { try fetcher.get(server.url("/hops/11"), timeout: 10) }
        #expect(tooMany?.message.contains("more than 10 redirects") == true)
        let loop = #expect(throws: HTTPTransportError.self) { try fetcher.get(server.url("/loop"), timeout: 10) }
        #expect(loop?.message.contains("loop") == true)
    }

    @Test("4xx is a response with lower-cased header names; User-Agent is sent; gzip is decoded")
    func responsesAndHeaders() throws {
        let server = try FetcherTestServer(targetPort: 9)
        let missing = try fetcher.get(server.url("/missing"), timeout: 10)
        #expect(missing.status == 404)
        #expect(missing.headers["x-fixture"] == "missing")
        #expect(missing.body == Data("not here".utf8))
        let echo = try fetcher.get(server.url("/echo"), timeout: 10)
        #expect(echo.status == 200)
        #expect(echo.headers["content-encoding"] == "gzip")
        #expect(echo.body == Data("panet-harvester".utf8))
    }

    @Test("A body over the size limit is a transport error")
    func bodySizeLimit() throws {
        let oai = try OAITestServer()
        let small = AsyncHTTPClientFetcher(maxBodySize: 64)
        let error = #expect(throws: HTTPTransportError.self) {
            try small.get(oai.url("ok").appending(queryItems: [URLQueryItem(name: "verb", value: "Identify")]), timeout: 10)
        }
        #expect(error?.message.contains("exceeds the limit") == true)
    }

    @Test("A server that never answers is cut off by the timeout")
    func timeout() throws {
        let (listener, port) = try loopbackSocket(listening: true)
        defer { close(listener) }
        let started = Date()
        let error = #expect(throws: HTTPTransportError.self) {
            try fetcher.get(URL(string: "http://127.0.0.1:\(port)/slow")!, timeout: 0.5)
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed >= 0.4 && elapsed < 5)
        #expect(error?.message.contains("within 0.5 s") == true)
    }
}
