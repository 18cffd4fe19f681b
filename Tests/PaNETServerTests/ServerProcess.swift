import Foundation
import Synchronization
import TestSupport

/// A `panet serve` process started for a test on a free port, stopped by `stop()`.
final class ServerProcess: Sendable {
    let process: Process
    let port: Int
    private let errorText: LockedText

    /// Everything the server wrote to stderr so far (its log).
    var log: String { errorText.value }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts `panet serve --port 0 arguments…` and waits until it listens.
    init(_ arguments: [String], timeout: Duration = .seconds(60)) throws {
        let process = Process()
        process.executableURL = PanetProcess.executable
        process.arguments = ["serve", "--port", "0"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "PANET_ONTOLOGY")
        process.environment = environment
        let errorPipe = Pipe()
        process.standardError = errorPipe
        process.standardOutput = FileHandle.nullDevice
        let text = LockedText()
        errorPipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { text.append(data) }
        }
        try process.run()
        let deadline = ContinuousClock.now + timeout
        var found: Int?
        while found == nil, ContinuousClock.now < deadline, process.isRunning {
            Thread.sleep(forTimeInterval: 0.05)
            found = Self.listeningPort(in: text.value)
        }
        guard let found else {
            if process.isRunning { process.terminate() }
            throw ServerProcessError.notListening(text.value)
        }
        self.process = process
        self.port = found
        self.errorText = text
    }

    /// The port from Hummingbird's "Server started and listening" log line.
    static func listeningPort(in log: String) -> Int? {
        for line in log.split(separator: "\n") where line.contains("listening") {
            if let range = line.range(of: "127.0.0.1:") {
                let digits = line[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits) { return port }
            }
        }
        return nil
    }

    /// Sends `signal` to the server.
    func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// SIGTERM, then waits for the exit; returns the exit status.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// GET `path` with URLSession-free plain sockets: (status, body).
    func get(_ path: String, timeout: TimeInterval = 10) throws -> (status: Int, body: String) {
        try HTTPGet.fetch(host: "127.0.0.1", port: port, path: path, timeout: timeout)
    }
}

/// Bytes appended from a pipe handler and read from the test.
final class LockedText: Sendable {
    private let storage = Mutex(Data())

    func append(_ data: Data) { storage.withLock { $0.append(data) } }

    var data: Data { storage.withLock { $0 } }

    var value: String { String(decoding: data, as: UTF8.self) }
}

enum ServerProcessError: Error, CustomStringConvertible {
    case notListening(String)
    case http(String)

    var description: String {
        switch self {
        case .notListening(let log): return "server did not start listening; log:\n\(log)"
        case .http(let message): return message
        }
    }
}

/// A minimal HTTP/1.1 GET over a blocking socket (enough for tests against our own server).
enum HTTPGet {
    static func fetch(host: String, port: Int, path: String, timeout: TimeInterval) throws -> (status: Int, body: String) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ServerProcessError.http("socket failed") }
        defer { close(descriptor) }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw ServerProcessError.http("connect failed") }
        let request = "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(descriptor, $0, strlen($0), 0) }
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        let text = String(decoding: data, as: UTF8.self)
        guard let headerEnd = text.range(of: "\r\n\r\n"),
              let status = Int(text.split(separator: " ").dropFirst().first ?? "") else {
            throw ServerProcessError.http("malformed response: \(text.prefix(200))")
        }
        var body = String(text[headerEnd.upperBound...])
        if text[..<headerEnd.lowerBound].lowercased().contains("transfer-encoding: chunked") { body = dechunk(body) }
        return (status, body)
    }

    static func dechunk(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let lineEnd = rest.range(of: "\r\n"), let size = Int(rest[..<lineEnd.lowerBound], radix: 16), size > 0 {
            let start = lineEnd.upperBound
            let bytes = Array(rest[start...].utf8)
            result += String(decoding: bytes.prefix(size), as: UTF8.self)
            rest = Substring(String(decoding: bytes.dropFirst(size + 2), as: UTF8.self))
        }
        return result
    }
}

/// A raw TCP connection to a server, for requests no HTTP client sends (partial, malformed, idle).
final class RawConnection {
    private let descriptor: Int32

    /// Connects to 127.0.0.1:`port`.
    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ServerProcessError.http("socket failed") }
        var tv = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(descriptor)
            throw ServerProcessError.http("connect failed")
        }
    }

    deinit { close(descriptor) }

    /// Sends all of `text`.
    func send(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return }
            bytes = bytes.dropFirst(sent)
        }
    }

    /// What the server sends until it closes the connection or `timeout` passes.
    func read(timeout: Duration) -> (text: String, closed: Bool) {
        let deadline = ContinuousClock.now + timeout
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while ContinuousClock.now < deadline {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 { return (String(decoding: data, as: UTF8.self), true) }
            if count < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { continue }
                return (String(decoding: data, as: UTF8.self), true)
            }
            data.append(contentsOf: buffer[0..<count])
        }
        return (String(decoding: data, as: UTF8.self), false)
    }
}

/// The status code and body of a raw HTTP/1.1 response text.
func parseRawResponse(_ text: String) -> (status: Int, body: String)? {
    guard let headerEnd = text.range(of: "\r\n\r\n"), let status = Int(text.split(separator: " ").dropFirst().first ?? "") else {
        return nil
    }
    return (status, String(text[headerEnd.upperBound...]))
}
