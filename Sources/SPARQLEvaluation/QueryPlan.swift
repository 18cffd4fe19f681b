import Foundation
import RDFModel
import RDFStore
import SPARQLSyntax

/// A triple pattern position after planning: a slot of the row or a fixed term id.
enum SlotTerm: Hashable {
    case slot(Int)
    case constant(TermID)

    var slot: Int? {
        if case .slot(let index) = self { return index }
        return nil
    }
}

/// A triple pattern over slots.
struct SlotPattern: Hashable {
    var subject: SlotTerm
    var predicate: SlotTerm
    var object: SlotTerm

    var slots: [Int] { [subject, predicate, object].compactMap(\.slot) }
}

/// A property path over term ids; predicates absent from the store have no id.
indirect enum IDPath: Hashable {
    case predicate(TermID?)
    case inverse(IDPath)
    case sequence(IDPath, IDPath)
    case alternative(IDPath, IDPath)
    case zeroOrMore(IDPath)
    case oneOrMore(IDPath)
    case zeroOrOne(IDPath)
    case negated(forward: Set<TermID>, inverse: Set<TermID>, hasForward: Bool, hasInverse: Bool)

    /// True when the path can match a zero-length path (every node reaches itself).
    var matchesZeroLength: Bool {
        switch self {
        case .zeroOrMore, .zeroOrOne: return true
        case .predicate, .negated, .oneOrMore: return false
        case .inverse(let inner): return inner.matchesZeroLength
        case .sequence(let a, let b): return a.matchesZeroLength && b.matchesZeroLength
        case .alternative(let a, let b): return a.matchesZeroLength || b.matchesZeroLength
        }
    }
}

/// A compiled expression: variables are slots, constants are terms (SPARQL 1.1 §17).
indirect enum CompiledExpression {
    case slot(Int)
    case constant(Term)
    case or(CompiledExpression, CompiledExpression)
    case and(CompiledExpression, CompiledExpression)
    case not(CompiledExpression)
    case equal(CompiledExpression, CompiledExpression)
    case notEqual(CompiledExpression, CompiledExpression)
    case compare(CompiledExpression, CompiledExpression, accept: Set<Int>)
    case arithmetic(NumericValue.Operation, CompiledExpression, CompiledExpression)
    case negate(CompiledExpression)
    case unaryPlus(CompiledExpression)
    case inList(CompiledExpression, [CompiledExpression], negated: Bool)
    case bound(Int)
    case builtin(BuiltinFunction, [CompiledExpression])
    /// REGEX / REPLACE with a pattern known at plan time, compiled once per query.
    case regex(CompiledExpression, XPathRegex)
    case replace(CompiledExpression, XPathRegex, CompiledExpression)
    case cast(String, CompiledExpression)
    case unknownFunction(String)
    case exists(Plan, negated: Bool)
}

extension CompiledExpression {
    /// The one slot that the expression reads, when it reads exactly one and its value depends on nothing
    /// else (no EXISTS, RAND, BNODE, UUID or STRUUID), so that it can be evaluated once per term id.
    var onlySlot: Int? {
        var found: Int?
        var usable = true
        func visit(_ expression: CompiledExpression) {
            guard usable else { return }
            switch expression {
            case .slot(let slot), .bound(let slot):
                if let found, found != slot { usable = false } else { found = slot }
            case .constant, .unknownFunction:
                break
            case .or(let a, let b), .and(let a, let b), .equal(let a, let b), .notEqual(let a, let b),
                 .compare(let a, let b, _), .arithmetic(_, let a, let b), .replace(let a, _, let b):
                visit(a)
                visit(b)
            case .not(let a), .negate(let a), .unaryPlus(let a), .cast(_, let a), .regex(let a, _):
                visit(a)
            case .inList(let a, let list, _):
                visit(a)
                list.forEach(visit)
            case .builtin(let function, let args):
                switch function {
                case .rand, .bnode, .uuid, .strUUID: usable = false
                default: args.forEach(visit)
                }
            case .exists:
                usable = false
            }
        }
        visit(self)
        return usable ? found : nil
    }
}

