public import RDFModel
public import RDFStore
public import SPARQLSyntax

/// The solutions of a SELECT query, decoded to terms (SPARQL 1.1 §16.1).
public struct SolutionTable: Sendable, Equatable {
    /// The projected variables, in order.
    public var variables: [String]
    /// One row per solution; `nil` where a variable is unbound.
    public var rows: [[Term?]]

    public init(variables: [String], rows: [[Term?]]) {
        self.variables = variables
        self.rows = rows
    }
}

/// The result of a query, by query form (SPARQL 1.1 §16).
public enum QueryResult: Sendable, Equatable {
    /// SELECT.
    case solutions(SolutionTable)
    /// ASK.
    case boolean(Bool)
    /// CONSTRUCT and DESCRIBE.
    case graph([Triple])
}

/// How a query runs: cancellation, the row budget and the loading of graphs named in FROM / FROM NAMED.
public struct QueryOptions: Sendable {
    /// The default of `maxRows`: ten million rows.
    public static let defaultMaxRows = 10_000_000
    /// Checked every few thousand rows; nil for no limit.
    public var cancellation: QueryCancellation?
    /// The most rows any one operator (a basic graph pattern, a join, a path, a union) may build before the
    /// query stops with `SPARQLEvaluationError.tooManyRows`: a bound on memory.
    public var maxRows: Int
    /// Loads a graph that the query names by IRI (FROM, FROM NAMED) but the store does not hold as a named
    /// graph. It returns a store whose default graph is the graph. Nil: such graphs are empty.
    public var graphLoader: (@Sendable (String) throws -> TripleStore)?

    public init(cancellation: QueryCancellation? = nil, maxRows: Int = QueryOptions.defaultMaxRows,
                graphLoader: (@Sendable (String) throws -> TripleStore)? = nil) {
        self.cancellation = cancellation
        self.maxRows = maxRows
        self.graphLoader = graphLoader
    }
}

/// Evaluates SPARQL 1.1 queries over a `TripleStore`.
///
/// Evaluation works on term ids: variables become row slots when the query is planned, BGPs are matched with
/// index nested loops in order of selectivity, and other joins hash on shared slots. Terms are decoded only
/// for the result.
public enum QueryEngine {
    /// Parses and evaluates a query.
    ///
    /// - Parameters:
    ///   - text: The query text.
    ///   - baseIRI: The base IRI for relative IRIs in the query.
    ///   - store: The dataset: its default graph and its named graphs.
    ///   - options: Cancellation and graph loading.
    /// - Throws: `SPARQLSyntaxError` or `SPARQLEvaluationError`.
    public static func evaluate(_ text: String, baseIRI: String? = nil, on store: TripleStore,
                                options: QueryOptions = QueryOptions()) throws -> QueryResult {
        try evaluate(try SPARQLParser.parse(query: text, baseIRI: baseIRI), on: store, options: options)
    }

    /// Evaluates a parsed query (SPARQL 1.1 §18.5-§18.6).
    ///
    /// - Throws: `SPARQLEvaluationError` on timeout, cancellation, unsupported features or graphs that
    ///   cannot be loaded.
    public static func evaluate(_ query: Query, on store: TripleStore, options: QueryOptions = QueryOptions()) throws -> QueryResult {
        let dataset = try activeDataset(for: query, store: store, options: options)
        let terms = TermTable(store: dataset)
        let planner = QueryPlanner(terms: terms, baseIRI: query.baseIRI)
        let plan = try planner.plan(query.algebra)
        try options.cancellation?.check()
        let evaluator = Evaluator(terms: terms, width: planner.width, cancellation: options.cancellation,
                                  baseIRI: query.baseIRI, rowLimit: options.maxRows)
        let solutions = try evaluator.evaluate(plan, graph: 0, seed: nil)
        if let failure = evaluator.regexCache.failure { throw failure }
        // A check after the last row: work cut short by the token (a long REGEX) never becomes an answer.
        try options.cancellation?.check()
        switch query.form {
        case .select(let variables):
            let slots = variables.map(planner.slot)
            var rows: [[Term?]] = []
            rows.reserveCapacity(solutions.count)
            for index in 0..<solutions.count {
                rows.append(slots.map { slot in
                    let id = solutions[index, slot]
                    return id == 0 ? nil : terms.term(id)
                })
            }
            return .solutions(SolutionTable(variables: variables, rows: rows))
        case .ask:
            return .boolean(!solutions.isEmpty)
        case .construct(let template):
            return .graph(try construct(template, solutions: solutions, planner: planner, terms: terms,
                                        cancellation: options.cancellation))
        case .describe(let targets):
            return .graph(describe(targets, solutions: solutions, planner: planner, terms: terms))
        }
    }

