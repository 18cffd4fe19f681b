import DatasetCatalog
import HTTPTypes

/// A LoopBack filter on the pan-ontologies-api `Technique` model, as `GET /techniques?filter=` takes it:
///
/// - `where`: a `LoopBackWhere` filter;
/// - `limit`, `skip` (or `offset`): the page, after ordering;
/// - `order`: `"name ASC"`, `"pid DESC"`, `"name"` (ASC), several in one string separated by commas,
///   or an array of those; on `pid`, `name` or `createdAt`;
/// - `fields`: `{"name": true, "pid": true}` keeps only the true ones, `{"synonym": false}` drops the
///   false ones when none is true, `["name", "pid"]` (or one name as a string) keeps those;
/// - `include`: the model has no relations, so naming one is an error; an empty include is accepted.
struct LoopBackFilter {
    /// The properties of a technique record, in record order.
    static let properties = ["pid", "name", "synonym", "relatives", "children", "parents", "createdAt"]
    /// The properties a technique list can be ordered by (the others are lists).
    static let orderableProperties = ["pid", "name", "createdAt"]

    /// One key of `order`.
    struct SortKey: Equatable {
        var property: String
        var descending: Bool
    }

    var whereFilter: JSONValue?
    var limit = Int.max
    var skip = 0
    var order: [SortKey] = []
    /// The properties to keep, in record order; nil keeps them all.
    var fields: [String]?

    /// The filter `value` describes (a JSON object; nil is no filter).
    ///
    /// - Throws: `APIError` 400 for an unknown key, property, direction or relation.
    init(_ value: JSONValue?) throws {
        guard let value else { return }
        guard case .object(let members) = value else { throw APIError.badRequest("filter must be a JSON object") }
        for (key, member) in members {
            switch key {
            case "where": whereFilter = member
            case "limit": limit = try Self.nonNegativeInteger(member, name: "limit")
            case "skip", "offset": skip = try Self.nonNegativeInteger(member, name: key)
            case "order": order = try Self.sortKeys(member)
            case "fields": fields = try Self.selectedFields(member)
            case "include": try Self.rejectRelations(member)
            default:
                throw APIError.badRequest(
                    "unsupported filter key '\(clipForMessage(key))'; use where, fields, order, limit, skip, offset, include")
            }
        }
    }

    /// `records` (already matched by `where`) ordered, paged and cut to the selected fields.
    func select(_ records: [JSONValue]) -> [JSONValue] {
        var ordered = records
        if !order.isEmpty {
            ordered = records.enumerated().sorted { lhs, rhs in
                for key in order {
                    let left = lhs.element[key.property] ?? .null, right = rhs.element[key.property] ?? .null
                    if Self.precedes(left, right) { return !key.descending }
                    if Self.precedes(right, left) { return key.descending }
                }
                return lhs.offset < rhs.offset
            }.map(\.element)
        }
        let page = ordered.dropFirst(skip).prefix(limit)
        return page.map(project)
    }

    /// A `limit` / `skip` value: a non-negative integer, as a number or a string.
    static func nonNegativeInteger(_ value: JSONValue, name: String) throws -> Int {
        let text: String?
        switch value {
        case .number(let number): text = number
        case .string(let string): text = string
        default: text = nil
        }
        guard let text, let number = Int(text), number >= 0 else { throw APIError.badRequest("'\(name)' must be a non-negative integer") }
        return number
    }

    /// `record` with only the selected fields.
    func project(_ record: JSONValue) -> JSONValue {
        guard let fields, case .object(let members) = record else { return record }
        return .object(members.filter { fields.contains($0.0) })
    }

