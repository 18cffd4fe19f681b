/// An error raised while evaluating a query (as opposed to an expression error, which SPARQL turns into
/// an unbound value or a failed filter, §17.3).
public enum SPARQLEvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The query ran longer than its time budget.
    case timeout(Duration)
    /// The query was cancelled through its `QueryCancellation` token.
    case cancelled
    /// The query uses a feature this engine does not evaluate (for example `SERVICE`).
    case unsupported(String)
    /// `SERVICE` (federated query) outside `SERVICE SILENT`: never evaluated.
    case federatedQuery(endpoint: String)
    /// A graph named in `FROM` / `FROM NAMED` could not be loaded.
    case graphNotLoaded(iri: String, reason: String)
    /// A regular expression (REGEX, REPLACE) that does not compile.
    case invalidRegex(pattern: String, flags: String)
    /// An operator of the query built more intermediate rows than `QueryOptions.maxRows`.
    case tooManyRows(limit: Int)
    /// A query form that does not fit the requested output (for example SELECT as N-Triples).
    case incompatibleFormat(form: String, format: String)

    public var description: String {
        switch self {
        case .timeout(let duration):
            return "query timed out after \(duration.formattedSeconds) s; simplify the query or raise the time limit"
        case .cancelled:
            return "query was cancelled"
        case .unsupported(let feature):
            return "unsupported: \(feature)"
        case .federatedQuery(let endpoint):
            return "unsupported: SERVICE \(endpoint.clipped): federated queries are not evaluated (SERVICE SILENT skips the pattern)"
        case .graphNotLoaded(let iri, let reason):
            return "cannot load graph <\(iri)>: \(reason)"
        case .invalidRegex(let pattern, let flags):
            return "invalid regular expression '\(pattern.clipped)'\(flags.isEmpty ? "" : " with flags '\(flags.clipped)'")"
        case .tooManyRows(let limit):
            return "query stopped after building more than \(limit) intermediate rows; narrow the patterns, or raise the row limit (--max-rows)"
        case .incompatibleFormat(let form, let format):
            return "a \(form) query cannot be written as \(format)"
        }
    }
}

extension Duration {
    var formattedSeconds: String {
        let (seconds, attoseconds) = components
        let value = Double(seconds) + Double(attoseconds) / 1e18
        return value == value.rounded() ? String(Int(value)) : String(format3: value)
    }
}

extension String {
    init(format3 value: Double) {
        let scaled = (value * 1000).rounded() / 1000
        self = String(scaled)
    }
}
