import DatasetCatalog
import Foundation
import Hummingbird
import OntologyKit

/// The routes of the pan-ontologies-api service, so a PaNOSC search API can point its
/// `PANET_BASE_URL` here unchanged:
///
/// - `GET /techniques/pan-ontology?where=W`: the LoopBack `where` W on a technique's `name` or `pid`
///   rewritten to `{"pid": {"inq": [...]}}` (or `nin`, or `and`/`or` of those) over the technique and
///   every inferred sub-technique, as full IRIs;
/// - `GET /techniques?filter=F`, `GET /techniques/count?where=W`, `GET /techniques/{pid}?filter=F`: the
///   technique records `{pid, name, synonym, relatives, children, parents, createdAt}`, where
///   `relatives` is the technique and all its inferred descendants. F is a `LoopBackFilter` (`where`,
///   `order`, `fields`, `limit`, `skip`/`offset`, `include`; no `where` for one record).
///
/// `filter` and `where` are JSON text or LoopBack's bracket form (`filter[where][name]=SAXS`), see
/// `LoopBackParameter`.
struct PanOntologiesController<Context: RequestContext> {
    let ontologies: OntologyService

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("techniques", use: find)
        routes.get("techniques/count", use: count)
        routes.get("techniques/pan-ontology", use: panOntology)
        routes.get("techniques/**", use: findByID)
        return routes
    }

    /// `GET /techniques/pan-ontology?where=…`.
    @Sendable func panOntology(_ request: Request, context: Context) async throws -> Response {
        let parameters = try QueryParameters(request)
        let served = ontologies.current
        let filter = try LoopBackParameter.whereFilter(parameters) ?? .object([])
        if case .object(let members) = filter, members.isEmpty {
            let all = served.sortedIDs.map { JSONValue.string(served.classified.ontology[$0].iri) }
            return .json(.object([("pid", .object([("inq", .array(all))]))]))
        }
        return try await WhereRewriting.rewrittenWhere(filter, served: served, form: .iri)
    }

    /// `GET /techniques?filter={"where":…,"order":…,"fields":…,"limit":N,"skip":N}` (a separate
    /// `where` parameter replaces the filter's).
    @Sendable func find(_ request: Request, context: Context) async throws -> Response {
        let parameters = try QueryParameters(request)
        let served = ontologies.current
        var filter = try LoopBackFilter(LoopBackParameter.filter(parameters))
        if let whereFilter = try LoopBackParameter.whereFilter(parameters) { filter.whereFilter = whereFilter }
        let records = try await matchingRecords(served, filter.whereFilter)
        return .json(.array(filter.select(records)))
    }

    /// `GET /techniques/count?where=…`: `{"count": N}`.
    @Sendable func count(_ request: Request, context: Context) async throws -> Response {
        let parameters = try QueryParameters(request)
        let served = ontologies.current
        let whereFilter = try LoopBackParameter.whereFilter(parameters)
        let records = try await matchingRecords(served, whereFilter)
        return .json(.object([("count", .number(String(records.count)))]))
    }

    /// `GET /techniques/{pid}?filter=…`: one record; the pid is the URL-encoded IRI (a short id works
    /// too). The filter may select `fields`; it takes no `where`.
    @Sendable func findByID(_ request: Request, context: Context) async throws -> Response {
        let filter = try LoopBackFilter(LoopBackParameter.filter(try QueryParameters(request)))
        guard filter.whereFilter == nil else { throw APIError.badRequest("GET /techniques/{pid} takes no 'where' in its filter") }
        let served = ontologies.current
        let segments = try TechniqueController<Context>.pathSegments(request.uri.path, after: "techniques")
        let text = TechniqueController<Context>.joinTerm(segments)
        guard !text.isEmpty,
              let match = served.classified.resolver.resolve(text), match.kind != .label, match.kind != .synonym else {
            throw APIError.notFound("Entity not found: Technique with id \"\(clipForMessage(text))\"")
        }
        return .json(filter.project(legacyRecord(served, match.classID)))
    }

    /// The record of `id` in the pan-ontologies-api shape.
    func legacyRecord(_ served: ServedOntology, _ id: ClassID) -> JSONValue {
        let view = served.classified.ontology
        let hierarchy = served.classified.classification.hierarchy
        let item = view[id]
        var synonyms: [String] = []
        for synonym in item.synonyms where !synonyms.contains(synonym.value) { synonyms.append(synonym.value) }
        let iris = { (ids: [ClassID]) in JSONValue.array(ids.map { .string(view[$0].iri) }) }
        return .object([
            ("pid", .string(item.iri)),
            ("name", .string(item.label ?? item.shortID)),
            ("synonym", .array(synonyms.map(JSONValue.string))),
            ("relatives", iris(served.expansion.expand(id))),
            ("children", iris(hierarchy.children[Int(id)])),
            ("parents", iris(hierarchy.parents[Int(id)])),
            ("createdAt", .number(String(Int64(served.loadedAt.timeIntervalSince1970 * 1000)))),
        ])
    }

    /// The records passing `whereFilter`, worked out on a blocking-work thread (a filter over every
    /// record may take milliseconds, which the request threads must not spend).
    func matchingRecords(_ served: ServedOntology, _ whereFilter: JSONValue?) async throws -> [JSONValue] {
        let compiled = try whereFilter.map(LoopBackWhere.init)
        return try await BlockingWork.run {
            let records = served.sortedIDs.map { legacyRecord(served, $0) }
            guard let compiled else { return records }
            return records.filter(compiled.matches)
        }
    }
}
