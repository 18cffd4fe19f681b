import DatasetCatalog
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import OntologyKit
import PaNETServer
import Synchronization
import TestSupport
import Testing

/// The bundled ontology, loaded once for all tests.
enum Fixture {
    static let served: ServedOntology? = try? ServedOntology.load(path: TestPaths.bundledOntology)

    static func ontology() throws -> ServedOntology {
        try #require(served, "the bundled ontology could not be loaded")
    }

    static let quietLogger = Logger(label: "panet.test") { _ in SwiftLogNoOpLogHandler() }

    static func configuration(_ edit: (inout ServerConfiguration) -> Void = { _ in }) -> ServerConfiguration {
        var configuration = ServerConfiguration(port: 0, ontologyPath: TestPaths.bundledOntology, watchInterval: nil, accessLog: false)
        edit(&configuration)
        return configuration
    }

    static func app(_ edit: (inout ServerConfiguration) -> Void = { _ in }) async throws -> some ApplicationProtocol {
        try await buildApplication(configuration: configuration(edit), logger: quietLogger, ontology: try ontology())
    }
}

/// A response read as text and JSON.
struct Reply {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var text: String

    init(_ response: TestResponse) {
        status = response.status
        headers = response.headers
        text = String(buffer: response.body)
    }

    var json: JSONValue? { try? JSONValue.parse(text) }

    /// The `error.message` of an error body (and checks the error shape).
    var errorMessage: String? {
        guard case .object? = json?["error"], json?["error"]?["status"] == .number(String(status.code)) else { return nil }
        return json?["error"]?["message"]?.stringValue
    }

    var contentType: String? { headers[.contentType] }

    /// The value of the header `name` (any case).
    func header(_ name: String) -> String? {
        headers.first { $0.name.canonicalName == name.lowercased() }?.value
    }
}

extension TestClientProtocol {
    func fetch(_ uri: String, method: HTTPRequest.Method = .get, headers: HTTPFields = [:], body: String? = nil) async throws -> Reply {
        try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { Reply($0) }
    }
}

extension JSONValue {
    var strings: [String] { arrayValue?.compactMap(\.stringValue) ?? [] }
    var int: Int? {
        if case .number(let text) = self { return Int(text) }
        return nil
    }
}

/// `text` percent-encoded for a query string or a path segment.
func encoded(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
}

/// A log handler keeping every entry, to check what the server logs and at which level.
struct RecordingLogHandler: LogHandler {
    final class Entries: Sendable {
        private let storage = Mutex<[(level: Logger.Level, message: String, metadata: Logger.Metadata)]>([])

        func append(_ entry: (level: Logger.Level, message: String, metadata: Logger.Metadata)) {
            storage.withLock { $0.append(entry) }
        }

        var all: [(level: Logger.Level, message: String, metadata: Logger.Metadata)] { storage.withLock { $0 } }
    }

    let entries: Entries
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        if let error = event.error { merged["error.message"] = "\(error)" }
        entries.append((event.level, "\(event.message)", merged))
    }

    /// A logger writing into `entries`.
    static func logger(_ entries: Entries) -> Logger {
        Logger(label: "panet.test") { _ in RecordingLogHandler(entries: entries) }
    }
}