    /// A readable plan: the operators with their slot variables and, for triple patterns, the number of
    /// matching triples that ordered them.
    public static func explain(_ query: Query, on store: TripleStore, options: QueryOptions = QueryOptions()) throws -> String {
        let dataset = try activeDataset(for: query, store: store, options: options)
        let terms = TermTable(store: dataset)
        let planner = QueryPlanner(terms: terms, baseIRI: query.baseIRI)
        let plan = try planner.plan(query.algebra)
        var form: String
        switch query.form {
        case .select(let variables): form = "select " + variables.map { "?" + $0 }.joined(separator: " ")
        case .ask: form = "ask"
        case .construct(let template): form = "construct (\(template.count) template triples)"
        case .describe(let targets): form = "describe (\(targets.count) resources)"
        }
        return form + "\n" + PlanPrinter(terms: terms, names: planner.slotNames).render(plan, depth: 1)
    }

    /// The dataset of the query (§13.2): the store itself, or a new store built from FROM / FROM NAMED.
    static func activeDataset(for query: Query, store: TripleStore, options: QueryOptions) throws -> TripleStore {
        guard !query.dataset.isEmpty else { return store }
        var dataset = TripleStore()
        var quads: [IDQuad] = []
        var loadedCount = 0
        func add(_ iri: String, into graph: Term?) throws {
            let graphID = graph.map { dataset.encode($0) } ?? 0
            if let named = store.id(of: .iri(iri)), store.graphIDs().contains(named) {
                store.matches(IDPattern(graph: named)).forEachQuad { quad in
                    quads.append(IDQuad(graph: graphID, subject: dataset.encode(store.term(quad.subject)),
                                        predicate: dataset.encode(store.term(quad.predicate)),
                                        object: dataset.encode(store.term(quad.object))))
                }
                return
            }
            guard let loader = options.graphLoader else { return }
            let loaded: TripleStore
            do {
                loaded = try loader(iri)
            } catch {
                throw SPARQLEvaluationError.graphNotLoaded(iri: iri, reason: "\(error)")
            }
            loadedCount += 1
            let scope = "g\(loadedCount)_"
            func rescoped(_ term: Term) -> Term {
                if case .blankNode(let label) = term { return .blankNode(scope + label) }
                return term
            }
            loaded.matches(IDPattern(graph: 0)).forEachQuad { quad in
                quads.append(IDQuad(graph: graphID, subject: dataset.encode(rescoped(loaded.term(quad.subject))),
                                    predicate: dataset.encode(loaded.term(quad.predicate)),
                                    object: dataset.encode(rescoped(loaded.term(quad.object)))))
            }
        }
        for iri in query.dataset.defaultGraphs { try add(iri, into: nil) }
        for iri in query.dataset.namedGraphs {
            _ = dataset.encode(.iri(iri))
            try add(iri, into: .iri(iri))
        }
        dataset.insert(contentsOf: quads)
        return dataset
    }

    /// Instantiates the template once per solution, with fresh blank nodes per solution (§16.2).
    static func construct(_ template: [TriplePattern], solutions: Solutions, planner: QueryPlanner, terms: TermTable,
                          cancellation: QueryCancellation?) throws -> [Triple] {
        var seen = Set<Triple>()
        var result: [Triple] = []
        var blankNodes: [String: Term] = [:]
        var counter = 0
        for index in 0..<solutions.count {
            if index & 0xFFF == 0xFFF { try cancellation?.check() }
            blankNodes.removeAll(keepingCapacity: true)
            func instantiate(_ pattern: TermPattern) -> Term? {
                switch pattern {
                case .variable(let name):
                    let id = solutions[index, planner.slot(name)]
                    return id == 0 ? nil : terms.term(id)
                case .term(.blankNode(let label)):
                    if let node = blankNodes[label] { return node }
                    counter += 1
                    let node = Term.blankNode("c\(counter)")
                    blankNodes[label] = node
                    return node
                case .term(let term):
                    return term
                }
            }
            for pattern in template {
                guard let subject = instantiate(pattern.subject), !subject.isLiteral,
                      let predicate = instantiate(pattern.predicate), predicate.isIRI,
                      let object = instantiate(pattern.object) else { continue }
                let triple = Triple(subject, predicate, object)
                if seen.insert(triple).inserted { result.append(triple) }
            }
        }
        return result
    }

