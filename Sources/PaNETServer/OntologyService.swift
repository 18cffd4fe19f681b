import Foundation
import Logging
import OntologyKit
import Synchronization

/// Holds the ontology release being served and replaces it on reload.
///
/// Reloads are serialised by the actor; requests read the current snapshot without waiting
/// (`current` is a lock-protected reference, swapped in one step), so a reload never drops or delays
/// a request: requests already running finish on the release they started with.
public actor OntologyService {
    private let box: Mutex<ServedOntology>
    /// The file reloaded.
    public nonisolated let path: String
    private let logger: Logger
    private var reloads = 0
    private var failedStamp: FileStamp?

    /// Serves `initial`, read from `path`.
    public init(initial: ServedOntology, path: String, logger: Logger) {
        box = Mutex(initial)
        self.path = path
        self.logger = logger
    }

    /// The release to answer a request with.
    public nonisolated var current: ServedOntology { box.withLock { $0 } }

    /// How many reloads succeeded.
    public var reloadCount: Int { reloads }

    /// Reads the file again and swaps the new release in. On failure the old release stays.
    ///
    /// - Returns: True when a new release is being served.
    @discardableResult
    public func reload(reason: String) async -> Bool {
        let path = self.path
        logger.info("ontology reload", metadata: ["reload.reason": "\(reason)"])
        let started = ContinuousClock.now
        let result: Result<ServedOntology, any Error>
        do {
            result = .success(try await BlockingWork.run { try ServedOntology.load(path: path) })
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success(let served):
            box.withLock { $0 = served }
            reloads += 1
            failedStamp = nil
            let elapsed = ContinuousClock.now - started
            logger.info("ontology reloaded", metadata: [
                "ontology.version": "\(served.version)",
                "ontology.classes": "\(served.classified.ontology.classes.count)",
                "reload.duration_ms": "\(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)",
            ])
            return true
        case .failure(let error):
            failedStamp = FileStamp(path: path)
            logger.error("ontology reload failed; still serving the previous release", error: error,
                         metadata: ["reload.reason": "\(reason)"])
            return false
        }
    }

    /// Reloads when the file's modification time or size changed since the release being served was read.
    @discardableResult
    public func reloadIfChanged() async -> Bool {
        guard let stamp = FileStamp(path: path), stamp != current.fileStamp, stamp != failedStamp else { return false }
        return await reload(reason: "file changed")
    }
}
