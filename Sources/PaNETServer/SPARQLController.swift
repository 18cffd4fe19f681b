import OntologyKit
import Dispatch
import Foundation
import Hummingbird
import HTTPTypes
import RDFModel
import RDFParsing
import SPARQLEvaluation
import SPARQLSyntax
import NIOCore
import Synchronization

/// The SPARQL 1.1 Protocol query operation at `/sparql`.
///
/// `GET ?query=…`, `POST` with `application/sparql-query` or a form (`query=…`). The default graph is
/// the ontology plus its inferred hierarchy (transitive `rdfs:subClassOf`, `owl:equivalentClass`).
/// The common prefixes (`SPARQLParser.commonPrefixes`: rdf, rdfs, owl, xsd, skos, dc, dcterms, obo,
/// panet) need no declaration.
/// Results by `Accept` (or `format` / `output` parameters): SPARQL JSON, XML, CSV, TSV for SELECT and
/// ASK; Turtle or N-Triples for CONSTRUCT and DESCRIBE. A syntax error is a 400 with its line:column;
/// a query past the time limit is stopped and answered 503; results longer than the cap are cut and
/// marked with the header `PaNET-Result-Truncated: true`. Queries run on `SPARQLWorkers`, at most
/// `sparqlConcurrency` at once; others wait for a worker (the time limit counts from the start of
/// evaluation), and when too many wait the answer is 503. A query whose client hangs up is stopped.
struct SPARQLController<Context: RequestContext> {
    let ontologies: OntologyService
    let configuration: ServerConfiguration
    let workers: SPARQLWorkers

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get(use: get)
        routes.post(use: post)
        return routes
    }

    @Sendable func get(_ request: Request, context: Context) async throws -> Response {
        let parameters = try QueryParameters(request)
        return try await answer(parameters: parameters, queryText: parameters["query"], request: request)
    }

    @Sendable func post(_ request: Request, context: Context) async throws -> Response {
        let urlParameters = try QueryParameters(request)
        switch request.mediaType {
        case "application/sparql-query":
            let text = try utf8Text(try await request.collectBody(limit: configuration.maxBodySize))
            return try await answer(parameters: urlParameters, queryText: text, request: request)
        case "application/x-www-form-urlencoded":
            let text = try utf8Text(try await request.collectBody(limit: configuration.maxBodySize))
            let form = QueryParameters(pairs: try FormDecoding.pairs(text[...]))
            if form["update"] != nil { throw APIError.badRequest("SPARQL Update is not supported: this endpoint is read-only") }
            let merged = QueryParameters(pairs: urlParameters.pairsForMerge + form.pairsForMerge)
            return try await answer(parameters: merged, queryText: form["query"], request: request)
        case "application/sparql-update":
            throw APIError.badRequest("SPARQL Update is not supported: this endpoint is read-only")
        case nil:
            throw APIError(.unsupportedMediaType, "missing Content-Type; use application/sparql-query or application/x-www-form-urlencoded")
        case let other?:
            throw APIError(.unsupportedMediaType,
                           "unsupported Content-Type '\(clipForMessage(other))'; use application/sparql-query or application/x-www-form-urlencoded")
        }
    }

    func answer(parameters: QueryParameters, queryText: String?, request: Request) async throws -> Response {
        guard let queryText, !queryText.isEmpty else { throw APIError.badRequest("missing 'query' parameter") }
        if !parameters.all("default-graph-uri").isEmpty || !parameters.all("named-graph-uri").isEmpty {
            throw APIError.badRequest("default-graph-uri and named-graph-uri are not supported: the dataset is the served ontology")
        }
        let query: Query
        do {
            query = try SPARQLParser.parse(query: queryText, defaultPrefixes: SPARQLParser.commonPrefixes)
        } catch {
            throw APIError.badRequest("SPARQL syntax error at \(error)")
        }
        let isGraph: Bool
        switch query.form {
        case .construct, .describe: isGraph = true
        case .select, .ask: isGraph = false
        }
        let format = try SPARQLFormat.negotiate(accept: request.headers[.accept],
                                                override: parameters["format"] ?? parameters["output"], graph: isGraph)
        let store = ontologies.current.sparqlStore
        let timeout = configuration.sparqlTimeout
        let maxRows = configuration.sparqlMaxRows
        let hangUp = QueryHangUp()
        let connection = ClientConnection.current
        let result: QueryResult
        do {
            result = try await withTaskCancellationHandler {
                try await workers.run { () throws -> QueryResult in
                    var isAbandoned: (@Sendable () -> Bool)?
                    if let connection { isAbandoned = { connection.isClosed } }
                    let cancellation = QueryCancellation(timeout: timeout, isAbandoned: isAbandoned)
                    hangUp.watch(cancellation)
                    try cancellation.check()
                    let options = QueryOptions(cancellation: cancellation, maxRows: maxRows)
                    return try QueryEngine.evaluate(query, on: store, options: options)
                }
            } onCancel: {
                hangUp.hangUp()
            }
        } catch is SPARQLWorkers.Busy {
            throw APIError(.serviceUnavailable, "too many SPARQL queries waiting; try again shortly", headers: [.retryAfter: "1"])
        } catch let error as SPARQLEvaluationError {
            switch error {
            case .timeout, .cancelled:
                throw APIError(.serviceUnavailable, "\(error)", headers: [.retryAfter: "1"])
            case .federatedQuery:
                throw APIError(.notImplemented, "\(error)")
            default:
                throw APIError.badRequest("\(error)")
            }
        }
        return try render(result, query: query, format: format)
    }

    func render(_ result: QueryResult, query: Query, format: SPARQLFormat) throws -> Response {
        let cap = configuration.sparqlResultLimit
        var truncated = false
        let body: String
        switch result {
        case .graph(var triples):
            if triples.count > cap { triples.removeLast(triples.count - cap); truncated = true }
            if format == .ntriples {
                body = NTriplesWriter.string(triples)
            } else {
                var prefixes = PrefixMap.standard
                for (prefix, namespace) in query.prefixes { prefixes.set(prefix, namespace) }
                body = TurtleWriter(prefixes: prefixes).string(triples)
            }
        case .solutions(var table):
            if table.rows.count > cap { table.rows.removeLast(table.rows.count - cap); truncated = true }
            body = try ResultWriter.write(.solutions(table), format: format.resultFormat)
        case .boolean:
            body = try ResultWriter.write(result, format: format.resultFormat)
        }
        var response = Response.text(body, contentType: format.contentType)
        if truncated, let name = HTTPField.Name("PaNET-Result-Truncated") { response.headers[name] = "true" }
        response.headers[.vary] = "Accept"
        return response
    }
}

