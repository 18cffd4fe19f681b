import OntologyKit
import Logging
import Foundation
import Hummingbird
import Synchronization

/// Request counts and latencies, written in the Prometheus text exposition format at `/metrics`.
///
/// Series: `panet_http_requests_total{method,route,status}`,
/// `panet_http_request_duration_seconds{method,route}` (histogram), `panet_ontology_reloads_total`,
/// `panet_ontology_classes`, `panet_ontology_info{version}`.
public final class ServerMetrics: Sendable {
    /// Upper bounds of the latency histogram buckets, in seconds.
    static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    struct CounterKey: Hashable { var method: String, route: String, status: Int }
    struct HistogramKey: Hashable { var method: String, route: String }
    struct Histogram {
        var counts = [UInt64](repeating: 0, count: ServerMetrics.buckets.count)
        var sum = 0.0
        var count: UInt64 = 0
    }
    struct State {
        var counters: [CounterKey: UInt64] = [:]
        var histograms: [HistogramKey: Histogram] = [:]
    }

    private let state = Mutex(State())

    /// Empty metrics.
    public init() {}

    /// Records one request.
    func record(method: String, route: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.counters[CounterKey(method: method, route: route, status: status), default: 0] += 1
            let key = HistogramKey(method: method, route: route)
            var histogram = state.histograms[key] ?? Histogram()
            if let bucket = Self.buckets.firstIndex(where: { seconds <= $0 }) { histogram.counts[bucket] += 1 }
            histogram.sum += seconds
            histogram.count += 1
            state.histograms[key] = histogram
        }
    }

    /// The exposition text, with the ontology gauges of `served`.
    func exposition(served: ServedOntology, reloads: Int) -> String {
        let snapshot = state.withLock { $0 }
        var text = "# HELP panet_http_requests_total HTTP requests answered, by method, route and status.\n"
        text += "# TYPE panet_http_requests_total counter\n"
        for (key, value) in snapshot.counters.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            text += "panet_http_requests_total{method=\"\(Self.escape(key.method))\",route=\"\(Self.escape(key.route))\",status=\"\(key.status)\"} \(value)\n"
        }
        text += "# HELP panet_http_request_duration_seconds Time to answer HTTP requests.\n"
        text += "# TYPE panet_http_request_duration_seconds histogram\n"
        for (key, histogram) in snapshot.histograms.sorted(by: { ($0.key.route, $0.key.method) < ($1.key.route, $1.key.method) }) {
            let labels = "method=\"\(Self.escape(key.method))\",route=\"\(Self.escape(key.route))\""
            var cumulative: UInt64 = 0
            for (bound, count) in zip(Self.buckets, histogram.counts) {
                cumulative += count
                text += "panet_http_request_duration_seconds_bucket{\(labels),le=\"\(bound)\"} \(cumulative)\n"
            }
            text += "panet_http_request_duration_seconds_bucket{\(labels),le=\"+Inf\"} \(histogram.count)\n"
            text += "panet_http_request_duration_seconds_sum{\(labels)} \(histogram.sum)\n"
            text += "panet_http_request_duration_seconds_count{\(labels)} \(histogram.count)\n"
        }
        text += "# HELP panet_ontology_reloads_total Successful reloads of the ontology since start.\n"
        text += "# TYPE panet_ontology_reloads_total counter\npanet_ontology_reloads_total \(reloads)\n"
        text += "# HELP panet_ontology_classes Classes in the ontology served.\n"
        text += "# TYPE panet_ontology_classes gauge\npanet_ontology_classes \(served.classified.ontology.classes.count)\n"
        text += "# HELP panet_ontology_info The ontology release served.\n"
        text += "# TYPE panet_ontology_info gauge\npanet_ontology_info{version=\"\(Self.escape(served.version))\"} 1\n"
        return text
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result
    }
}

/// Times every request, counts it in `ServerMetrics` and writes the access log line.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics
    let accessLog: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            // ErrorMiddleware sits inside and answers every error; count anything that still escapes as 500.
            finish(request, context: context, status: 500, started: started)
            throw error
        }
        finish(request, context: context, status: response.status.code, started: started)
        return response
    }

    /// `seconds` in milliseconds with three decimals (`0.127`), without a format string.
    static func milliseconds(_ seconds: Double) -> String {
        let micros = seconds.isFinite ? Int((max(0, seconds) * 1_000_000).rounded()) : 0
        let fraction = String(micros % 1000)
        return "\(micros / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    private func finish(_ request: Request, context: Context, status: Int, started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let route = context.endpointPath ?? "unmatched"
        metrics.record(method: request.method.rawValue, route: route, status: status, seconds: seconds)
        if accessLog {
            context.logger.info("request", metadata: [
                "http.method": "\(request.method.rawValue)",
                "http.path": "\(clipForMessage(request.uri.path))",
                "http.status": "\(status)",
                "http.duration_ms": "\(Self.milliseconds(seconds))",
            ])
        }
    }
}
