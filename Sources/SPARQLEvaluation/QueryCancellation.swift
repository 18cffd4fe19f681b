import Foundation
import Synchronization

/// A token that stops a running query: cancelled by another thread, or past a deadline.
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

    /// Creates a token, optionally with a time budget that starts now.
    public init(timeout: Duration? = nil) {
        self.timeout = timeout
        self.deadline = timeout.map { ContinuousClock.now.advanced(by: $0) }
    }

    /// Asks the query to stop at its next check.
    public func cancel() {
        flag.store(true, ordering: .relaxed)
    }

    /// True once `cancel()` was called.
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }

    /// Throws when the query was cancelled or ran past its deadline.
    ///
    /// - Throws: `SPARQLEvaluationError.cancelled` or `.timeout`.
    public func check() throws {
        if flag.load(ordering: .relaxed) { throw SPARQLEvaluationError.cancelled }
        if let deadline, ContinuousClock.now >= deadline {
            throw SPARQLEvaluationError.timeout(timeout ?? .zero)
        }
    }
}
