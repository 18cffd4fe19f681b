import OntologyKit
import Dispatch
import Foundation
import Hummingbird
import HTTPTypes
import RDFModel
import RDFParsing
import SPARQLEvaluation
import SPARQLSyntax
import Synchronization

/// The SPARQL 1.1 Protocol query operation at `/sparql`.
///
/// `GET ?query=…`, `POST` with `application/sparql-query` or a form (`query=…`). The default graph is
/// the ontology plus its inferred hierarchy (transitive `rdfs:subClassOf`, `owl:equivalentClass`).
/// Results by `Accept` (or `format` / `output` parameters): SPARQL JSON, XML, CSV, TSV for SELECT and
/// ASK; Turtle or N-Triples for CONSTRUCT and DESCRIBE. A syntax error is a 400 with its line:column;
/// a query past the time limit is stopped and answered 503; results longer than the cap are cut and
/// marked with the header `PaNET-Result-Truncated: true`. At most `sparqlConcurrency` queries are
/// evaluated at once; others wait for a slot (the time limit counts from the start of evaluation).
struct SPARQLController<Context: RequestContext> {
    let ontologies: OntologyService
    let configuration: ServerConfiguration
    let running: SPARQLGate

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
            query = try SPARQLParser.parse(query: queryText)
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
        guard await running.enter(limit: configuration.sparqlConcurrency) else {
            throw APIError(.serviceUnavailable, "too many SPARQL queries waiting; try again shortly", headers: [.retryAfter: "1"])
        }
        defer { running.leave() }
        let store = ontologies.current.sparqlStore
        let cancellation = QueryCancellation(timeout: configuration.sparqlTimeout)
        let result: QueryResult
        do {
            result = try await withTaskCancellationHandler {
                try await BlockingWork.run { try QueryEngine.evaluate(query, on: store, options: QueryOptions(cancellation: cancellation)) }
            } onCancel: {
                cancellation.cancel()
            }
        } catch let error as SPARQLEvaluationError {
            switch error {
            case .timeout, .cancelled:
                throw APIError(.serviceUnavailable, "\(error)", headers: [.retryAfter: "1"])
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

/// Admits at most `limit` SPARQL queries at once; later ones wait their turn (first come, first
/// served), and once `maxWaiting` are already waiting the next is refused.
final class SPARQLGate: Sendable {
    private struct State {
        var running = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())
    let maxWaiting: Int

    init(maxWaiting: Int = 256) {
        self.maxWaiting = maxWaiting
    }

    /// Waits for a slot; false when too many queries are already waiting.
    func enter(limit: Int) async -> Bool {
        enum Decision { case admitted, wait, refused }
        let decision: Decision = state.withLock { state in
            if state.running < limit {
                state.running += 1
                return .admitted
            }
            return state.waiting.count >= maxWaiting ? .refused : .wait
        }
        switch decision {
        case .admitted: return true
        case .refused: return false
        case .wait:
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let admitNow = state.withLock { state -> Bool in
                    if state.running < limit {
                        state.running += 1
                        return true
                    }
                    state.waiting.append(continuation)
                    return false
                }
                if admitNow { continuation.resume() }
            }
            return true
        }
    }

    /// Frees a slot, handing it straight to the longest-waiting query if any.
    func leave() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiting.isEmpty {
                state.running -= 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
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