/// A compiled aggregate.
struct CompiledAggregate {
    var function: AggregateFunction
    var expression: CompiledExpression?
    var distinct: Bool
    var separator: String
}

/// The physical plan: the algebra with slots, ordered triple patterns and compiled expressions.
indirect enum Plan {
    case unit
    case bgp([SlotPattern])
    case path(SlotTerm, IDPath, SlotTerm)
    case join(Plan, Plan)
    case leftJoin(Plan, Plan, CompiledExpression?)
    case filter(CompiledExpression, Plan)
    case union(Plan, Plan)
    case graph(SlotTerm, Plan)
    /// One or more BINDs / SELECT expressions evaluated in order on each row; blank nodes made by
    /// `BNODE(str)` are shared within the row (§17.4.2.9).
    case extend(Plan, [(Int, CompiledExpression)])
    case minus(Plan, Plan)
    case values([Int], [[TermID]])
    case group(Plan, keys: [(CompiledExpression, Int?)], aggregates: [(CompiledAggregate, Int)])
    case orderBy(Plan, [(CompiledExpression, Bool)])
    case project(Plan, [Int])
    case distinct(Plan)
    case slice(Plan, offset: Int, limit: Int?)
    case empty

    /// True for patterns whose evaluation can start from bound input rows (index nested-loop join).
    var acceptsInput: Bool {
        switch self {
        case .bgp, .path: return true
        default: return false
        }
    }
}

/// Turns algebra into a plan: assigns slots, orders triple patterns by selectivity and compiles expressions.
final class QueryPlanner {
    let terms: TermTable
    let baseIRI: String?
    private(set) var slotNames: [String] = []
    private var scope: [String: Int] = [:]

    init(terms: TermTable, baseIRI: String?) {
        self.terms = terms
        self.baseIRI = baseIRI
    }

    var width: Int { slotNames.count }

    /// The slot of a variable in the current scope, allocated on first use.
    func slot(_ name: String) -> Int {
        if let slot = scope[name] { return slot }
        let slot = slotNames.count
        slotNames.append(name)
        scope[name] = slot
        return slot
    }

    func slotTerm(_ pattern: TermPattern) -> SlotTerm {
        switch pattern {
        case .variable(let name): return .slot(slot(name))
        case .term(let term): return .constant(terms.id(for: term))
        }
    }

