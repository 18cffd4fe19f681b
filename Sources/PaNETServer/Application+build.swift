import OntologyKit
import DatasetCatalog
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// Builds the `panet serve` application: loads the ontology, opens the dataset index, and wires the
/// routes, middleware and the reload service.
///
/// - Parameters:
///   - configuration: Address, files and limits.
///   - logger: The server's logger (requests log through it with `hb.request.id`).
///   - ontology: A release already loaded (tests); nil loads `configuration.ontologyPath`.
/// - Throws: When the ontology or the index cannot be opened.
public func buildApplication(configuration: ServerConfiguration, logger: Logger,
                             ontology: ServedOntology? = nil) async throws -> some ApplicationProtocol {
    let served: ServedOntology
    if let ontology {
        served = ontology
    } else {
        let path = configuration.ontologyPath
        served = try await BlockingWork.run { try ServedOntology.load(path: path) }
    }
    logger.info("ontology loaded", metadata: [
        "ontology.version": "\(served.version)", "ontology.classes": "\(served.classified.ontology.classes.count)",
    ])
    let index = try configuration.databasePath.map { try DatasetIndex(path: $0) }
    let service = OntologyService(initial: served, path: configuration.ontologyPath, logger: logger)
    let metrics = ServerMetrics()
    let router = buildRouter(configuration: configuration, ontologies: service, index: index, metrics: metrics)
    var app = Application(
        router: router,
        server: .guardedHTTP1(configuration),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                             serverName: configuration.serverName,
                             availableConnectionsDelegate: MaximumAvailableConnections(configuration.maxConnections, logger: logger)),
        logger: logger
    )
    app.addServices(OntologyWatcher(service: service, interval: configuration.watchInterval, logger: logger))
    return app
}

/// Builds the application and runs it until SIGINT or SIGTERM, then shuts down gracefully
/// (requests in flight are answered first).
///
/// - Throws: When the ontology or index cannot be opened, or the address cannot be bound.
/// - Throws: `ServerStartError` when the address cannot be bound; the ontology's or index's error
///   when they cannot be opened.
public func runServer(configuration: ServerConfiguration, logger: Logger) async throws {
    let app = try await buildApplication(configuration: configuration, logger: logger)
    do {
        try await app.runService()
    } catch let error as IOError {
        throw ServerStartError(error, configuration: configuration) ?? error
    }
}

/// Why the server could not listen, in words (instead of the socket call's errno dump).
public enum ServerStartError: Error, CustomStringConvertible, Equatable {
    /// Another process listens on the port.
    case portInUse(port: Int)
    /// The host is not an address of this machine.
    case addressNotAvailable(host: String)
    /// Binding the port needs privileges (ports below 1024).
    case permissionDenied(port: Int)

    init?(_ error: IOError, configuration: ServerConfiguration) {
        switch error.errnoCode {
        case EADDRINUSE: self = .portInUse(port: configuration.port)
        case EADDRNOTAVAIL: self = .addressNotAvailable(host: configuration.host)
        case EACCES: self = .permissionDenied(port: configuration.port)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .portInUse(let port): return "port \(port) is in use; stop the other server or choose another --port"
        case .addressNotAvailable(let host):
            return "address \(host) is not available on this machine; use --host 127.0.0.1, 0.0.0.0 or one of its addresses"
        case .permissionDenied(let port): return "not allowed to listen on port \(port); choose a port from 1024 up"
        }
    }
}

/// The router of `panet serve`: every route and the middleware around them. GET routes answer HEAD
/// too; a known path asked with a method it does not take is a 405 with `Allow`, an unknown path a 404.
public func buildRouter(configuration: ServerConfiguration, ontologies: OntologyService, index: DatasetIndex?,
                        metrics: ServerMetrics = ServerMetrics()) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self, options: .autoGenerateHeadEndpoints)
    let startedAt = Date()
    router.addMiddleware {
        MetricsMiddleware(metrics: metrics, accessLog: configuration.accessLog)
        AllowedOriginsMiddleware(origins: configuration.corsOrigins)
        CORSMiddleware(
            allowOrigin: configuration.corsOrigins == nil ? .all : .originBased,
            allowHeaders: [.accept, .contentType],
            allowMethods: [.get, .post, .options],
            maxAge: .seconds(3600)
        )
        ErrorMiddleware()
    }
    router.get("health") { _, _ -> Response in
        let served = ontologies.current
        var members: [(String, JSONValue)] = [
            ("status", .string("ok")),
            ("ontology", .object([
                ("version", .string(served.version)),
                ("classes", .number(String(served.classified.ontology.classes.count))),
                ("loaded_at", .string(served.loadedAtText)),
            ])),
            ("uptime_seconds", .number(String(Int(Date().timeIntervalSince(startedAt))))),
        ]
        if let index {
            let records = try? await BlockingWork.run { try index.recordCount() }
            members.append(("datasets", .object([("records", records.map { .number(String($0)) } ?? .null)])))
        }
        return .json(.object(members))
    }
    router.get("metrics") { _, _ -> Response in
        let text = metrics.exposition(served: ontologies.current, reloads: await ontologies.reloadCount)
        return .text(text, contentType: "text/plain; version=0.0.4; charset=utf-8")
    }
    router.addRoutes(TechniqueController(ontologies: ontologies).endpoints, atPath: "api")
    router.addRoutes(DatasetController(ontologies: ontologies, configuration: configuration, index: index).endpoints, atPath: "api")
    router.addRoutes(TagController(ontologies: ontologies, configuration: configuration).endpoints, atPath: "api")
    router.addRoutes(PanOntologiesController(ontologies: ontologies).endpoints)
    router.addRoutes(SPARQLController(ontologies: ontologies, configuration: configuration,
                                      workers: SPARQLWorkers(threadCount: configuration.sparqlConcurrency)).endpoints,
                     atPath: "sparql")
    router.addRoutes(BrowserController(ontologies: ontologies, hasIndex: index != nil, index: index).endpoints)
    // Added last, so it wraps only the not-found responder (inside ErrorMiddleware).
    router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
    return router
}

/// With a list of allowed origins, keeps CORS headers only on responses to those origins
/// (`CORSMiddleware` echoes every origin when configured with `.originBased`).
struct AllowedOriginsMiddleware<Context: RequestContext>: RouterMiddleware {
    let origins: [String]?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if let origins, let origin = request.headers[.origin], !origins.contains(origin) {
            response.headers[.accessControlAllowOrigin] = nil
            response.headers[.accessControlAllowCredentials] = nil
            response.headers[.accessControlAllowMethods] = nil
            response.headers[.accessControlAllowHeaders] = nil
        }
        return response
    }
}

/// Reloads the ontology on SIGHUP and when its file changes (polled every `interval`).
struct OntologyWatcher: Service {
    let service: OntologyService
    let interval: Duration?
    let logger: Logger

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                let signals = await UnixSignalsSequence(trapping: .sighup)
                for await _ in signals {
                    await service.reload(reason: "SIGHUP")
                }
            }
            if let interval, interval > .zero {
                group.addTask {
                    while !Task.isCancelled {
                        do { try await Task.sleep(for: interval) } catch { return }
                        await service.reloadIfChanged()
                    }
                }
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
    }
}
