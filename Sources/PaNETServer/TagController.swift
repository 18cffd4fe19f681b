import DatasetCatalog
import Hummingbird
import OntologyKit
import Synchronization

/// `POST /api/tag`: the PaNET techniques a free text mentions (see `TextTagger`).
struct TagController<Context: RequestContext> {
    let ontologies: OntologyService
    let configuration: ServerConfiguration
    /// The tagger of the release last served; rebuilt when a reload swaps the release.
    private let cache = TaggerCache()

    init(ontologies: OntologyService, configuration: ServerConfiguration) {
        self.ontologies = ontologies
        self.configuration = configuration
    }

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.post("tag", use: tag)
        return routes
    }

    /// `POST /api/tag` with `{"text": "..."}`: answers `{"matches": [{start, end, text, how, name, id, iri, label,
    /// confidence}]}`, spans in Unicode code points.
    @Sendable func tag(_ request: Request, context: Context) async throws -> Response {
        guard let type = request.mediaType else {
            throw APIError(.unsupportedMediaType, "missing Content-Type; send application/json")
        }
        guard type == "application/json" || type.hasSuffix("+json") else {
            throw APIError(.unsupportedMediaType, "unsupported Content-Type '\(clipForMessage(type))'; send application/json")
        }
        let body = try utf8Text(try await request.collectBody(limit: configuration.maxBodySize))
        let value: JSONValue
        do {
            value = try JSONValue.parse(body, source: "body")
        } catch let error as DatasetCatalogError {
            throw APIError.badRequest("malformed JSON body: \(error.clientMessage)")
        }
        guard let text = value["text"]?.stringValue else {
            throw APIError.badRequest("send an object with a string member \"text\"")
        }
        let served = ontologies.current
        let tagger = self.tagger(for: served)
        let view = served.classified.ontology
        let matches = tagger.tag(text).map { mention -> JSONValue in
            let item = view[mention.classID]
            return .object([
                ("start", .number(String(mention.start))), ("end", .number(String(mention.end))),
                ("text", .string(mention.text)), ("how", .string(mention.how.rawValue)), ("name", .string(mention.name)),
                ("id", .string(item.shortID)), ("iri", .string(item.iri)), ("label", item.label.map(JSONValue.string) ?? .null),
                ("confidence", .number(String((mention.confidence * 100).rounded() / 100))),
            ])
        }
        return .json(.object([("matches", .array(matches))]))
    }

    private func tagger(for served: ServedOntology) -> TextTagger {
        // The release is held, not just its address, so a new release can never pass for it.
        if let cached = cache.state.withLock({ $0 }), cached.release === served { return cached.tagger }
        let tagger = TextTagger(ontology: served.classified)
        cache.state.withLock { $0 = (served, tagger) }
        return tagger
    }
}

/// The tagger of one release, shared by the requests.
final class TaggerCache: Sendable {
    let state = Mutex<(release: ServedOntology, tagger: TextTagger)?>(nil)
}
