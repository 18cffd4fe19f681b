import Logging
import RDFModel
import DatasetCatalog
import Hummingbird
import HTTPTypes
import NIOCore
import NIOHTTP1

/// The one error type of the HTTP API. Every response it produces has the body
/// `{"error": {"status": N, "message": "..."}}`; messages never carry file paths, SQL or stack traces.
public struct APIError: HTTPResponseError, Sendable, Equatable {
    /// The status code of the response.
    public var status: HTTPResponse.Status
    /// A message for the client.
    public var message: String
    /// Extra response headers (for example `Allow` or `Retry-After`).
    public var headers: HTTPFields

    /// An error with `status` and `message`.
    public init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    /// 400 Bad Request.
    public static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message) }
    /// 404 Not Found.
    public static func notFound(_ message: String) -> APIError { APIError(.notFound, message) }

    /// The JSON body.
    public var body: String {
        JSONValue.object([("error", .object([("status", .number(String(status.code))), ("message", .string(message))]))]).jsonText
    }

    /// The JSON error response (Hummingbird calls this for errors thrown by handlers).
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        errorResponse()
    }

    /// The response for this error.
    func errorResponse() -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: body + "\n")))
    }
}

/// Turns every error that reaches it into an `APIError` response: Hummingbird's own errors keep their
/// status with our body, an over-long body becomes 413, anything unexpected a bare 500 (logged).
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.errorResponse()
        } catch let error as HTTPParserError {
            return APIError(parserError: error, requestLineLength: 0).errorResponse()
        } catch is NIOTooManyBytesError {
            return APIError(.contentTooLarge, "request body too large").errorResponse()
        } catch let error as HTTPError {
            let message: String
            switch error.status {
            case .notFound: message = "no such resource: \(request.method) \(Self.safePath(request.uri.path))"
            case .methodNotAllowed: message = "method \(request.method) not allowed here"
            default: message = error.status.reasonPhrase
            }
            return APIError(error.status, message, headers: error.headers).errorResponse()
        } catch let error as any HTTPResponseError {
            return APIError(error.status, error.status.reasonPhrase).errorResponse()
        } catch {
            context.logger.info("request failed", metadata: ["error.type": "\(type(of: error))"])
            return APIError(.internalServerError, "internal error").errorResponse()
        }
    }

    /// The path, cut short and without control characters, for messages.
    static func safePath(_ path: String) -> String { clipForMessage(path) }
}

extension DatasetCatalogError {
    /// The message for a client, without any file name (only our own labels are used as sources).
    var clientMessage: String {
        switch self {
        case .badQuery(let message): return message
        case .unknownTerm(let term): return "unknown technique '\(clipForMessage(term))'"
        case .malformedJSON(_, let line, let column, let message): return "\(line):\(column): \(message)"
        default: return "invalid input"
        }
    }
}

/// `text` without control characters and cut to 200 characters, for echoing in error messages.
func clipForMessage(_ text: String) -> String {
    TextEscaping.clippedForMessage(text)
}
