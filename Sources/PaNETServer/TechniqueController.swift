import DatasetCatalog
import Hummingbird
import OntologyKit

/// `/api/techniques…` and `/api/expand`: search, term records, hierarchy queries and query expansion.
///
/// A term in the path may be a short id (`PaNET01200`), a CURIE, a full IRI (URL-encoded as one
/// segment, or even left as several segments), a label or a synonym. `?asserted=true` switches the
/// hierarchy routes from the inferred hierarchy to the stated one.
struct TechniqueController<Context: RequestContext> {
    let ontologies: OntologyService

    /// The hierarchy relations available under a term.
    enum Relation: String, CaseIterable {
        case parents, children, ancestors, descendants
    }

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("techniques", use: search)
        routes.get("techniques/**", use: term)
        routes.get("expand", use: expand)
        return routes
    }

    /// `GET /api/techniques?q=TEXT&limit=N`: ranked search; without `q`, every term by id
    /// (`limit`, `offset`).
    @Sendable func search(_ request: Request, context: Context) async throws -> Response {
        let parameters = try QueryParameters(request)
        let served = ontologies.current
        let view = served.classified.ontology
        guard let query = parameters["q"] else {
            let limit = try parameters.integer("limit", default: 100, range: 1...10_000)
            let offset = try parameters.integer("offset", default: 0, range: 0...Int(Int32.max))
            let page = served.sortedIDs.dropFirst(offset).prefix(limit)
            return .json(.object([
                ("total", .number(String(served.sortedIDs.count))),
                ("offset", .number(String(offset))),
                ("results", .array(page.map(served.reference))),
            ]))
        }
        let limit = try parameters.integer("limit", default: 10, range: 1...1000)
        guard query.count <= 500 else { throw APIError.badRequest("'q' is too long") }
        let hits = served.classified.search.search(query, limit: limit)
        return .json(.object([
            ("query", .string(query)),
            ("results", .array(hits.map { hit in
                let item = view[hit.classID]
                return .object([
                    ("id", .string(item.shortID)), ("iri", .string(item.iri)),
                    ("label", item.label.map(JSONValue.string) ?? .null),
                    ("matched", .string(hit.matchedText)), ("match", .string(hit.reason.rawValue)),
                    ("score", .number(String((hit.score * 10).rounded() / 10))),
                    ("deprecated", .bool(item.isDeprecated)),
                ])
            })),
        ]))
    }

    /// `GET /api/techniques/{term}` and `/api/techniques/{term}/parents|children|ancestors|descendants`.
    @Sendable func term(_ request: Request, context: Context) async throws -> Response {
        let parameters = try QueryParameters(request)
        let served = ontologies.current
        var segments = try Self.pathSegments(request.uri.path, after: "techniques")
        guard !segments.isEmpty else { throw APIError.badRequest("missing technique term") }
        var relation: Relation?
        if segments.count > 1, let last = segments.last, let named = Relation(rawValue: last) {
            relation = named
            segments.removeLast()
        }
        let asserted = try parameters.flag("asserted")
        let id = try served.resolve(Self.joinTerm(segments))
        guard let relation else {
            if !asserted, let body = served.recordBody(id) { return .json(body: body) }
            return .json(served.record(id, asserted: asserted))
        }
        let hierarchy = served.classified.hierarchy(asserted: asserted)
        let related: [ClassID]
        switch relation {
        case .parents: related = hierarchy.parents[Int(id)]
        case .children: related = hierarchy.children[Int(id)]
        case .ancestors: related = hierarchy.ancestors(of: id)
        case .descendants: related = hierarchy.descendants(of: id)
        }
        let view = served.classified.ontology
        let sorted = related.sorted { (view[$0].label ?? view[$0].shortID) < (view[$1].label ?? view[$1].shortID) }
        return .json(.object([
            ("term", served.reference(id)),
            ("relation", .string(relation.rawValue)),
            ("hierarchy", .string(asserted ? "asserted" : "inferred")),
            ("count", .number(String(sorted.count))),
            ("results", .array(sorted.map(served.reference))),
        ]))
    }

    /// `GET /api/expand?term=TERM`: the term and every inferred sub-technique, for search backends.
    @Sendable func expand(_ request: Request, context: Context) async throws -> Response {
        let parameters = try QueryParameters(request)
        guard let text = parameters["term"] else { throw APIError.badRequest("missing 'term' parameter") }
        let served = ontologies.current
        let id = try served.resolve(text)
        if let body = served.expansionBody(id) { return .json(body: body) }
        return .json(served.classified.expansionJSON(id, expanded: served.expansion.expand(id)))
    }

    /// The decoded segments of `path` after the segment `anchor` (`/api/techniques/a/b` → `[a, b]`).
    static func pathSegments(_ path: String, after anchor: String) throws -> [String] {
        // Split on the byte: a URL's "/" is ASCII, and Character splitting cost more than the route.
        let raw = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true)
        guard let index = raw.firstIndex(where: { $0.elementsEqual(anchor.utf8) }) else { return [] }
        return try raw[(index + 1)...].map { try FormDecoding.decode(Substring($0), plusAsSpace: false) }
    }

    /// Joins segments back into one term: an IRI sent unencoded (`http:/purl.org/...` after the
    /// client merged the slashes) gets its `//` back.
    static func joinTerm(_ segments: [String]) -> String {
        guard segments.count > 1 else { return segments.first ?? "" }
        if let first = segments.first, first == "http:" || first == "https:" {
            return first + "//" + segments.dropFirst().joined(separator: "/")
        }
        return segments.joined(separator: "/")
    }
}
