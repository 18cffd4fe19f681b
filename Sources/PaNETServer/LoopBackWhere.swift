import DatasetCatalog

/// A LoopBack `where` filter on technique records, checked and compiled once per request and then
/// matched against each record, as LoopBack's memory connector evaluates it: `{field: value}`
/// (equality; an array field matches when any element does), `eq`, `neq`, `inq`, `nin`, `like`,
/// `nlike`, `ilike`, `nilike` (SQL patterns with `%` and `_`), `and`, `or`.
///
/// The work a filter can ask for is bounded (`Limits`): patterns are matched in O(*n*·*m*) at worst
/// for a value of *n* and a pattern of *m* characters, and usually in O(*n*).
struct LoopBackWhere {
    /// The largest filter accepted; anything larger is a 400 naming the limit.
    enum Limits {
        /// Nesting of `and` / `or`.
        static let depth = 32
        /// Characters in one `like` pattern.
        static let patternLength = 1_000
        /// Items in one `inq` / `nin` list.
        static let listLength = 1_000
        /// Conditions (field tests and `and` / `or` operands) in the whole filter.
        static let conditions = 2_000
    }

    /// The record fields a filter may test.
    static let fields = ["pid", "name", "synonym", "relatives", "children", "parents"]

    private indirect enum Node {
        case all([Node])
        case any([Node])
        case field(String, [Test])
    }

    private enum Test {
        case equals(String, expected: Bool)
        case member(Set<String>, expected: Bool)
        case like(LikePattern, expected: Bool)
    }

    private let root: Node

    /// The filter `value` describes.
    ///
    /// - Throws: `APIError` 400 for a malformed filter or one past `Limits`.
    init(_ value: JSONValue) throws {
        var budget = Limits.conditions
        root = try Self.compile(value, depth: 0, budget: &budget)
    }

    /// Whether `record` (a JSON object) passes the filter.
    func matches(_ record: JSONValue) -> Bool { Self.evaluate(root, record) }

    private static func compile(_ filter: JSONValue, depth: Int, budget: inout Int) throws -> Node {
        guard case .object(let members) = filter else { throw APIError.badRequest("a where filter must be a JSON object") }
        guard depth < Limits.depth else {
            throw APIError.badRequest("where filter nested too deeply (more than \(Limits.depth) levels of and/or)")
        }
        var nodes: [Node] = []
        for (key, condition) in members {
            try spend(&budget)
            switch key {
            case "and", "or":
                guard case .array(let operands) = condition else { throw APIError.badRequest("'\(key)' takes an array of filters") }
                let compiled = try operands.map { try compile($0, depth: depth + 1, budget: &budget) }
                nodes.append(key == "and" ? .all(compiled) : .any(compiled))
            default:
                guard fields.contains(key) else { throw APIError.badRequest("unknown field '\(clipForMessage(key))'") }
                nodes.append(.field(key, try tests(condition, budget: &budget)))
            }
        }
        return .all(nodes)
    }

    private static func spend(_ budget: inout Int) throws {
        budget -= 1
        guard budget >= 0 else { throw APIError.badRequest("where filter too large (more than \(Limits.conditions) conditions)") }
    }

    private static func tests(_ condition: JSONValue, budget: inout Int) throws -> [Test] {
        switch condition {
        case .string(let text):
            return [.equals(text, expected: true)]
        case .object(let operators):
            return try operators.map { op, operand in
                try spend(&budget)
                switch op {
                case "eq", "neq":
                    guard let text = operand.stringValue else { throw APIError.badRequest("'\(op)' takes a string") }
                    return .equals(text, expected: op == "eq")
                case "inq", "nin":
                    guard let items = operand.arrayValue else { throw APIError.badRequest("'\(op)' takes an array") }
                    try checkListLength(items.count, op: op)
                    return .member(Set(items.compactMap(\.stringValue)), expected: op == "inq")
                case "like", "nlike", "ilike", "nilike":
                    guard let text = operand.stringValue else { throw APIError.badRequest("'\(op)' takes a string") }
                    let pattern = try LikePattern(text, caseInsensitive: op.hasPrefix("i") || op.hasPrefix("ni"))
                    return .like(pattern, expected: !op.hasPrefix("n"))
                default:
                    throw APIError.badRequest("unsupported operator '\(clipForMessage(op))'")
                }
            }
        default:
            throw APIError.badRequest("a condition must be a string or an operator object")
        }
    }

