import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

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

/// `HTTPFetching` over Foundation's `URLSession` (libcurl on Linux; http and https).
public final class URLSessionFetcher: HTTPFetching {
    private let session: URLSession

    /// A fetcher with its own ephemeral session.
    public init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    /// Performs a GET and waits for it; `timeout` bounds the wait for data.
    public func get(_ url: URL, timeout: TimeInterval) throws -> HTTPResponse {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.setValue("panet-harvester", forHTTPHeaderField: "User-Agent")
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            if let error {
                box.set(.failure(HTTPTransportError(message: error.localizedDescription)))
            } else if let http = response as? HTTPURLResponse {
                var headers: [String: String] = [:]
                for (key, value) in http.allHeaderFields {
                    if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
                }
                box.set(.success(HTTPResponse(status: http.statusCode, headers: headers, body: data ?? Data())))
            } else {
                box.set(.failure(HTTPTransportError(message: "no HTTP response")))
            }
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + timeout + 5) == .timedOut {
            task.cancel()
            throw HTTPTransportError(message: "timed out after \(Int(timeout)) s")
        }
        guard let result = box.take() else { throw HTTPTransportError(message: "no response") }
        return try result.get()
    }

    /// Hands the result from the session's delegate queue to the waiting thread.
    private final class ResultBox: Sendable {
        private let value = Mutex<Result<HTTPResponse, HTTPTransportError>?>(nil)
        func set(_ result: Result<HTTPResponse, HTTPTransportError>) { value.withLock { $0 = result } }
        func take() -> Result<HTTPResponse, HTTPTransportError>? { value.withLock { $0 } }
    }
}
