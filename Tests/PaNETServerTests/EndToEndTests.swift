import DatasetCatalog
import Foundation
import Hummingbird
import HummingbirdTesting
import PaNETServer
import Synchronization
import TestSupport
import Testing

/// Tests against a real server: the `panet serve` process, or the application on a live port.
@Suite("Live server", .serialized)
struct EndToEndTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let label = "<rdfs:label>x-ray emission spectroscopy</rdfs:label>"

    /// A copy of the bundled ontology in a fresh directory.
    func ontologyCopy() throws -> (URL, URL) {
        let directory = try TestPaths.temporaryDirectory()
        let file = directory.appendingPathComponent("PaNET.owl")
        try FileManager.default.copyItem(atPath: TestPaths.bundledOntology, toPath: file.path)
        return (directory, file)
    }

    func relabel(_ file: URL, to label: String) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        try #require(text.contains(Self.label))
        try text.replacingOccurrences(of: Self.label, with: "<rdfs:label>\(label)</rdfs:label>")
            .write(to: file, atomically: true, encoding: .utf8)
    }

    @Test("panet serve: health, access log, reload on SIGHUP, graceful shutdown on SIGTERM")
    func serveCommand() throws {
        let (directory, file) = try ontologyCopy()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try ServerProcess(["--ontology", file.path, "--watch-interval", "0"])
        defer { server.stop() }
        let health = try server.get("/health")
        #expect(health.status == 200)
        #expect(health.body.contains("\"status\":\"ok\""))
        #expect(!health.body.contains(directory.path))
        #expect(try server.get("/api/techniques/PaNET01200").body.contains("\"x-ray emission spectroscopy\""))
        try relabel(file, to: "x-ray emission spectroscopy (relabelled)")
        server.send(SIGHUP)
        var reloaded = false
        for _ in 0..<600 where !reloaded {
            Thread.sleep(forTimeInterval: 0.1)
            reloaded = try server.get("/api/techniques/PaNET01200").body.contains("(relabelled)")
        }
        #expect(reloaded, "\(server.log)")
        #expect(server.log.contains("http.path=/api/techniques/PaNET01200"))
        #expect(server.stop() == 0)
    }

    @Test("The file watcher swaps the ontology while requests keep being answered")
    func reloadWithoutDroppingRequests() async throws {
        let (directory, file) = try ontologyCopy()
        defer { try? FileManager.default.removeItem(at: directory) }
        let served = try ServedOntology.load(path: file.path)
        let configuration = Fixture.configuration {
            $0.ontologyPath = file.path
            $0.watchInterval = .milliseconds(100)
        }
        let app = try await buildApplication(configuration: configuration, logger: Fixture.quietLogger, ontology: served)
        try await app.test(.live) { client in
            let counters = Counters()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        let deadline = ContinuousClock.now + .seconds(120)
                        // Keep asking until the new release shows and enough requests straddled the swap
                        // (a count, not a time window: a busy machine answers fewer per second).
                        while !counters.sawNew.load(ordering: .relaxed) || counters.answered.load(ordering: .relaxed) < 40,
                              ContinuousClock.now < deadline {
                            let reply = try await client.fetch("/api/techniques/PaNET01200")
                            counters.answered.add(1, ordering: .relaxed)
                            if reply.status != .ok { counters.failures.add(1, ordering: .relaxed) }
                            if reply.text.contains("(watched)") { counters.sawNew.store(true, ordering: .relaxed) }
                        }
                    }
                }
                try await Task.sleep(for: .milliseconds(300))
                try relabel(file, to: "x-ray emission spectroscopy (watched)")
                try await group.waitForAll()
            }
            let sawNew = counters.sawNew.load(ordering: .relaxed)
            let failures = counters.failures.load(ordering: .relaxed)
            let answered = counters.answered.load(ordering: .relaxed)
            #expect(sawNew)
            #expect(failures == 0)
            #expect(answered >= 40)
        }
    }

    @Test("A broken file keeps the previous release, and the failure is logged as an error")
    func brokenReloadKeepsServing() async throws {
        let (directory, file) = try ontologyCopy()
        defer { try? FileManager.default.removeItem(at: directory) }
        let served = try ServedOntology.load(path: file.path)
        let log = RecordingLogHandler.Entries()
        let service = OntologyService(initial: served, path: file.path, logger: RecordingLogHandler.logger(log))
        try "<rdf:RDF this is not RDF".write(to: file, atomically: true, encoding: .utf8)
        #expect(await service.reloadIfChanged() == false)
        #expect(service.current === served)
        #expect(await service.reloadIfChanged() == false)
        #expect(await service.reload(reason: "SIGHUP") == false)
        let failures = log.all.filter { $0.message.contains("reload failed") }
        #expect(failures.count == 2, "\(log.all.map(\.message))")
        #expect(failures.allSatisfy { $0.level == .error }, "\(failures.map(\.level))")
        #expect(failures.last?.metadata["reload.reason"] == "SIGHUP")
        #expect(failures.allSatisfy { $0.metadata["error.message"] != nil })
    }

    @Test("SPARQLWrapper against the live endpoint")
    func sparqlWrapper() async throws {
        let python = try PythonEnvironment.withPackage(module: "SPARQLWrapper", package: "SPARQLWrapper")
        let server = try ServerProcess(["--no-access-log"])
        defer { server.stop() }
        let script = Self.fixtures.appendingPathComponent("sparqlwrapper_check.py").path
        let result = try PythonEnvironment.run(python, [script, server.baseURL + "/sparql"])
        #expect(result.status == 0, "\(result.output)\n\(server.log)")
        #expect(result.output.contains(" 0 failed"), "\(result.output)")
    }

    @Test("The browser renders in headless Chromium")
    func browser() async throws {
        let server = try ServerProcess(["--no-access-log"])
        defer { server.stop() }
        let output = URL(fileURLWithPath: ProcessInfo.processInfo.environment["PANET_SCREENSHOT_DIR"]
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("panet-serve-browser").path)
        try? FileManager.default.removeItem(at: output)
        let script = Self.fixtures.appendingPathComponent("browser_check.sh").path
        let result = try PythonEnvironment.runProcess("/bin/bash", [script, server.baseURL, output.path], timeout: 1500)
        if result.status == 77 { try Test.cancel("skipped: \(result.output.trimmingCharacters(in: .whitespacesAndNewlines))") }
        #expect(result.status == 0, "\(result.output)")
        let screenshot = output.appendingPathComponent("term.png")
        let size = (try? FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? NSNumber)?.intValue ?? 0
        #expect(size > 10_000, "screenshot at \(screenshot.path)")
        let dom = (try? String(contentsOf: output.appendingPathComponent("suggestions.html"), encoding: .utf8)) ?? ""
        #expect(dom.contains("suggestion-0"), "suggestions were not rendered")
        #expect(dom.contains("PaNET01200"))
        let query = (try? String(contentsOf: output.appendingPathComponent("query.html"), encoding: .utf8)) ?? ""
        #expect(query.contains(#"<table class="results">"#), "the query page did not show its results")
        #expect(query.contains("3 rows"))
        print("browser screenshots: \(output.path)/term.png, \(output.path)/suggestions.png, \(output.path)/query.png")
    }
}

