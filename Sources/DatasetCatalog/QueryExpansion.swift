public import OntologyKit

/// Query expansion for search backends: a technique plus all its inferred sub-techniques.
public struct QueryExpansion: Sendable {
    /// The ontology expanded over.
    public let ontology: ClassifiedOntology

    /// Which form of the terms goes into filters.
    public enum ValueForm: String, Sendable, CaseIterable {
        /// Full IRIs (`http://purl.org/pan-science/PaNET/PaNET01188`).
        case iri
        /// Short ids (`PaNET01188`).
        case id
    }

    /// Every class's descendants, when worked out up front.
    private let descendantLists: [[ClassID]]?

    /// Expansion over `ontology`. With `precomputed`, the descendants of every class are worked
    /// out now, in one pass over the superclass lists (for a server answering many expansions).
    public init(ontology: ClassifiedOntology, precomputed: Bool = false) {
        self.ontology = ontology
        descendantLists = precomputed ? QueryExpansion.allDescendants(ontology.classification.hierarchy) : nil
    }

    /// `id` and every inferred descendant, `id` first, the rest sorted by IRI.
    public func expand(_ id: ClassID) -> [ClassID] {
        [id] + (descendantLists?[Int(id)] ?? ontology.classification.hierarchy.descendants(of: id))
    }

    /// How many classes `expand(id)` lists, without building the list when the descendants are precomputed.
    public func expansionCount(_ id: ClassID) -> Int {
        1 + (descendantLists?[Int(id)].count ?? ontology.classification.hierarchy.descendants(of: id).count)
    }

    /// The strict subclasses of every class, as `ClassHierarchy.descendants(of:)` gives them: each
    /// class is listed under its superclasses other than itself and its equivalents, in id order.
    static func allDescendants(_ hierarchy: ClassHierarchy) -> [[ClassID]] {
        var lists = [[ClassID]](repeating: [], count: hierarchy.superclasses.count)
        for (index, superclasses) in hierarchy.superclasses.enumerated() {
            let id = ClassID(index)
            for superclass in superclasses where superclass != id && !hierarchy.equivalents[index].contains(superclass) {
                lists[Int(superclass)].append(id)
            }
        }
        return lists
    }

    /// The term `text` names, expanded.
    ///
    /// - Throws: `DatasetCatalogError.unknownTerm` when nothing matches.
    public func expand(term text: String) throws -> [ClassID] {
        guard let match = ontology.resolver.resolve(text) else { throw DatasetCatalogError.unknownTerm(text) }
        return expand(match.classID)
    }

    func value(_ id: ClassID, _ form: ValueForm) -> String {
        form == .iri ? ontology.ontology[id].iri : ontology.ontology[id].shortID
    }

    /// An Elasticsearch / OpenSearch `terms` query on `field`.
    public func elasticsearchQuery(_ ids: [ClassID], field: String, form: ValueForm) -> JSONValue {
        .object([("query", .object([("terms", .object([(field, .array(ids.map { .string(value($0, form)) }))]))]))])
    }

    /// A PaNOSC / LoopBack filter `{"pid": {"inq": [...]}}`.
    public func loopBackFilter(_ ids: [ClassID], form: ValueForm) -> JSONValue {
        .object([("pid", .object([("inq", .array(ids.map { .string(value($0, form)) }))]))])
    }

    /// Rewrites a LoopBack `where` on a technique's `name` or `pid` into conditions on expanded pids,
    /// as the pan-ontologies-api service does for the PaNOSC search API.
    ///
    /// `{"name": X}` and `{"name": {"eq": X}}` (X a label or synonym) and `{"pid": X}` (IRI or id) become
    /// `{"pid": {"inq": [X and its sub-techniques]}}`; `neq` becomes `nin`; `inq` / `nin` lists are
    /// expanded member by member; several keys in one object must all hold; `and` / `or` keep their
    /// structure with each operand rewritten. A name that matches nothing expands to an empty list.
    /// - Throws: `DatasetCatalogError.badQuery` for other fields or operators.
    public func rewriteWhere(_ filter: JSONValue, form: ValueForm) throws -> JSONValue {
        var unresolved: [String] = []
        return try rewriteWhere(filter, form: form, unresolved: &unresolved)
    }

    /// `rewriteWhere(_:form:)`, also listing in `unresolved` (in order, once each) the names and
    /// pids that matched no class, so that callers can say which.
    public func rewriteWhere(_ filter: JSONValue, form: ValueForm, unresolved: inout [String]) throws -> JSONValue {
        var found: [String] = []
        let rewritten = try rewrite(filter, form: form, unresolved: &found)
        var seen: Set<String> = []
        unresolved += found.filter { seen.insert($0).inserted }
        return rewritten
    }