    func plan(_ algebra: Algebra) throws -> Plan {
        switch algebra {
        case .unit:
            return .unit
        case .bgp(let patterns):
            let slotted = patterns.map { SlotPattern(subject: slotTerm($0.subject), predicate: slotTerm($0.predicate),
                                                     object: slotTerm($0.object)) }
            return .bgp(orderPatterns(slotted, bound: []))
        case .path(let subject, let path, let object):
            return .path(slotTerm(subject), compilePath(path), slotTerm(object))
        case .join(let lhs, let rhs):
            return .join(try plan(lhs), try plan(rhs))
        case .leftJoin(let lhs, let rhs, let expression):
            let left = try plan(lhs)
            let right = try plan(rhs)
            return .leftJoin(left, right, try expression.map(compile))
        case .filter(let expression, let inner):
            let innerPlan = try plan(inner)
            return .filter(try compile(expression), innerPlan)
        case .union(let lhs, let rhs):
            return .union(try plan(lhs), try plan(rhs))
        case .graph(let graph, let inner):
            let graphTerm = slotTerm(graph)
            return .graph(graphTerm, try plan(inner))
        case .extend(let inner, let name, let expression):
            let innerPlan = try plan(inner)
            let compiled = try compile(expression)
            if case .extend(let base, let bindings) = innerPlan {
                return .extend(base, bindings + [(slot(name), compiled)])
            }
            return .extend(innerPlan, [(slot(name), compiled)])
        case .minus(let lhs, let rhs):
            let left = try plan(lhs)
            // Variables of the right side are compared by name with the left side only (§18.5 Minus).
            return .minus(left, try plan(rhs))
        case .values(let names, let rows):
            let slots = names.map(slot)
            return .values(slots, rows.map { row in row.map { $0.map(terms.id(for:)) ?? 0 } })
        case .group(let inner, let keys, let aggregates):
            let innerPlan = try plan(inner)
            let compiledKeys = try keys.map { key in (try compile(key.expression), key.variable.map(slot)) }
            let compiledAggregates = try aggregates.map { binding in
                (CompiledAggregate(function: binding.aggregate.function,
                                   expression: try binding.aggregate.expression.map(compile),
                                   distinct: binding.aggregate.distinct, separator: binding.aggregate.separator),
                 slot(binding.variable))
            }
            return .group(innerPlan, keys: compiledKeys, aggregates: compiledAggregates)
        case .orderBy(let inner, let conditions):
            let innerPlan = try plan(inner)
            return .orderBy(innerPlan, try conditions.map { (try compile($0.expression), $0.ascending) })
        case .project(let inner, let names):
            // A sub-select has its own scope: only projected variables are shared with the outside (§18.2.1).
            let outerSlots = names.map(slot)
            let saved = scope
            scope = [:]
            for (name, slot) in zip(names, outerSlots) { scope[name] = slot }
            let innerPlan = try plan(inner)
            scope = saved
            return .project(innerPlan, outerSlots)
        case .distinct(let inner), .reduced(let inner):
            return .distinct(try plan(inner))
        case .slice(let inner, let offset, let limit):
            return .slice(try plan(inner), offset: offset, limit: limit)
        case .service(let endpoint, _, let silent):
            if silent { return .unit }
            let name: String
            switch endpoint {
            case .variable(let variable): name = "?" + variable
            case .term(let term): name = term.displayText
            }
            throw SPARQLEvaluationError.federatedQuery(endpoint: name)
        }
    }

    /// Orders a BGP greedily: the most selective pattern first, preferring patterns connected to bound slots.
    func orderPatterns(_ patterns: [SlotPattern], bound initial: Set<Int>) -> [SlotPattern] {
        var remaining = patterns
        var bound = initial
        var ordered: [SlotPattern] = []
        while !remaining.isEmpty {
            var best = 0
            var bestCost = Double.infinity
            for (index, pattern) in remaining.enumerated() {
                let cost = estimate(pattern, bound: bound)
                if cost < bestCost {
                    bestCost = cost
                    best = index
                }
            }
            let chosen = remaining.remove(at: best)
            ordered.append(chosen)
            bound.formUnion(chosen.slots)
        }
        return ordered
    }

    func estimate(_ pattern: SlotPattern, bound: Set<Int>) -> Double {
        func constant(_ term: SlotTerm) -> TermID? {
            if case .constant(let id) = term { return id }
            return nil
        }
        let s = constant(pattern.subject), p = constant(pattern.predicate), o = constant(pattern.object)
        for id in [s, p, o].compactMap({ $0 }) where terms.isOverlay(id) { return 0 }
        var cost = Double(terms.store.count(IDPattern(graph: nil, subject: s, predicate: p, object: o)))
        var boundCount = 0
        for (term, factor) in [(pattern.subject, 200.0), (pattern.predicate, 5.0), (pattern.object, 50.0)] {
            if let slot = term.slot, bound.contains(slot) {
                cost /= factor
                boundCount += 1
            }
        }
        let variableSlots = pattern.slots
        if !bound.isEmpty && boundCount == 0 && !variableSlots.isEmpty {
            cost = cost * 1000 + 1  // a cartesian product: postpone
        }
        return cost
    }

