import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOSSL

/// An HTTP response: status, headers (lower-cased names) and body.
public struct HTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// Header fields with lower-cased names.
    public var headers: [String: String]
    /// The body.
    public var body: Data
}

/// Fetches URLs; a seam so harvests can be tested or run through other transports.
public protocol HTTPFetching: Sendable {
    /// GETs `url`, returning any response (including 4xx/5xx) or throwing on a transport failure.
    func get(_ url: URL, timeout: TimeInterval) throws -> HTTPResponse
}

/// A transport failure (timeout, refused connection, reset).
public struct HTTPTransportError: Error, Sendable, CustomStringConvertible {
    /// What happened.
    public var message: String
    public var description: String { message }
}

/// `HTTPFetching` over AsyncHTTPClient (SwiftNIO): http and https, redirects followed, gzip and deflate accepted.
///
/// Each fetcher owns one `HTTPClient` (a connection pool on the process-wide event loop group),
/// shut down without blocking when the fetcher is released.
public final class AsyncHTTPClientFetcher: HTTPFetching {
    /// The default limit on a (decompressed) response body: 512 MiB.
    public static let defaultMaxBodySize = 512 * 1024 * 1024

    private let client: HTTPClient
    private let maxBodySize: Int
    private let maxRedirects: Int

    /// A fetcher refusing bodies over `maxBodySize` bytes and chains of more than `maxRedirects` redirects.
    public init(maxBodySize: Int = AsyncHTTPClientFetcher.defaultMaxBodySize, maxRedirects: Int = 10) {
        precondition(maxBodySize >= 0 && maxBodySize <= Int(UInt32.max), "maxBodySize must be in 0...2^32-1")
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .follow(max: maxRedirects, allowCycles: false)
        configuration.decompression = .enabled(limit: .size(maxBodySize))
        // The harvester retries with its own backoff; a refused connection fails at once.
        configuration.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        self.maxBodySize = maxBodySize
        self.maxRedirects = maxRedirects
    }

    deinit {
        // Closes the pooled connections in the background; the event loop group is shared and stays up.
        client.shutdown { _ in }
    }

    /// Performs a GET and waits for it; `timeout` bounds the whole request, redirects included.
    ///
    /// Must not be called on a SwiftNIO event loop thread.
    public func get(_ url: URL, timeout: TimeInterval) throws -> HTTPResponse {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw HTTPTransportError(message: "\(url.absoluteString): only http and https URLs can be fetched")
        }
        let response: HTTPClient.Response
        do {
            var request = try HTTPClient.Request(url: url)
            request.headers.add(name: "User-Agent", value: "panet-harvester")
            request.headers.add(name: "Accept-Encoding", value: "gzip, deflate")
            let accumulator = ResponseAccumulator(request: request, maxBodySize: maxBodySize)
            let seconds = min(max(timeout, 0), 1e9)
            response = try client.execute(request: request, delegate: accumulator,
                                          deadline: .now() + .nanoseconds(Int64(seconds * 1e9))).futureResult.wait()
        } catch {
            throw transportError(error, url: url, timeout: timeout)
        }
        var headers: [String: String] = [:]
        for (name, value) in response.headers {
            let key = name.lowercased()
            headers[key] = headers[key].map { "\($0), \(value)" } ?? value
        }
        let body = response.body.map { Data($0.readableBytesView) } ?? Data()
        return HTTPResponse(status: Int(response.status.code), headers: headers, body: body)
    }

    /// A readable `HTTPTransportError` for a failure of the request to `url`.
    private func transportError(_ error: any Error, url: URL, timeout: TimeInterval) -> HTTPTransportError {
        let host = url.host.map { host in url.port.map { "\(host):\($0)" } ?? host } ?? url.absoluteString
        let limit = "\(maxBodySize / (1024 * 1024)) MiB (\(maxBodySize) bytes)"
        let reason: String
        switch error {
        case let error as HTTPClientError:
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                let seconds = timeout == timeout.rounded() && abs(timeout) < 1e15 ? String(Int(timeout)) : String(timeout)
                reason = "no complete response within \(seconds) s"
            case .connectTimeout, .getConnectionFromPoolTimeout:
                reason = "timed out connecting"
            case .tlsHandshakeTimeout:
                reason = "the TLS handshake timed out"
            case .remoteConnectionClosed:
                reason = "the server closed the connection before the response was complete"
            case .redirectLimitReached:
                reason = "more than \(maxRedirects) redirects"
            case .redirectCycleDetected:
                reason = "the redirects form a loop"
            default:
                reason = error.shortDescription.lowercased()
            }
        case let error as IOError:
            reason = "\(String(cString: strerror(error.errnoCode)).lowercased()) (errno \(error.errnoCode))"
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError:
            reason = "TLS error: \(error)"
        case is ResponseAccumulator.ResponseTooBigError:
            reason = "the response body exceeds the limit of \(limit)"
        case NIOHTTPDecompression.DecompressionError.limit:
            reason = "the decompressed response body exceeds the limit of \(limit)"
        default:
            reason = String(describing: error)
        }
        return HTTPTransportError(message: "request to \(host) failed: \(reason)")
    }
}
