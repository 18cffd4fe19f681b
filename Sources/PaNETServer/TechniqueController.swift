import DatasetCatalog
import HTTPTypes
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

    /// The formats of `/api/expand`, as `panet expand --format` writes them.
    enum ExpansionFormat: String, CaseIterable {
        case ids, iris, json, es, panosc
    }

    /// `GET /api/expand?term=TERM`: the term and every inferred sub-technique, for search backends.
    ///
    /// Without `format`, `{term, count, ids, iris}`; with `format=ids|iris|json|es|panosc`, what
    /// `panet expand --format` prints (`field` and `values=iri|id` as its options). `?where=JSON`
    /// rewrites a LoopBack where filter as `panet expand --where` does; names that match no technique
    /// are listed in the `X-PaNET-Unresolved` header.
    @Sendable func expand(_ request: Request, context: Context) async throws -> Response {
        let parameters = try QueryParameters(request)
        let served = ontologies.current
        let form = try Self.valueForm(parameters)
        if let filter = try LoopBackParameter.whereFilter(parameters) {
            guard parameters["term"] == nil else { throw APIError.badRequest("give either 'term' or 'where', not both") }
            return try await WhereRewriting.rewrittenWhere(filter, served: served, form: form)
        }
        guard let text = parameters["term"] else { throw APIError.badRequest("missing 'term' parameter") }
        let id = try served.resolve(text)
        guard let name = parameters["format"] else {
            if let body = served.expansionBody(id) { return .json(body: body) }
            return .json(served.classified.expansionJSON(id, expanded: served.expansion.expand(id)))
        }
        guard let format = ExpansionFormat(rawValue: name) else {
            throw APIError.badRequest("unknown format '\(clipForMessage(name))'; use "
                + ExpansionFormat.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let ids = served.expansion.expand(id)
        let view = served.classified.ontology
        switch format {
        case .ids:
            return .text(ids.map { view[$0].shortID + "\n" }.joined(), contentType: "text/plain; charset=utf-8")
        case .iris:
            return .text(ids.map { view[$0].iri + "\n" }.joined(), contentType: "text/plain; charset=utf-8")
        case .json:
            return .json(.array(ids.map { id in
                guard case .object(var members) = served.reference(id) else { return served.reference(id) }
                members.append(("kind", .string(served.classified.kind(of: id).rawValue)))
                return .object(members)
            }))
        case .es:
            let field = parameters["field"] ?? "techniques.pid"
            guard !field.isEmpty, field.count <= 200 else { throw APIError.badRequest("'field' must have 1 to 200 characters") }
            return .json(served.expansion.elasticsearchQuery(ids, field: field, form: form))
        case .panosc:
            return .json(served.expansion.loopBackFilter(ids, form: form))
        }
    }

    /// The `values` parameter: `iri` (default) or `id`.
    static func valueForm(_ parameters: QueryParameters) throws -> QueryExpansion.ValueForm {
        guard let text = parameters["values"] else { return .iri }
        guard let form = QueryExpansion.ValueForm(rawValue: text) else {
            throw APIError.badRequest("'values' must be iri or id")
        }
        return form
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

/// LoopBack `where` filters rewritten over expanded pids (`/api/expand?where=`,
/// `/techniques/pan-ontology?where=`).
enum WhereRewriting {
    /// A LoopBack where filter on `name` / `pid` rewritten over expanded pids, with the names that
    /// matched nothing in the `X-PaNET-Unresolved` header (`X-PaNET-Unresolved-Count` says how many).
    static func rewrittenWhere(_ filter: JSONValue, served: ServedOntology, form: QueryExpansion.ValueForm) async throws -> Response {
        try LoopBackWhere.checkLimits(filter)
        let (rewritten, unresolved) = try await BlockingWork.run { () throws -> (JSONValue, [String]) in
            var unresolved: [String] = []
            do {
                return (try served.expansion.rewriteWhere(filter, form: form, unresolved: &unresolved), unresolved)
            } catch let error as DatasetCatalogError {
                throw APIError.badRequest("bad where filter: \(error.clientMessage)")
            }
        }
        var response = Response.json(rewritten)
        if !unresolved.isEmpty {
            response.headers[unresolvedHeader] = unresolvedHeaderValue(unresolved)
            response.headers[unresolvedCountHeader] = String(unresolved.count)
        }
        return response
    }

    static let unresolvedHeader = HTTPField.Name("X-PaNET-Unresolved")!
    static let unresolvedCountHeader = HTTPField.Name("X-PaNET-Unresolved-Count")!
    /// The most names listed in `X-PaNET-Unresolved` (the count header has them all).
    static let unresolvedHeaderLimit = 20

    /// The names for the header: each clipped, with `%`, `,` and bytes outside printable ASCII
    /// percent-encoded, separated by `, `.
    static func unresolvedHeaderValue(_ names: [String]) -> String {
        names.prefix(unresolvedHeaderLimit).map { name in
            var encoded = ""
            for byte in clipForMessage(name).utf8 {
                if byte > 0x20, byte < 0x7F, byte != UInt8(ascii: "%"), byte != UInt8(ascii: ",") {
                    encoded.append(Character(Unicode.Scalar(byte)))
                } else if byte == 0x20 {
                    encoded.append(" ")
                } else {
                    let digits = Array("0123456789ABCDEF")
                    encoded += "%\(digits[Int(byte >> 4)])\(digits[Int(byte & 0xF)])"
                }
            }
            return encoded
        }.joined(separator: ", ")
    }
}