    func compilePath(_ path: PropertyPath) -> IDPath {
        switch path {
        case .predicate(let iri): return .predicate(terms.storeID(for: .iri(iri)))
        case .inverse(let inner): return .inverse(compilePath(inner))
        case .sequence(let a, let b): return .sequence(compilePath(a), compilePath(b))
        case .alternative(let a, let b): return .alternative(compilePath(a), compilePath(b))
        case .zeroOrMore(let inner): return .zeroOrMore(compilePath(inner))
        case .oneOrMore(let inner): return .oneOrMore(compilePath(inner))
        case .zeroOrOne(let inner): return .zeroOrOne(compilePath(inner))
        case .negated(let forward, let inverse):
            return .negated(forward: Set(forward.compactMap { terms.storeID(for: .iri($0)) }),
                            inverse: Set(inverse.compactMap { terms.storeID(for: .iri($0)) }),
                            hasForward: !forward.isEmpty, hasInverse: !inverse.isEmpty)
        }
    }

    func compile(_ expression: SPARQLSyntax.Expression) throws -> CompiledExpression {
        switch expression {
        case .variable(let name): return .slot(slot(name))
        case .term(let term): return .constant(term)
        case .or(let a, let b): return .or(try compile(a), try compile(b))
        case .and(let a, let b): return .and(try compile(a), try compile(b))
        case .not(let a): return .not(try compile(a))
        case .equal(let a, let b): return .equal(try compile(a), try compile(b))
        case .notEqual(let a, let b): return .notEqual(try compile(a), try compile(b))
        case .less(let a, let b): return .compare(try compile(a), try compile(b), accept: [-1])
        case .greater(let a, let b): return .compare(try compile(a), try compile(b), accept: [1])
        case .lessOrEqual(let a, let b): return .compare(try compile(a), try compile(b), accept: [-1, 0])
        case .greaterOrEqual(let a, let b): return .compare(try compile(a), try compile(b), accept: [1, 0])
        case .add(let a, let b): return .arithmetic(.add, try compile(a), try compile(b))
        case .subtract(let a, let b): return .arithmetic(.subtract, try compile(a), try compile(b))
        case .multiply(let a, let b): return .arithmetic(.multiply, try compile(a), try compile(b))
        case .divide(let a, let b): return .arithmetic(.divide, try compile(a), try compile(b))
        case .negate(let a): return .negate(try compile(a))
        case .unaryPlus(let a): return .unaryPlus(try compile(a))
        case .in(let a, let list): return .inList(try compile(a), try list.map(compile), negated: false)
        case .notIn(let a, let list): return .inList(try compile(a), try list.map(compile), negated: true)
        case .builtin(.bound, let args):
            if case .variable(let name)? = args.first { return .bound(slot(name)) }
            return .constant(Values.falseTerm)
        case .builtin(let function, let args):
            let compiled = try args.map(compile)
            if function == .regex, args.count >= 2, case .term(.literal(let pattern)) = args[1],
               args.count == 2 || { if case .term(.literal) = args[2] { return true }; return false }() {
                let flags = args.count == 3 ? args[2] : nil
                var flagText = ""
                if case .term(.literal(let literal))? = flags { flagText = literal.lexicalForm }
                return .regex(compiled[0], try XPathRegex(pattern: pattern.lexicalForm, flags: flagText))
            }
            if function == .replace, case .term(.literal(let pattern)) = args[1],
               args.count == 3 || { if case .term(.literal) = args[3] { return true }; return false }() {
                var flagText = ""
                if args.count == 4, case .term(.literal(let literal)) = args[3] { flagText = literal.lexicalForm }
                return .replace(compiled[0], try XPathRegex(pattern: pattern.lexicalForm, flags: flagText), compiled[2])
            }
            return .builtin(function, compiled)
        case .function(let iri, let args):
            let compiled = try args.map(compile)
            if Casts.supported.contains(iri) && compiled.count == 1 { return .cast(iri, compiled[0]) }
            return .unknownFunction(iri)
        case .exists(let pattern):
            return .exists(try plan(pattern), negated: false)
        case .notExists(let pattern):
            return .exists(try plan(pattern), negated: true)
        case .aggregate(let aggregate):
            throw SPARQLEvaluationError.unsupported("aggregate \(aggregate.function.rawValue) outside an aggregate query")
        }
    }
}