    private func rewrite(_ filter: JSONValue, form: ValueForm, unresolved: inout [String]) throws -> JSONValue {
        guard case .object(let members) = filter else { throw DatasetCatalogError.badQuery("a where filter must be a JSON object") }
        if members.count == 1, let (key, value) = members.first, key == "and" || key == "or" {
            guard case .array(let operands) = value else { throw DatasetCatalogError.badQuery("'\(key)' takes an array of filters") }
            return .object([(key, .array(try operands.map { try rewrite($0, form: form, unresolved: &unresolved) }))])
        }
        var positive: Set<ClassID>?
        var negative: Set<ClassID> = []
        for (key, condition) in members {
            guard key == "name" || key == "pid" else {
                if key == "and" || key == "or" { throw DatasetCatalogError.badQuery("'\(key)' must be alone in its object") }
                throw DatasetCatalogError.badQuery("unsupported field '\(key)'; use name or pid")
            }
            let (ids, isNegative) = try expandCondition(condition, field: key, unresolved: &unresolved)
            if isNegative {
                negative.formUnion(ids)
            } else {
                positive = positive.map { $0.intersection(ids) } ?? ids
            }
        }
        let order = { (lhs: ClassID, rhs: ClassID) in self.ontology.ontology[lhs].iri < self.ontology.ontology[rhs].iri }
        if let positive {
            let ids = positive.subtracting(negative).sorted(by: order)
            return .object([("pid", .object([("inq", .array(ids.map { .string(value($0, form)) }))]))])
        }
        return .object([("pid", .object([("nin", .array(negative.sorted(by: order).map { .string(value($0, form)) }))]))])
    }

    private func expandCondition(_ condition: JSONValue, field: String, unresolved: inout [String]) throws -> (Set<ClassID>, Bool) {
        switch condition {
        case .string(let text):
            return (expanded(text, field: field, unresolved: &unresolved), false)
        case .object(let operators):
            guard operators.count == 1, let (op, operand) = operators.first else {
                throw DatasetCatalogError.badQuery("give one operator for '\(field)'")
            }
            switch op {
            case "eq", "neq":
                guard let text = operand.stringValue else { throw DatasetCatalogError.badQuery("'\(op)' takes a string") }
                return (expanded(text, field: field, unresolved: &unresolved), op == "neq")
            case "inq", "nin":
                guard let items = operand.arrayValue else { throw DatasetCatalogError.badQuery("'\(op)' takes an array of strings") }
                var ids: Set<ClassID> = []
                for item in items {
                    guard let text = item.stringValue else { throw DatasetCatalogError.badQuery("'\(op)' takes an array of strings") }
                    ids.formUnion(expanded(text, field: field, unresolved: &unresolved))
                }
                return (ids, op == "nin")
            default:
                throw DatasetCatalogError.badQuery("unsupported operator '\(op)'; use eq, neq, inq, nin, and, or")
            }
        default:
            throw DatasetCatalogError.badQuery("the value of '\(field)' must be a string or an operator object")
        }
    }

    private func expanded(_ text: String, field: String, unresolved: inout [String]) -> Set<ClassID> {
        guard let match = ontology.resolver.resolve(text),
              field == "name" ? match.kind == .label || match.kind == .synonym : !(match.kind == .label || match.kind == .synonym)
        else {
            unresolved.append(text)
            return []
        }
        return Set(expand(match.classID))
    }
}

/// Solr / Elasticsearch synonym files from the ontology's labels and synonyms.
public enum SynonymExport {
    /// One line per class with synonyms: `label, synonym, ...` (equivalent terms). With `children`,
    /// explicit mappings `label, synonyms => label, synonyms, descendant labels ...` so that a search
    /// for a technique also finds its sub-techniques.
    public static func synonyms(_ ontology: ClassifiedOntology, children: Bool) -> String {
        let view = ontology.ontology
        let hierarchy = ontology.classification.hierarchy
        var lines: [String] = ["# PaNET synonyms (\(view.versionIRI ?? view.versionInfo ?? "unknown version")), Solr format"]
        func names(_ id: ClassID) -> [String] {
            var seen: Set<String> = []
            var result: [String] = []
            for name in view[id].labels.map(\.value) + view[id].synonyms.map(\.value) {
                let cleaned = name.trimmingWhitespace().lowercased()
                if !cleaned.isEmpty && seen.insert(cleaned).inserted { result.append(escape(cleaned)) }
            }
            return result
        }
        for id in view.classIDs where !view[id].isDeprecated && ontology.kind(of: id) != .foreign {
            let own = names(id)
            guard !own.isEmpty else { continue }
            if children {
                var expansion = own
                var seen = Set(own)
                for descendant in hierarchy.descendants(of: id) where !view[descendant].isDeprecated {
                    for name in names(descendant) where seen.insert(name).inserted { expansion.append(name) }
                }
                if expansion.count > 1 { lines.append(own.joined(separator: ", ") + " => " + expansion.joined(separator: ", ")) }
            } else if own.count > 1 {
                lines.append(own.joined(separator: ", "))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            if character == "," || character == "\\" || character == "=" { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