    /// The concise bounded description of each resource: its triples, following blank node objects.
    static func describe(_ targets: [TermPattern], solutions: Solutions, planner: QueryPlanner, terms: TermTable) -> [Triple] {
        var resources: [TermID] = []
        var seenResources = Set<TermID>()
        for target in targets {
            switch target {
            case .term(let term):
                if let id = terms.storeID(for: term), seenResources.insert(id).inserted { resources.append(id) }
            case .variable(let name):
                let slot = planner.slot(name)
                for index in 0..<solutions.count {
                    let id = solutions[index, slot]
                    if id != 0, !terms.isOverlay(id), seenResources.insert(id).inserted { resources.append(id) }
                }
            }
        }
        var result: [Triple] = []
        var visited = Set<TermID>()
        var stack = resources.reversed() as [TermID]
        let store = terms.store
        while let node = stack.popLast() {
            guard visited.insert(node).inserted else { continue }
            store.matches(IDPattern(graph: 0, subject: node)).forEachQuad { quad in
                let object = store.term(quad.object)
                result.append(Triple(store.term(quad.subject), store.term(quad.predicate), object))
                if object.isBlankNode && !visited.contains(quad.object) { stack.append(quad.object) }
            }
        }
        return result
    }
}

/// Renders a plan as an indented tree for `--explain`.
struct PlanPrinter {
    let terms: TermTable
    let names: [String]

    func name(_ slot: Int) -> String {
        let name = names[slot]
        return name.hasPrefix("_:") ? name : "?" + name
    }

    func term(_ slotTerm: SlotTerm) -> String {
        switch slotTerm {
        case .slot(let slot): return name(slot)
        case .constant(let id): return terms.term(id).displayText
        }
    }

    func render(_ plan: Plan, depth: Int) -> String {
        let pad = String(repeating: "  ", count: depth)
        switch plan {
        case .unit: return pad + "unit\n"
        case .empty: return pad + "empty\n"
        case .bgp(let patterns):
            var text = pad + "bgp (index nested loops, in this order)\n"
            for pattern in patterns {
                func constant(_ t: SlotTerm) -> TermID? { if case .constant(let id) = t { return id }; return nil }
                let count = terms.store.count(IDPattern(graph: nil, subject: constant(pattern.subject),
                                                        predicate: constant(pattern.predicate),
                                                        object: constant(pattern.object)))
                text += pad + "  \(term(pattern.subject)) \(term(pattern.predicate)) \(term(pattern.object))  [\(count) triples]\n"
            }
            return text
        case .path(let s, _, let o): return pad + "path \(term(s)) … \(term(o))\n"
        case .join(let a, let b):
            return pad + (b.acceptsInput ? "join (nested loop into right)\n" : "join (hash)\n")
                + render(a, depth: depth + 1) + render(b, depth: depth + 1)
        case .leftJoin(let a, let b, let condition):
            return pad + "left join\(condition == nil ? "" : " with filter")\n" + render(a, depth: depth + 1) + render(b, depth: depth + 1)
        case .filter(_, let inner): return pad + "filter\n" + render(inner, depth: depth + 1)
        case .union(let a, let b): return pad + "union\n" + render(a, depth: depth + 1) + render(b, depth: depth + 1)
        case .graph(let g, let inner): return pad + "graph \(term(g))\n" + render(inner, depth: depth + 1)
        case .extend(let inner, let bindings):
            return pad + "extend \(bindings.map { name($0.0) }.joined(separator: " "))\n" + render(inner, depth: depth + 1)
        case .minus(let a, let b): return pad + "minus\n" + render(a, depth: depth + 1) + render(b, depth: depth + 1)
        case .values(let slots, let rows): return pad + "values \(slots.map(name).joined(separator: " ")) (\(rows.count) rows)\n"
        case .group(let inner, let keys, let aggregates):
            return pad + "group by \(keys.count) keys, \(aggregates.count) aggregates\n" + render(inner, depth: depth + 1)
        case .orderBy(let inner, let conditions): return pad + "order by \(conditions.count) keys\n" + render(inner, depth: depth + 1)
        case .project(let inner, let slots): return pad + "project \(slots.map(name).joined(separator: " "))\n" + render(inner, depth: depth + 1)
        case .distinct(let inner): return pad + "distinct\n" + render(inner, depth: depth + 1)
        case .slice(let inner, let offset, let limit):
            return pad + "slice offset \(offset) limit \(limit.map(String.init) ?? "none")\n" + render(inner, depth: depth + 1)
        }
    }
}