extension QueryParameters {
    fileprivate var pairsForMerge: [(String, String)] {
        ["query", "format", "output", "default-graph-uri", "named-graph-uri"].flatMap { name in all(name).map { (name, $0) } }
    }
}

/// The result formats `/sparql` writes.
enum SPARQLFormat: Equatable {
    case json, xml, csv, tsv, turtle, ntriples

    var contentType: String {
        switch self {
        case .json: return "application/sparql-results+json; charset=utf-8"
        case .xml: return "application/sparql-results+xml; charset=utf-8"
        case .csv: return "text/csv; charset=utf-8"
        case .tsv: return "text/tab-separated-values; charset=utf-8"
        case .turtle: return "text/turtle; charset=utf-8"
        case .ntriples: return "application/n-triples; charset=utf-8"
        }
    }

    var resultFormat: ResultFormat {
        switch self {
        case .xml: return .xml
        case .csv: return .csv
        case .tsv: return .tsv
        default: return .json
        }
    }

    /// Media types offered for tables (SELECT, ASK) and for graphs, preferred first.
    static let tableTypes: [(String, SPARQLFormat)] = [
        ("application/sparql-results+json", .json), ("application/json", .json),
        ("application/sparql-results+xml", .xml), ("application/xml", .xml), ("text/xml", .xml),
        ("text/csv", .csv), ("text/tab-separated-values", .tsv),
    ]
    static let graphTypes: [(String, SPARQLFormat)] = [
        ("text/turtle", .turtle), ("application/x-turtle", .turtle),
        ("application/n-triples", .ntriples), ("text/plain", .ntriples),
    ]

    /// Picks a format from `format`/`output` or the `Accept` header (RFC 9110 §12.5.1 with q-values).
    ///
    /// - Throws: `APIError` 406 when nothing acceptable is offered.
    static func negotiate(accept: String?, override: String?, graph: Bool) throws -> SPARQLFormat {
        let offered = graph ? graphTypes : tableTypes
        if let override {
            let names: [String: SPARQLFormat] = graph
                ? ["turtle": .turtle, "ttl": .turtle, "ntriples": .ntriples, "nt": .ntriples, "n-triples": .ntriples]
                : ["json": .json, "xml": .xml, "csv": .csv, "tsv": .tsv]
            if let format = names[override.lowercased()] { return format }
            if let format = offered.first(where: { $0.0 == override.lowercased() })?.1 { return format }
            // SPARQLWrapper sends its own format names (also for graphs); fall back to Accept.
        }
        guard let accept, !accept.trimmingCharacters(in: .whitespaces).isEmpty else { return offered[0].1 }
        var best: (quality: Double, specificity: Int, order: Int, format: SPARQLFormat)?
        for (order, (type, format)) in offered.enumerated() {
            for range in accept.split(separator: ",") {
                let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                guard let mediaRange = parts.first, !mediaRange.isEmpty else { continue }
                var quality = 1.0
                for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                    quality = Double(parameter.dropFirst(2)) ?? 0
                }
                let specificity: Int
                if mediaRange == type {
                    specificity = 2
                } else if mediaRange == "*/*" {
                    specificity = 0
                } else if mediaRange.hasSuffix("/*"), type.hasPrefix(mediaRange.dropLast()) {
                    specificity = 1
                } else {
                    continue
                }
                guard quality > 0 else { continue }
                if let current = best, (quality, specificity, -order) <= (current.quality, current.specificity, -current.order) {
                    continue
                }
                best = (quality, specificity, order, format)
            }
        }
        guard let best else {
            let list = offered.map(\.0).joined(separator: ", ")
            throw APIError(.notAcceptable, "cannot produce any type in Accept for a \(graph ? "graph" : "table") result; offered: \(list)")
        }
        return best.format
    }
}

