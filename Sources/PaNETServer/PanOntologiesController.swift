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
        do {
            return .json(try served.expansion.rewriteWhere(filter, form: .iri))
        } catch let error as DatasetCatalogError {
            throw APIError.badRequest("bad where filter: \(error.clientMessage)")
        }
    }

    /// `GET /techniques?filter={"where":…,"order":…,"fields":…,"limit":N,"skip":N}` (a separate
    /// `where` parameter replaces the filter's).
    @Sendable func find(_ request: Request, context: Context) async throws -> Response {
        let parameters = try QueryParameters(request)
        let served = ontologies.current
        var filter = try LoopBackFilter(LoopBackParameter.filter(parameters))
        if let whereFilter = try LoopBackParameter.whereFilter(parameters) { filter.whereFilter = whereFilter }
        let records = try matchingRecords(served, filter.whereFilter)
        return .json(.array(filter.select(records)))
    }

    /// `GET /techniques/count?where=…`: `{"count": N}`.
    @Sendable func count(_ request: Request, context: Context) async throws -> Response {
        let parameters = try QueryParameters(request)
        let served = ontologies.current
        let whereFilter = try LoopBackParameter.whereFilter(parameters)
        let records = try matchingRecords(served, whereFilter)
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

    func matchingRecords(_ served: ServedOntology, _ whereFilter: JSONValue?) throws -> [JSONValue] {
        let records = served.sortedIDs.map { legacyRecord(served, $0) }
        guard let whereFilter else { return records }
        return try records.filter { try LoopBackWhere.matches(whereFilter, $0) }
    }
}

/// Evaluates a LoopBack `where` filter against a JSON record, as LoopBack's memory connector does:
/// `{field: value}` (equality; an array field matches when any element does), `eq`, `neq`, `inq`,
/// `nin`, `like`, `nlike`, `ilike`, `nilike` (SQL patterns with `%` and `_`), `and`, `or`.
enum LoopBackWhere {
    static func matches(_ filter: JSONValue, _ record: JSONValue) throws -> Bool {
        guard case .object(let members) = filter else { throw APIError.badRequest("a where filter must be a JSON object") }
        for (key, condition) in members {
            switch key {
            case "and", "or":
                guard case .array(let operands) = condition else { throw APIError.badRequest("'\(key)' takes an array of filters") }
                let results = try operands.map { try matches($0, record) }
                if key == "and" ? results.contains(false) : !results.contains(true) { return false }
            default:
                guard ["pid", "name", "synonym", "relatives", "children", "parents"].contains(key) else {
                    throw APIError.badRequest("unknown field '\(clipForMessage(key))'")
                }
                if try !fieldMatches(record[key] ?? .null, condition) { return false }
            }
        }
        return true
    }

    static func fieldMatches(_ value: JSONValue, _ condition: JSONValue) throws -> Bool {
        let values: [String] = value.arrayValue?.compactMap(\.stringValue) ?? value.stringValue.map { [$0] } ?? []
        switch condition {
        case .string(let text): return values.contains(text)
        case .object(let operators):
            for (op, operand) in operators {
                let result: Bool
                switch op {
                case "eq", "neq":
                    guard let text = operand.stringValue else { throw APIError.badRequest("'\(op)' takes a string") }
                    result = values.contains(text) == (op == "eq")
                case "inq", "nin":
                    guard let items = operand.arrayValue else { throw APIError.badRequest("'\(op)' takes an array") }
                    let texts = Set(items.compactMap(\.stringValue))
                    result = values.contains(where: texts.contains) == (op == "inq")
                case "like", "nlike", "ilike", "nilike":
                    guard let pattern = operand.stringValue else { throw APIError.badRequest("'\(op)' takes a string") }
                    let insensitive = op.hasPrefix("i") || op.hasPrefix("ni")
                    let found = values.contains { sqlLike($0, pattern, caseInsensitive: insensitive) }
                    result = found == !op.hasPrefix("n")
                default:
                    throw APIError.badRequest("unsupported operator '\(clipForMessage(op))'")
                }
                if !result { return false }
            }
            return true
        default:
            throw APIError.badRequest("a condition must be a string or an operator object")
        }
    }

    /// SQL LIKE: `%` any run, `_` any one character.
    static func sqlLike(_ text: String, _ pattern: String, caseInsensitive: Bool) -> Bool {
        let subject = Array(caseInsensitive ? text.lowercased() : text)
        let pattern = Array(caseInsensitive ? pattern.lowercased() : pattern)
        var memo: [Int: Bool] = [:]
        func match(_ i: Int, _ j: Int) -> Bool {
            let key = i * (pattern.count + 1) + j
            if let known = memo[key] { return known }
            let result: Bool
            if j == pattern.count {
                result = i == subject.count
            } else if pattern[j] == "%" {
                result = match(i, j + 1) || (i < subject.count && match(i + 1, j))
            } else if i < subject.count && (pattern[j] == "_" || pattern[j] == subject[i]) {
                result = match(i + 1, j + 1)
            } else {
                result = false
            }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }
}
