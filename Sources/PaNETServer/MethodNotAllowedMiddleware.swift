import Hummingbird
import HTTPTypes
import NIOCore

/// Answers 405 Method Not Allowed, with an `Allow` header, when a request's path names a route that
/// does not take its method (Hummingbird's router answers those 404, like unknown paths, which stay 404).
///
/// Add it to the router after every route: it then wraps only the router's not-found responder.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// A router with one GET route per served path, answering the `Allow` header of that path; so
    /// Hummingbird's own path matching picks the route, as it does for the real ones.
    let methodsByPath: RouterResponder<Context>

    /// The middleware for `routes` (`router.routes`). A GET route also serves HEAD.
    init(routes: [Router<Context>.RouteDescription]) {
        var paths: [RouterPath] = []
        var methods: [String: Set<HTTPRequest.Method>] = [:]
        for route in routes {
            if methods[route.path.description] == nil { paths.append(route.path) }
            methods[route.path.description, default: []].insert(route.method)
            if route.method == .get { methods[route.path.description, default: []].insert(.head) }
        }
        let router = Router(context: Context.self)
        for path in paths {
            let allow = Self.allowHeader(methods[path.description] ?? [])
            router.on(path, method: .get, responder: CallbackResponder { _, _ in
                Response(status: .noContent, headers: [.allow: allow])
            })
        }
        methodsByPath = router.buildResponder()
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            var head = request.head
            head.method = .get
            let probe = Request(head: head, body: RequestBody(buffer: ByteBuffer()))
            let route = try await methodsByPath.respond(to: probe, context: context)
            guard route.status == .noContent, let allow = route.headers[.allow] else { throw error }
            throw APIError(.methodNotAllowed,
                           "method \(clipForMessage(request.method.rawValue)) is not allowed on \(clipForMessage(request.uri.path)); use \(allow)",
                           headers: [.allow: allow])
        }
    }

    /// The `Allow` value: GET, HEAD, POST, PUT, PATCH, DELETE first, then others by name.
    static func allowHeader(_ methods: Set<HTTPRequest.Method>) -> String {
        let usual: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete]
        let others = methods.filter { !usual.contains($0) }.map(\.rawValue).sorted()
        return (usual.filter(methods.contains).map(\.rawValue) + others).joined(separator: ", ")
    }
}
