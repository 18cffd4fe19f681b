import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// HTTP/1.1 connections as `panet serve` takes them: Hummingbird's `HTTP1Channel` (with its idle
/// timeout) plus a deadline for reading a request's head once its first bytes arrived, and JSON
/// error bodies for requests NIO's HTTP parser refuses before any route sees them.
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let base: HTTP1Channel
    let headerTimeout: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            try channel.pipeline.syncOperations.addHandler(RequestHeadTimer(timeout: headerTimeout), position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        // Requests on this connection see it as `ClientConnection.current` (a SPARQL query stops when it closes).
        let connection = ClientConnection()
        try? await value.channel.pipeline.addHandler(connection.detector(), position: .first).get()
        // A client that hung up before the detector was in place sent its last event already.
        if !value.channel.isActive { connection.markClosed() }
        await ClientConnection.$current.withValue(connection) {
            await base.handle(value: value, logger: logger)
        }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with the connection limits of `configuration`.
    static func guardedHTTP1(_ configuration: ServerConfiguration) -> HTTPServerBuilder {
        let idleTimeout = TimeAmount(configuration.idleTimeout)
        let headerTimeout = TimeAmount(configuration.headerTimeout)
        return HTTPServerBuilder { responder in
            GuardedHTTP1Channel(
                base: HTTP1Channel(responder: responder, configuration: .init(
                    additionalChannelHandlers: [RequestErrorResponder()], idleTimeout: idleTimeout)),
                headerTimeout: headerTimeout)
        }
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

/// Sits first in a connection's pipeline, on the raw bytes: once bytes of a new request arrive, its
/// head must be complete within `timeout`, or the connection gets a JSON 408 and is closed. Idle
/// connections (no bytes) are left to the idle timeout.
///
/// Confined to the connection's event loop, as every channel handler is.
final class RequestHeadTimer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let timeout: TimeAmount
    /// Requests whose head arrived and whose response has not ended (more than one when pipelined).
    private var requestsInFlight = 0
    private var awaitingHead: Bool { requestsInFlight == 0 }
    private var deadline: Scheduled<Void>?
    /// The bytes of the request line read so far (all of it once `requestLineEnded`).
    private(set) var requestLineLength = 0
    private var requestLineEnded = false

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if awaitingHead {
            if !requestLineEnded {
                let bytes = unwrapInboundIn(data).readableBytesView
                if let lineEnd = bytes.firstIndex(of: UInt8(ascii: "\n")) {
                    requestLineLength += lineEnd - bytes.startIndex
                    requestLineEnded = true
                } else {
                    requestLineLength += bytes.count
                }
            }
            if deadline == nil {
                let loopBound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
                deadline = context.eventLoop.scheduleTask(in: timeout) {
                    loopBound.value.handler.expire(context: loopBound.value.context)
                }
            }
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelDeadline()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelDeadline()
    }

    /// The head of the request being read was decoded.
    func headReceived() {
        requestsInFlight += 1
        cancelDeadline()
    }

    /// The response to a request was written; when none is left, the next bytes start a new request.
    func responseFinished() {
        requestsInFlight = max(0, requestsInFlight - 1)
        if awaitingHead {
            requestLineEnded = false
            requestLineLength = 0
        }
    }

    private func cancelDeadline() {
        deadline?.cancel()
        deadline = nil
    }

    private func expire(context: ChannelHandlerContext) {
        deadline = nil
        guard awaitingHead, context.channel.isActive else { return }
        let error = APIError(.requestTimeout, "request head not received within \(timeout.nanoseconds / 1_000_000) ms")
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: error.rawHTTPResponse)), promise: nil)
        context.close(promise: nil)
    }
}

/// Sits after the HTTP decoder: tells `RequestHeadTimer` when a head arrived and a response ended,
/// and gives the empty 400 Hummingbird writes after an HTTP parse error the JSON error body, with
/// the status the error calls for (414 for an over-long request line, 431 for over-large headers).
final class RequestErrorResponder: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var headTimer: RequestHeadTimer?
    private var parseError: APIError?

    func handlerAdded(context: ChannelHandlerContext) {
        headTimer = try? context.pipeline.syncOperations.handler(type: RequestHeadTimer.self)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { headTimer?.headReceived() }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? HTTPParserError {
            parseError = APIError(parserError: error, requestLineLength: headTimer?.requestLineLength ?? 0)
        }
        context.fireErrorCaught(error)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let part = unwrapOutboundIn(data)
        if case .head(let head) = part, head.status == .badRequest, head.headerFields[.contentLength] == "0",
           let error = parseError {
            parseError = nil
            let body = ByteBuffer(string: error.body + "\n")
            var fields = error.headers
            fields[.contentType] = "application/json; charset=utf-8"
            fields[.contentLength] = String(body.readableBytes)
            fields[.connection] = "close"
            context.write(wrapOutboundOut(.head(HTTPResponse(status: error.status, headerFields: fields))), promise: nil)
            context.write(wrapOutboundOut(.body(body)), promise: promise)
            return
        }
        if case .end = part { headTimer?.responseFinished() }
        context.write(data, promise: promise)
    }
}

extension APIError {
    /// The error for a request NIO's HTTP parser refused.
    ///
    /// - Parameter requestLineLength: The length of the request line (an overflow there is an
    ///   over-long request line, 414; elsewhere, over-large headers, 431).
    init(parserError: HTTPParserError, requestLineLength: Int) {
        switch parserError {
        case .headerOverflow where requestLineLength >= Self.headLimit:
            self.init(.init(code: 414, reasonPhrase: "URI Too Long"), "request line too long (at most 80 KB)")
        case .headerOverflow:
            self.init(.init(code: 431, reasonPhrase: "Request Header Fields Too Large"),
                      "request header fields too large (at most 80 KB)")
        case .invalidChunkSize:
            self.init(.badRequest, "malformed chunk size in the request body")
        case .invalidContentLength, .unexpectedContentLength:
            self.init(.badRequest, "invalid Content-Length header")
        case .invalidMethod:
            self.init(.badRequest, "invalid request method")
        case .invalidURL, .invalidPath, .invalidQueryString, .invalidFragment, .invalidHost, .invalidPort:
            self.init(.badRequest, "invalid request target")
        case .invalidVersion:
            self.init(.badRequest, "invalid HTTP version")
        case .invalidHeaderToken, .invalidCharactersUsed, .lfExpected:
            self.init(.badRequest, "malformed request header")
        default:
            self.init(.badRequest, "malformed HTTP request")
        }
    }

    /// The most bytes NIO's HTTP decoder takes in a request line plus headers (its default).
    static let headLimit = 80 * 1024

    /// The whole HTTP/1.1 response for this error, closing the connection, for writing below the
    /// HTTP encoder.
    var rawHTTPResponse: String {
        let body = self.body + "\n"
        return "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\ncontent-type: application/json; charset=utf-8\r\n"
            + "content-length: \(body.utf8.count)\r\nconnection: close\r\n\r\n" + body
    }
}
