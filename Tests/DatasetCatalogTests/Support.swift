import DatasetCatalog
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import OntologyKit
import TestSupport

/// Shared loading for the dataset tests.
enum Fixtures {
    static let panet: ClassifiedOntology = {
        do { return try ClassifiedOntology.load(path: TestPaths.bundledOntology) } catch { fatalError("cannot load PaNET: \(error)") }
    }()

    static func path(_ name: String) -> String { TestPaths.fixture("DatasetCatalogTests", name) }

    static func read(_ path: String, format: InputFormat? = nil) throws -> (records: [DatasetRecord], failures: [RecordFailure]) {
        var records: [DatasetRecord] = []
        var failures: [RecordFailure] = []
        try RecordReader.read(path: path, format: format) { result in
            switch result {
            case .success(let record): records.append(record)
            case .failure(let failure): failures.append(failure)
            }
        }
        return (records, failures)
    }

    /// Short ids of the techniques the annotator finds in `record`.
    static func techniqueIDs(_ record: DatasetRecord, annotator: RecordAnnotator) -> [String] {
        annotator.annotate(record).techniques.map { annotator.ontology.ontology[$0.classID].shortID }
    }

    static func json(_ text: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw DatasetCatalogError.badQuery("not an object: \(text)")
        }
        return object
    }
}

/// A Python test server that prints its port on the first line of standard output; killed when released.
final class PythonTestServer {
    let process = Process()
    let port: Int

    /// Starts `python3 arguments...` and waits for the port line.
    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw DatasetCatalogError.badQuery("the test server \(arguments.first ?? "") did not start")
        }
        self.port = port
    }

    deinit {
        // SIGKILL: the test runner's blocked signals are inherited by children, so SIGTERM may never arrive.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
