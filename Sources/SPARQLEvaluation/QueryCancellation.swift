import Foundation
import Synchronization

/// A token that stops a running query: cancelled by another thread, past a deadline, or no longer wanted
/// (its `isAbandoned` probe says so, for example when the client that asked hung up).
///
/// Evaluation polls the token every few thousand rows and throws `SPARQLEvaluationError.timeout` or
/// `.cancelled`, so a runaway query ends without stopping the process. The token is safe to share between
/// threads: the flag is an atomic.
public final class QueryCancellation: Sendable {
    private let flag = Atomic<Bool>(false)
    /// The moment after which evaluation stops, if any.
    public let deadline: ContinuousClock.Instant?
    /// The time budget the deadline was made from, for messages.
    public let timeout: Duration?
    /// Asked at each check: true stops the query as cancelled.
    private let isAbandoned: (@Sendable () -> Bool)?

    /// Creates a token, optionally with a time budget that starts now and a probe for abandonment.
    public init(timeout: Duration? = nil, isAbandoned: (@Sendable () -> Bool)? = nil) {
        self.timeout = timeout
        self.deadline = timeout.map { ContinuousClock.now.advanced(by: $0) }
        self.isAbandoned = isAbandoned
    }

    /// Asks the query to stop at its next check.
    public func cancel() {
        flag.store(true, ordering: .relaxed)
    }

    /// True once `cancel()` was called or the query was abandoned.
    public var isCancelled: Bool { flag.load(ordering: .relaxed) || isAbandoned?() == true }

    /// True when the query should stop: cancelled, abandoned or past its deadline (for loops that cannot
    /// throw; the next `check()` reports why).
    public var shouldStop: Bool {
        if isCancelled { return true }
        if let deadline { return ContinuousClock.now >= deadline }
        return false
    }

    /// Throws when the query was cancelled or ran past its deadline.
    ///
    /// - Throws: `SPARQLEvaluationError.cancelled` or `.timeout`.
    public func check() throws {
        if isCancelled { throw SPARQLEvaluationError.cancelled }
        if let deadline, ContinuousClock.now >= deadline {
            throw SPARQLEvaluationError.timeout(timeout ?? .zero)
        }
    }
}
