import Foundation

/// Runs deeply recursive work (reading and mapping expressions nested up to the readers' limit
/// of 1,000 levels) on a thread with a stack large enough for it, whatever thread calls.
package enum LargeStack {
    /// Virtual size; only the pages the recursion touches are used.
    package static let size = 64 << 20

    package static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.stackSize = size
        thread.start()
        done.wait()
        return box.value!
    }
}

/// Carries the result back from the worker thread; the semaphore orders the accesses.
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