    /// Whether `lhs` sorts before `rhs`: numbers by value, strings by Unicode scalars, null first.
    static func precedes(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.number(let left), .number(let right)):
            return (Double(left) ?? 0) < (Double(right) ?? 0)
        case (.string(let left), .string(let right)):
            return left.unicodeScalars.lexicographicallyPrecedes(right.unicodeScalars)
        case (.null, .null):
            return false
        case (.null, _):
            return true
        default:
            return false
        }
    }

    /// The keys of an `order` value.
    static func sortKeys(_ value: JSONValue) throws -> [SortKey] {
        let items: [JSONValue]
        switch value {
        case .string: items = [value]
        case .array(let elements): items = elements
        default: throw APIError.badRequest(#"'order' must be a string like "name ASC" or an array of them"#)
        }
        var keys: [SortKey] = []
        for item in items {
            guard let text = item.stringValue else {
                throw APIError.badRequest(#"'order' must be a string like "name ASC" or an array of them"#)
            }
            for clause in text.split(separator: ",") {
                let words = clause.split(whereSeparator: \.isWhitespace)
                guard !words.isEmpty else { continue }
                guard words.count <= 2 else {
                    throw APIError.badRequest(#"invalid order '\#(clipForMessage(String(clause)))'; use "property ASC" or "property DESC""#)
                }
                let property = String(words[0])
                guard orderableProperties.contains(property) else {
                    throw APIError.badRequest("cannot order by '\(clipForMessage(property))'; order by pid, name or createdAt")
                }
                let direction = words.count == 2 ? words[1].uppercased() : "ASC"
                guard direction == "ASC" || direction == "DESC" else {
                    throw APIError.badRequest(
                        "invalid direction '\(clipForMessage(String(words[1])))' in order '\(clipForMessage(String(clause)))'; use ASC or DESC")
                }
                keys.append(SortKey(property: property, descending: direction == "DESC"))
            }
        }
        return keys
    }

    /// The properties a `fields` value keeps, in record order; nil when it keeps them all.
    static func selectedFields(_ value: JSONValue) throws -> [String]? {
        var kept: Set<String>
        switch value {
        case .null, .string(""):
            return nil
        case .string(let name):
            kept = [try known(name)]
        case .array(let elements):
            guard !elements.isEmpty else { return nil }
            kept = []
            for element in elements {
                guard let name = element.stringValue else { throw APIError.badRequest("'fields' array must hold property names") }
                kept.insert(try known(name))
            }
        case .object(let members):
            guard !members.isEmpty else { return nil }
            var included: Set<String> = [], excluded: Set<String> = []
            for (name, flag) in members {
                guard case .bool(let keep) = flag else {
                    throw APIError.badRequest("'fields' values must be true or false ('\(clipForMessage(name))')")
                }
                if keep { included.insert(try known(name)) } else { excluded.insert(try known(name)) }
            }
            kept = included.isEmpty ? Set(properties).subtracting(excluded) : included
        default:
            throw APIError.badRequest(#"'fields' must be an object like {"name": true} or an array of property names"#)
        }
        return properties.filter(kept.contains)
    }

    private static func known(_ name: String) throws -> String {
        guard properties.contains(name) else {
            throw APIError.badRequest(
                "unknown property '\(clipForMessage(name))' in fields; Technique has \(properties.joined(separator: ", "))")
        }
        return name
    }

    /// Accepts an empty `include` and refuses any relation it names: Technique has none.
    static func rejectRelations(_ value: JSONValue) throws {
        if let name = relationNames(value).first {
            throw APIError.badRequest("relation '\(clipForMessage(name))' is not defined for Technique")
        }
    }

    /// The relation names of an `include` value: `"r"`, `["r", …]`, `{"relation": "r", "scope": …}`
    /// or `{"r": …}`.
    static func relationNames(_ value: JSONValue) -> [String] {
        switch value {
        case .string(let name):
            return name.isEmpty ? [] : [name]
        case .array(let elements):
            return elements.flatMap(relationNames)
        case .object(let members):
            if let relation = value["relation"] { return relation.stringValue.map { [$0] } ?? [relation.jsonText] }
            return members.map(\.0)
        case .null:
            return []
        default:
            return [value.jsonText]
        }
    }
}

/// The parameters that carry LoopBack JSON (`filter`, `where`), in either form LoopBack clients send:
/// JSON text (`filter={"limit":5}`) or the query-string bracket form the `qs` module reads
/// (`filter[limit]=5&filter[where][or][0][name]=SAXS`).
enum LoopBackParameter {
    /// The deepest bracket nesting accepted.
    static let maximumDepth = 16

    /// The `filter` parameter. In the bracket form, numeric `limit`, `skip` and `offset` become
    /// numbers and `true` / `false` in `fields` become booleans, so both forms give the same value.
    ///
    /// - Throws: `APIError` 400 when both forms are given or either is malformed.
    static func filter(_ parameters: QueryParameters) throws -> JSONValue? {
        try value("filter", parameters, typing: typedFilter)
    }

    /// The `where` parameter (bracket values stay strings, as every property is text).
    ///
    /// - Throws: `APIError` 400 when both forms are given or either is malformed.
    static func whereFilter(_ parameters: QueryParameters) throws -> JSONValue? {
        try value("where", parameters, typing: { $0 })
    }

    static func value(_ name: String, _ parameters: QueryParameters, typing: (JSONValue) -> JSONValue) throws -> JSONValue? {
        var entries: [(path: ArraySlice<String>, value: String)] = []
        for (key, value) in parameters.pairs {
            if let path = try bracketPath(key, after: name) { entries.append((path[...], value)) }
        }
        let jsonForm = try Self.json(parameters[name], name: name)
        if entries.isEmpty { return jsonForm }
        guard jsonForm == nil else {
            throw APIError.badRequest("give '\(name)' either as JSON or in the bracket form (\(name)[key]=…), not both")
        }
        return typing(try build(entries, at: name))
    }

    /// The JSON value of `text` (nil when absent or empty).
    static func json(_ text: String?, name: String) throws -> JSONValue? {
        guard let text, !text.isEmpty else { return nil }
        guard text.utf8.count <= 64 * 1024 else { throw APIError(.contentTooLarge, "'\(name)' is too long") }
        do {
            return try JSONValue.parse(text, source: name)
        } catch let error as DatasetCatalogError {
            throw APIError.badRequest("malformed JSON in '\(name)': \(error.clientMessage)")
        }
    }

    /// The bracket segments of `key` after `name` (`filter[where][name]` → `["where", "name"]`); nil
    /// when `key` is not `name[…]`.
    static func bracketPath(_ key: String, after name: String) throws -> [String]? {
        guard key.hasPrefix(name + "[") else { return nil }
        var rest = key.dropFirst(name.count)
        var segments: [String] = []
        while !rest.isEmpty {
            guard rest.first == "[", let close = rest.firstIndex(of: "]") else {
                throw APIError.badRequest("malformed parameter name '\(clipForMessage(key))'")
            }
            let segment = rest[rest.index(after: rest.startIndex)..<close]
            guard !segment.contains("[") else { throw APIError.badRequest("malformed parameter name '\(clipForMessage(key))'") }
            segments.append(String(segment))
            rest = rest[rest.index(after: close)...]
        }
        guard segments.count <= maximumDepth else {
            throw APIError.badRequest("parameter '\(clipForMessage(key))' is nested too deeply")
        }
        return segments
    }

    /// The value `entries` describe at `name`: names make objects, indices (`[0]`, `[1]` …, or `[]`
    /// for the next one) make arrays, a repeated value an array of strings.
    static func build(_ entries: [(path: ArraySlice<String>, value: String)], at name: String) throws -> JSONValue {
        if entries.allSatisfy({ $0.path.isEmpty }) {
            return entries.count == 1 ? .string(entries[0].value) : .array(entries.map { .string($0.value) })
        }
        guard entries.allSatisfy({ !$0.path.isEmpty }) else {
            throw APIError.badRequest("'\(clipForMessage(name))' is given both as a value and with [key] members")
        }
        var groups: [(key: String, entries: [(path: ArraySlice<String>, value: String)])] = []
        var positions: [String: Int] = [:]
        for entry in entries {
            let key = entry.path[entry.path.startIndex]
            let rest = (path: entry.path.dropFirst(), value: entry.value)
            if !key.isEmpty, let position = positions[key] {
                groups[position].entries.append(rest)
            } else {
                if !key.isEmpty { positions[key] = groups.count }
                groups.append((key, [rest]))
            }
        }
        let arrayIndices: [Int?]? = groups.allSatisfy { $0.key.isEmpty || isIndex($0.key) }
            ? groups.map { $0.key.isEmpty ? nil : Int($0.key) } : nil
        if let arrayIndices {
            let ordered = zip(arrayIndices, groups).enumerated().sorted { lhs, rhs in
                (lhs.element.0 ?? Int.max, lhs.offset) < (rhs.element.0 ?? Int.max, rhs.offset)
            }
            return .array(try ordered.map { try build($0.element.1.entries, at: "\(name)[\($0.element.1.key)]") })
        }
        guard !groups.contains(where: { $0.key.isEmpty }) else {
            throw APIError.badRequest("'\(clipForMessage(name))' mixes [] with named members")
        }
        return .object(try groups.map { ($0.key, try build($0.entries, at: "\(name)[\($0.key)]")) })
    }

    /// Whether `segment` is an array index as `qs` writes it (`0`, `12`, no sign or leading zero).
    static func isIndex(_ segment: String) -> Bool {
        guard let number = Int(segment), number >= 0 else { return false }
        return String(number) == segment
    }

    /// A bracket-built filter with LoopBack's types: numbers for `limit` / `skip` / `offset`, booleans
    /// in an object `fields`.
    static func typedFilter(_ value: JSONValue) -> JSONValue {
        guard case .object(let members) = value else { return value }
        return .object(members.map { key, member in
            switch (key, member) {
            case ("limit", .string(let text)), ("skip", .string(let text)), ("offset", .string(let text)):
                return (key, Int(text).map { .number(String($0)) } ?? member)
            case ("fields", .object(let flags)):
                return (key, .object(flags.map { name, flag in
                    switch flag {
                    case .string("true"): return (name, .bool(true))
                    case .string("false"): return (name, .bool(false))
                    default: return (name, flag)
                    }
                }))
            default:
                return (key, member)
            }
        })
    }
}