/// Shared counters of the concurrent request loops.
final class Counters: Sendable {
    let failures = Atomic<Int>(0)
    let answered = Atomic<Int>(0)
    let sawNew = Atomic<Bool>(false)
}

/// Finds or prepares a Python with a package installed: the system Python when it already has the
/// package, else a virtual environment (cached in the temporary directory) where pip installs it.
enum PythonEnvironment {
    struct Output { var status: Int32; var output: String }

    static func withPackage(module: String, package: String) throws -> String {
        guard let system = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: FileManager.default.isExecutableFile)
            ?? which("python3") else {
            try Test.cancel("skipped: python3 is not installed")
        }
        if try runProcess(system, ["-c", "import \(module)"]).status == 0 { return system }
        let venv = FileManager.default.temporaryDirectory.appendingPathComponent("panet-test-venv")
        let python = venv.appendingPathComponent("bin/python").path
        if !FileManager.default.isExecutableFile(atPath: python) {
            let created = try runProcess(system, ["-m", "venv", venv.path], timeout: 300)
            if created.status != 0 { try Test.cancel("skipped: cannot create a virtual environment: \(created.output.suffix(300))") }
        }
        if try runProcess(python, ["-c", "import \(module)"]).status != 0 {
            let installed = try runProcess(python, ["-m", "pip", "install", "--quiet", package], timeout: 600)
            if installed.status != 0 {
                try Test.cancel("skipped: pip could not install \(package) (add `python3 -m pip install \(package)` to CI): \(installed.output.suffix(300))")
            }
        }
        return python
    }

    static func which(_ name: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .map { "\($0)/\(name)" }.first(where: FileManager.default.isExecutableFile)
    }

    static func run(_ python: String, _ arguments: [String]) throws -> Output {
        try runProcess(python, arguments, timeout: 300)
    }

    static func runProcess(_ executable: String, _ arguments: [String], timeout: TimeInterval = 120) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let collected = LockedText()
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { collected.append(data) }
        }
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        pipe.fileHandleForReading.readabilityHandler = nil
        let rest = pipe.fileHandleForReading.readDataToEndOfFile()
        let data = collected.data + rest
        return Output(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}
