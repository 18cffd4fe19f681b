import Foundation

/// Locations of the checkout, the shared test data beside it, and the built `panet` binary.
public enum TestPaths {
    /// The root of the checkout (the folder holding Package.swift).
    public static let repositoryRoot: URL = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }()

    /// `../shared` beside the checkout: W3C suites, ontology releases, records.
    public static var shared: URL {
        if let override = ProcessInfo.processInfo.environment["PANET_SHARED_DIR"] {
            return URL(fileURLWithPath: override)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    /// A path under `../shared`.
    public static func shared(_ relative: String) -> String {
        shared.appendingPathComponent(relative).path
    }

    /// True when `../shared` exists; suites that need it are skipped with a message otherwise.
    public static var hasShared: Bool {
        FileManager.default.fileExists(atPath: shared.appendingPathComponent("w3c-tests").path)
    }

    /// The bundled ontology of the checkout.
    public static var bundledOntology: String {
        repositoryRoot.appendingPathComponent("ontology/PaNET.owl").path
    }

    /// A fixture file of a test target.
    public static func fixture(_ target: String, _ name: String) -> String {
        repositoryRoot.appendingPathComponent("Tests/\(target)/Fixtures/\(name)").path
    }

    /// A fresh temporary directory, removed with everything in it when the test process exits.
    public static func temporaryDirectory() throws -> URL {
        let url = testRunDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// One folder per test process holding every temporary directory, deleted at exit.
    private static let testRunDirectory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("panet-test-\(UUID().uuidString)")
        atexit { try? FileManager.default.removeItem(at: TestPaths.testRunDirectory) }
        return url
    }()
}

extension TestPaths {
    /// Writes `text` to a file called `name` in a fresh temporary directory; returns its path.
    public static func writeTemporaryFile(_ text: String, named name: String) throws -> String {
        let url = try temporaryDirectory().appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}

/// A small deterministic random generator (a 64-bit LCG), so failures of randomised tests reproduce.
public struct SeededGenerator {
    public var state: UInt64

    public init(state: UInt64) {
        self.state = state
    }

    /// A number in `0..<bound`.
    public mutating func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }
}