/// A fixed number of worker threads for SPARQL evaluation, apart from Swift's cooperative pool and the
/// event loops, so that `/health`, term routes and `/api/datasets` never wait behind queries. Jobs wait
/// in a first-come, first-served queue of at most `maxWaiting`; a worker with nothing to do for a few
/// seconds ends (so an idle server holds no threads).
///
/// `@unchecked Sendable`: `jobs`, `head`, `threads` and `busy` are read and written only with
/// `condition` locked.
final class SPARQLWorkers: @unchecked Sendable {
    /// Thrown by `run` when `maxWaiting` jobs already wait.
    struct Busy: Error {}

    let threadCount: Int
    let maxWaiting: Int
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var head = 0
    private var threads = 0
    private var busy = 0

    /// - Parameters:
    ///   - threadCount: The most queries evaluated at once.
    ///   - maxWaiting: The most queries waiting for a worker.
    init(threadCount: Int, maxWaiting: Int = 64) {
        self.threadCount = max(1, threadCount)
        self.maxWaiting = maxWaiting
    }

    /// Runs `body` on a worker thread and returns its result.
    ///
    /// - Throws: `Busy` when the queue is full; otherwise what `body` throws.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let queued = submit { continuation.resume(with: Result { try body() }) }
            if !queued { continuation.resume(throwing: Busy()) }
        }
    }

    private func submit(_ job: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let pending = jobs.count - head
        guard pending < maxWaiting else { return false }
        jobs.append(job)
        if threads - busy < pending + 1 && threads < threadCount {
            threads += 1
            let thread = Thread { [self] in work() }
            thread.stackSize = 8 << 20
            thread.name = "panet-sparql"
            thread.start()
        }
        condition.signal()
        return true
    }

    private func work() {
        condition.lock()
        while true {
            while head == jobs.count {
                if !condition.wait(until: Date(timeIntervalSinceNow: 5)) && head == jobs.count {
                    threads -= 1
                    condition.unlock()
                    return
                }
            }
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            }
            busy += 1
            condition.unlock()
            job()
            condition.lock()
            busy -= 1
        }
    }
}

/// The connection a request came on, set by the HTTP channel for the tasks that answer its requests.
final class ClientConnection: Sendable {
    @TaskLocal static var current: ClientConnection?

    private let closed = Atomic<Bool>(false)

    init() {}

    /// True once the client closed its side of the connection (or the connection ended).
    var isClosed: Bool { closed.load(ordering: .relaxed) }

    func markClosed() { closed.store(true, ordering: .relaxed) }

    /// A channel handler that marks this connection closed when the client half-closes or the
    /// connection goes inactive.
    func detector() -> some ChannelInboundHandler & RemovableChannelHandler { HangUpDetector(connection: self) }
}

/// Watches a connection's events; confined to its event loop like every channel handler.
private final class HangUpDetector: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    let connection: ClientConnection

    init(connection: ClientConnection) {
        self.connection = connection
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .inputClosed? = event as? ChannelEvent { connection.markClosed() }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        connection.markClosed()
        context.fireChannelInactive()
    }
}

/// Stops a query when the task answering its request is cancelled, whether the query already runs or
/// still waits for a worker.
final class QueryHangUp: Sendable {
    private let state = Mutex<(hungUp: Bool, token: QueryCancellation?)>((false, nil))

    /// Cancels the running query, or the next one `watch` is given.
    func hangUp() {
        let token = state.withLock { state in
            state.hungUp = true
            return state.token
        }
        token?.cancel()
    }

    /// Ties `token` to this request: cancelled at once if the request was already abandoned.
    func watch(_ token: QueryCancellation) {
        let abandoned = state.withLock { state in
            state.token = token
            return state.hungUp
        }
        if abandoned { token.cancel() }
    }
}

/// Runs blocking work (query evaluation, SQLite reads) on its own threads, off Swift's cooperative pool, so
/// slow queries never stall the other request handlers.
enum BlockingWork {
    private static let queue = DispatchQueue(label: "panet.sparql", qos: .userInitiated, attributes: .concurrent)

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