    /// Refuses an `inq` / `nin` list longer than `Limits.listLength`.
    static func checkListLength(_ count: Int, op: String) throws {
        guard count <= Limits.listLength else {
            throw APIError.badRequest("'\(op)' list too long (\(count) items; at most \(Limits.listLength))")
        }
    }

    private static func evaluate(_ node: Node, _ record: JSONValue) -> Bool {
        switch node {
        case .all(let nodes): return nodes.allSatisfy { evaluate($0, record) }
        case .any(let nodes): return nodes.contains { evaluate($0, record) }
        case .field(let name, let tests):
            let value = record[name] ?? .null
            let values: [String] = value.arrayValue?.compactMap(\.stringValue) ?? value.stringValue.map { [$0] } ?? []
            return tests.allSatisfy { test in
                switch test {
                case .equals(let text, let expected): return values.contains(text) == expected
                case .member(let texts, let expected): return values.contains(where: texts.contains) == expected
                case .like(let pattern, let expected): return values.contains(where: pattern.matches) == expected
                }
            }
        }
    }

    /// Checks the size and nesting of a `where` filter that is rewritten rather than matched
    /// (`/techniques/pan-ontology`): the same limits on depth, conditions and list lengths.
    ///
    /// - Throws: `APIError` 400 past `Limits`.
    static func checkLimits(_ filter: JSONValue) throws {
        var budget = Limits.conditions
        func visit(_ value: JSONValue, depth: Int) throws {
            switch value {
            case .object(let members):
                guard depth < Limits.depth else {
                    throw APIError.badRequest("where filter nested too deeply (more than \(Limits.depth) levels of and/or)")
                }
                for (key, member) in members {
                    try spend(&budget)
                    if key == "inq" || key == "nin", let items = member.arrayValue { try checkListLength(items.count, op: key) }
                    try visit(member, depth: depth + 1)
                }
            case .array(let elements):
                for element in elements { try visit(element, depth: depth) }
            default:
                break
            }
        }
        try visit(filter, depth: 0)
    }
}

/// An SQL `LIKE` pattern: `%` matches any run of characters, `_` exactly one, everything else itself.
///
/// Runs of `%` are collapsed, and matching backtracks only to the last `%` seen (the classic
/// wildcard algorithm), so a match costs O(*n*·*m*) at worst and O(*n*) in the usual cases.
struct LikePattern {
    private enum Element: Equatable {
        case anyRun
        case anyOne
        case character(Character)
    }

    private let elements: [Element]
    /// How many characters a matching text has at least.
    private let minimumLength: Int
    private let caseInsensitive: Bool

    /// Compiles `pattern`.
    ///
    /// - Throws: `APIError` 400 when it is longer than `LoopBackWhere.Limits.patternLength`.
    init(_ pattern: String, caseInsensitive: Bool) throws {
        let count = pattern.count
        guard count <= LoopBackWhere.Limits.patternLength else {
            throw APIError.badRequest("like pattern too long (\(count) characters; at most \(LoopBackWhere.Limits.patternLength))")
        }
        var elements: [Element] = []
        for character in caseInsensitive ? pattern.lowercased() : pattern {
            switch character {
            case "%": if elements.last != .anyRun { elements.append(.anyRun) }
            case "_": elements.append(.anyOne)
            default: elements.append(.character(character))
            }
        }
        self.elements = elements
        minimumLength = elements.count(where: { $0 != .anyRun })
        self.caseInsensitive = caseInsensitive
    }

    /// Whether all of `text` matches the pattern.
    func matches(_ text: String) -> Bool {
        let subject = Array(caseInsensitive ? text.lowercased() : text)
        guard subject.count >= minimumLength else { return false }
        var s = 0, p = 0
        var resumePattern: Int?, resumeSubject = 0
        while s < subject.count {
            if p < elements.count {
                switch elements[p] {
                case .anyRun:
                    resumePattern = p + 1
                    resumeSubject = s
                    p += 1
                    continue
                case .anyOne:
                    s += 1
                    p += 1
                    continue
                case .character(let character) where character == subject[s]:
                    s += 1
                    p += 1
                    continue
                case .character:
                    break
                }
            }
            // Mismatch: let the last `%` take one more character, or fail when there is none.
            guard let resume = resumePattern else { return false }
            resumeSubject += 1
            s = resumeSubject
            p = resume
        }
        while p < elements.count, elements[p] == .anyRun { p += 1 }
        return p == elements.count
    }
}
