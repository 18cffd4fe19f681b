import Foundation
import RDFModel
import RDFStore
import SPARQLSyntax

/// Evaluates a plan over a store (SPARQL 1.1 §18.5, the evaluation semantics), at the id level.
final class Evaluator {
    let terms: TermTable
    let store: TripleStore
    let width: Int
    let cancellation: QueryCancellation?
    let baseIRI: String?
    /// The most rows one operator may build (`QueryOptions.maxRows`).
    let rowLimit: Int
    /// NOW() (§17.4.5.1): one value per query, made on first use.
    lazy var now: Term = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return .literal(formatter.string(from: Date()), datatype: XSD.dateTime)
    }()
    var ticks = 0
    var blankNodeCounter = 0
    var rowBlankNodes: [String: Term] = [:]
    var regexCache = RegexCache()
    /// Closures already computed in this query, by path, start node and direction.
    var closureCache: [ClosureKey: ClosureResult] = [:]
    /// Calls per one-predicate step, and the adjacency lists built once a step is used often.
    var stepUses: [StepKey: Int] = [:]
    var adjacency: [StepKey: [TermID: [TermID]]] = [:]

    init(terms: TermTable, width: Int, cancellation: QueryCancellation?, baseIRI: String?,
         rowLimit: Int = QueryOptions.defaultMaxRows) {
        self.terms = terms
        self.rowLimit = rowLimit
        self.store = terms.store
        self.width = width
        self.cancellation = cancellation
        self.baseIRI = baseIRI
        regexCache.stop = cancellation
    }

    /// Counts work and polls the cancellation token every 4096 steps; stops on a regular expression that
    /// could not be evaluated.
    @inline(__always)
    func tick() throws {
        ticks &+= 1
        if ticks & 0xFFF == 0 {
            try cancellation?.check()
            if let failure = regexCache.failure { throw failure }
        }
    }

    /// Appends a row to an operator's output, refusing to build more than `rowLimit` rows.
    ///
    /// - Throws: `SPARQLEvaluationError.tooManyRows`.
    @inline(__always)
    func add(_ row: some Collection<TermID>, to output: inout Solutions) throws {
        output.append(row)
        if output.count > rowLimit { throw SPARQLEvaluationError.tooManyRows(limit: rowLimit) }
    }

    func freshBlankNode() -> Term {
        blankNodeCounter += 1
        return .blankNode("q\(blankNodeCounter)")
    }

    // MARK: Operators

    /// Evaluates `plan` in the active `graph` (0: default graph). `seed` holds bindings substituted into the
    /// pattern (EXISTS, §18.6) or nil.
    func evaluate(_ plan: Plan, graph: TermID, seed: ArraySlice<TermID>?) throws -> Solutions {
        switch plan {
        case .unit:
            var result = Solutions(width: width)
            if let seed { result.append(seed) } else { result.appendEmpty() }
            return result
        case .empty:
            return Solutions(width: width)
        case .bgp, .path:
            return try evaluateWithInput(plan, input: seedSolutions(seed), graph: graph)
        case .join(let lhs, let rhs):
            if rhs.acceptsInput, case .bgp(let patterns) = lhs, try closureFirst(rhs, before: patterns, graph: graph) {
                return try evaluateWithInput(lhs, input: try evaluate(rhs, graph: graph, seed: seed), graph: graph)
            }
            if rhs.acceptsInput {
                return try evaluateWithInput(rhs, input: try evaluate(lhs, graph: graph, seed: seed), graph: graph)
            }
            if lhs.acceptsInput {
                return try evaluateWithInput(lhs, input: try evaluate(rhs, graph: graph, seed: seed), graph: graph)
            }
            let left = try evaluate(lhs, graph: graph, seed: seed)
            if left.isEmpty { return left }
            return try hashJoin(left, try evaluate(rhs, graph: graph, seed: seed))
        case .leftJoin(let lhs, let rhs, let condition):
            let left = try evaluate(lhs, graph: graph, seed: seed)
            return try leftJoin(left, rhs, condition: condition, graph: graph, seed: seed)
        case .filter(let condition, let inner):
            let solutions = try evaluate(inner, graph: graph, seed: seed)
            var result = Solutions(width: width)
            if solutions.count > 1, let slot = condition.onlySlot {
                // The condition reads one variable and nothing else: decide it once per term id.
                // Stops remembering after 512 rows without a repeated id.
                var decided: [TermID: Bool] = [:]
                var remembering = true
                var hits = 0
                for index in 0..<solutions.count {
                    try tick()
                    let id = solutions[index, slot]
                    let keep: Bool
                    if remembering, let known = decided[id] {
                        keep = known
                        hits += 1
                    } else {
                        keep = effectiveBoolean(condition, solutions.row(index), graph: graph) == true
                        if remembering {
                            decided[id] = keep
                            if index == 511 && hits == 0 { remembering = false }
                        }
                    }
                    if keep { result.append(solutions.row(index)) }
                }
                return result
            }
            for index in 0..<solutions.count {
                try tick()
                let row = solutions.row(index)
                if effectiveBoolean(condition, row, graph: graph) == true { result.append(row) }
            }
            return result
        case .union(let lhs, let rhs):
            var result = try evaluate(lhs, graph: graph, seed: seed)
            result.append(contentsOf: try evaluate(rhs, graph: graph, seed: seed))
            if result.count > rowLimit { throw SPARQLEvaluationError.tooManyRows(limit: rowLimit) }
            return result
        case .graph(let graphTerm, let inner):
            return try evaluateGraph(graphTerm, inner, seed: seed)
        case .extend(let inner, let bindings):
            var solutions = try evaluate(inner, graph: graph, seed: seed)
            for index in 0..<solutions.count {
                try tick()
                rowBlankNodes.removeAll(keepingCapacity: true)
                for (slot, expression) in bindings {
                    if let value = evaluate(expression, solutions.row(index), graph: graph) {
                        let id = terms.id(for: value)
                        if solutions[index, slot] == 0 { solutions[index, slot] = id }
                    }
                }
            }
            return solutions
        case .minus(let lhs, let rhs):
            let left = try evaluate(lhs, graph: graph, seed: seed)
            if left.isEmpty { return left }
            return try minus(left, try evaluate(rhs, graph: graph, seed: seed))
        case .values(let slots, let rows):
            var result = Solutions(width: width)
            var row = ContiguousArray<TermID>(repeating: 0, count: width)
            outer: for values in rows {
                if let seed { for index in 0..<width { row[index] = seed[seed.startIndex + index] } } else {
                    for index in 0..<width { row[index] = 0 }
                }
                for (slot, value) in zip(slots, values) where value != 0 {
                    if row[slot] != 0 && row[slot] != value { continue outer }
                    row[slot] = value
                }
                result.append(row)
            }
            return result
        case .group(let inner, let keys, let aggregates):
            if keys.isEmpty, seed == nil, let counted = try countWithoutRows(inner, aggregates: aggregates, graph: graph) {
                return counted
            }
            return try group(try evaluate(inner, graph: graph, seed: seed), keys: keys, aggregates: aggregates,
                             graph: graph)
        case .orderBy(let inner, let conditions):
            return try orderBy(try evaluate(inner, graph: graph, seed: seed), conditions, graph: graph)
        case .project(let inner, let slots):
            var solutions = try evaluate(inner, graph: graph, seed: seed)
            project(&solutions, slots)
            return solutions
        case .distinct(let inner):
            let solutions = try evaluate(inner, graph: graph, seed: seed)
            var seen = Set<ArraySlice<TermID>>()
            var result = Solutions(width: width)
            for index in 0..<solutions.count {
                try tick()
                let row = solutions.row(index)
                if seen.insert(row).inserted { result.append(row) }
            }
            return result
        case .slice(let inner, let offset, let limit):
            if let limit, let top = try topRows(inner, count: offset.addingReportingOverflow(limit), graph: graph, seed: seed) {
                var result = Solutions(width: width)
                let end = min(top.count, offset + limit)
                if offset < end {
                    for index in offset..<end { result.append(top.row(index)) }
                }
                return result
            }
            let solutions = try evaluate(inner, graph: graph, seed: seed)
            var result = Solutions(width: width)
            let end = limit.map { min(solutions.count, offset.addingReportingOverflow($0).overflow ? Int.max : offset + $0) }
                ?? solutions.count
            if offset < end {
                for index in offset..<end { result.append(solutions.row(index)) }
            }
            return result
        }
    }

    /// True when `path` is a closure from a constant (`?x p* <c>`, `<c> p+ ?x`) that reaches fewer nodes than
    /// the first pattern of `patterns` matches: then the closure runs first and feeds the patterns.
    func closureFirst(_ path: Plan, before patterns: [SlotPattern], graph: TermID) throws -> Bool {
        guard case .path(let subject, let idPath, let object) = path, let first = patterns.first else { return false }
        let inner: IDPath
        switch idPath {
        case .zeroOrMore(let step), .oneOrMore(let step): inner = step
        default: return false
        }
        let closure: ClosureResult
        switch (subject, object) {
        case (.slot, .constant(let end)):
            closure = try cachedClosure(inner, from: end, forward: false, graph: graph, includeStart: idPath.matchesZeroLength)
        case (.constant(let start), .slot):
            closure = try cachedClosure(inner, from: start, forward: true, graph: graph, includeStart: idPath.matchesZeroLength)
        default:
            return false
        }
        func constant(_ term: SlotTerm) -> TermID? {
            if case .constant(let id) = term { return id }
            return nil
        }
        let s = constant(first.subject), p = constant(first.predicate), o = constant(first.object)
        for id in [s, p, o].compactMap({ $0 }) where terms.isOverlay(id) { return false }
        return closure.nodes.count < store.count(IDPattern(graph: graph, subject: s, predicate: p, object: o))
    }

    func seedSolutions(_ seed: ArraySlice<TermID>?) -> Solutions {
        var input = Solutions(width: width)
        if let seed { input.append(seed) } else { input.appendEmpty() }
        return input
    }

    /// Index nested-loop join: evaluates a BGP or path once per input row, with the row's bindings.
    func evaluateWithInput(_ plan: Plan, input: Solutions, graph: TermID) throws -> Solutions {
        var output = Solutions(width: width)
        switch plan {
        case .bgp(let patterns):
            var row = ContiguousArray<TermID>(repeating: 0, count: width)
            for index in 0..<input.count {
                let source = input.row(index)
                for slot in 0..<width { row[slot] = source[source.startIndex + slot] }
                try matchPatterns(patterns, at: 0, row: &row, graph: graph, output: &output)
            }
        case .path(let subject, let path, let object):
            for index in 0..<input.count {
                try evaluatePath(subject, path, object, row: input.row(index), graph: graph, output: &output)
            }
        default:
            return try hashJoin(input, try evaluate(plan, graph: graph, seed: nil))
        }
        return output
    }

    func matchPatterns(_ patterns: [SlotPattern], at position: Int, row: inout ContiguousArray<TermID>,
                       graph: TermID, output: inout Solutions) throws {
        if position == patterns.count {
            try tick()
            try add(row, to: &output)
            return
        }
        let pattern = patterns[position]
        let s = Self.resolve(pattern.subject, in: row), p = Self.resolve(pattern.predicate, in: row)
        let o = Self.resolve(pattern.object, in: row)
        if let id = s.value, terms.isOverlay(id) { return }
        if let id = p.value, terms.isOverlay(id) { return }
        if let id = o.value, terms.isOverlay(id) { return }
        let matches = store.matches(IDPattern(graph: graph, subject: s.value, predicate: p.value, object: o.value))
        if matches.isEmpty { return }
        if s.freeSlot < 0 && p.freeSlot < 0 && o.freeSlot < 0 {
            // Every position is fixed: the pattern either holds or not.
            try matchPatterns(patterns, at: position + 1, row: &row, graph: graph, output: &output)
            return
        }
        for quad in matches {
            try tick()
            // A variable that occurs twice in the pattern must take the same value in both places.
            if s.freeSlot >= 0 { row[s.freeSlot] = quad.subject }
            if p.freeSlot >= 0 {
                if p.freeSlot == s.freeSlot && quad.predicate != quad.subject { row[s.freeSlot] = 0; continue }
                row[p.freeSlot] = quad.predicate
            }
            if o.freeSlot >= 0 {
                if (o.freeSlot == s.freeSlot && quad.object != quad.subject)
                    || (o.freeSlot == p.freeSlot && quad.object != quad.predicate) {
                    if s.freeSlot >= 0 { row[s.freeSlot] = 0 }
                    if p.freeSlot >= 0 { row[p.freeSlot] = 0 }
                    continue
                }
                row[o.freeSlot] = quad.object
            }
            try matchPatterns(patterns, at: position + 1, row: &row, graph: graph, output: &output)
            if s.freeSlot >= 0 { row[s.freeSlot] = 0 }
            if p.freeSlot >= 0 { row[p.freeSlot] = 0 }
            if o.freeSlot >= 0 { row[o.freeSlot] = 0 }
        }
    }

    /// Joins two bags on their shared bound slots, with a hash table on the right (§18.5 Join).
    func hashJoin(_ left: Solutions, _ right: Solutions) throws -> Solutions {
        var output = Solutions(width: width)
        if left.isEmpty || right.isEmpty { return output }
        let shared = sharedSlots(left, right)
        let joinIndex = JoinIndex(right, shared: shared)
        var merged = ContiguousArray<TermID>(repeating: 0, count: width)
        for index in 0..<left.count {
            let row = left.row(index)
            let candidates = joinIndex.candidates(for: row)
            for candidate in candidates {
                try tick()
                if merge(row, right.row(candidate), into: &merged) { try add(merged, to: &output) }
            }
        }
        return output
    }

    /// Slots bound in at least one row on both sides.
    func sharedSlots(_ left: Solutions, _ right: Solutions) -> [Int] {
        func used(_ solutions: Solutions) -> [Bool] {
            var flags = [Bool](repeating: false, count: width)
            for index in 0..<solutions.count {
                for slot in 0..<width where solutions[index, slot] != 0 { flags[slot] = true }
            }
            return flags
        }
        let a = used(left), b = used(right)
        return (0..<width).filter { a[$0] && b[$0] }
    }

    @inline(__always)
    func merge(_ lhs: ArraySlice<TermID>, _ rhs: ArraySlice<TermID>, into merged: inout ContiguousArray<TermID>) -> Bool {
        var l = lhs.startIndex, r = rhs.startIndex
        for slot in 0..<width {
            let a = lhs[l], b = rhs[r]
            if a != 0 && b != 0 && a != b { return false }
            merged[slot] = a != 0 ? a : b
            l += 1
            r += 1
        }
        return true
    }

    func leftJoin(_ left: Solutions, _ rhs: Plan, condition: CompiledExpression?, graph: TermID,
                  seed: ArraySlice<TermID>?) throws -> Solutions {
        var output = Solutions(width: width)
        if rhs.acceptsInput {
            for index in 0..<left.count {
                let row = left.row(index)
                var single = Solutions(width: width)
                single.append(row)
                let matches = try evaluateWithInput(rhs, input: single, graph: graph)
                var matched = false
                for match in 0..<matches.count {
                    let merged = matches.row(match)
                    if let condition, effectiveBoolean(condition, merged, graph: graph) != true { continue }
                    matched = true
                    try add(merged, to: &output)
                }
                if !matched { try add(row, to: &output) }
            }
            return output
        }
        let right = try evaluate(rhs, graph: graph, seed: seed)
        let shared = sharedSlots(left, right)
        let joinIndex = JoinIndex(right, shared: shared)
        var merged = ContiguousArray<TermID>(repeating: 0, count: width)
        for index in 0..<left.count {
            let row = left.row(index)
            let candidates = joinIndex.candidates(for: row)
            var matched = false
            for candidate in candidates {
                try tick()
                guard merge(row, right.row(candidate), into: &merged) else { continue }
                if let condition, effectiveBoolean(condition, ArraySlice(merged), graph: graph) != true { continue }
                matched = true
                try add(merged, to: &output)
            }
            if !matched { try add(row, to: &output) }
        }
        return output
    }

    /// `Minus` (§18.5): drops left rows that share a binding with, and are compatible with, a right row.
    func minus(_ left: Solutions, _ right: Solutions) throws -> Solutions {
        var output = Solutions(width: width)
        for index in 0..<left.count {
            let row = left.row(index)
            var removed = false
            for candidate in 0..<right.count where !removed {
                try tick()
                let other = right.row(candidate)
                var sharesVariable = false
                var compatible = true
                for slot in 0..<width {
                    let a = row[row.startIndex + slot], b = other[other.startIndex + slot]
                    if a != 0 && b != 0 {
                        sharesVariable = true
                        if a != b { compatible = false; break }
                    }
                }
                removed = sharesVariable && compatible
            }
            if !removed { output.append(row) }
        }
        return output
    }

    func evaluateGraph(_ graphTerm: SlotTerm, _ inner: Plan, seed: ArraySlice<TermID>?) throws -> Solutions {
        switch graphTerm {
        case .constant(let id):
            guard !terms.isOverlay(id), store.graphIDs().contains(id) else { return Solutions(width: width) }
            return try evaluate(inner, graph: id, seed: seed)
        case .slot(let slot):
            var output = Solutions(width: width)
            let fixed = seed.map { $0[$0.startIndex + slot] } ?? 0
            for graphID in store.graphIDs() where fixed == 0 || fixed == graphID {
                var solutions = try evaluate(inner, graph: graphID, seed: seed)
                for index in 0..<solutions.count {
                    let value = solutions[index, slot]
                    if value == 0 { solutions[index, slot] = graphID } else if value != graphID { continue }
                    try add(solutions.row(index), to: &output)
                }
            }
            return output
        }
    }

    // MARK: Modifiers

    /// The first `count` rows of an ordered plan (`OrderBy`, maybe under `Project`), kept in a bounded heap
    /// instead of sorting every row; nil when `plan` is not ordered or `count` overflowed.
    func topRows(_ plan: Plan, count: (partialValue: Int, overflow: Bool), graph: TermID,
                 seed: ArraySlice<TermID>?) throws -> Solutions? {
        guard !count.overflow else { return nil }
        let k = count.partialValue
        let inner: Plan, conditions: [(CompiledExpression, Bool)], projection: [Int]?
        switch plan {
        case .orderBy(let source, let order):
            (inner, conditions, projection) = (source, order, nil)
        case .project(.orderBy(let source, let order), let slots):
            (inner, conditions, projection) = (source, order, slots)
        default:
            return nil
        }
        let solutions = try evaluate(inner, graph: graph, seed: seed)
        // Full sort when most rows are kept anyway.
        if k >= solutions.count / 2 {
            var sorted = try orderBy(solutions, conditions, graph: graph)
            if let projection { project(&sorted, projection) }
            return sorted
        }
        var result = Solutions(width: width)
        if k == 0 { return result }
        // (keys, index) pairs in a max-heap: the root is the last of the best k so far. Ties keep input order.
        var heap: [([Term?], Int)] = []
        heap.reserveCapacity(k)
        func before(_ a: ([Term?], Int), _ b: ([Term?], Int)) -> Bool {
            for (position, condition) in conditions.enumerated() {
                let comparison = Values.orderCompare(a.0[position], b.0[position])
                if comparison != 0 { return condition.1 ? comparison < 0 : comparison > 0 }
            }
            return a.1 < b.1
        }
        func siftDown(_ start: Int) {
            var parent = start
            while true {
                let left = 2 * parent + 1, right = left + 1
                var largest = parent
                if left < heap.count && before(heap[largest], heap[left]) { largest = left }
                if right < heap.count && before(heap[largest], heap[right]) { largest = right }
                if largest == parent { return }
                heap.swapAt(parent, largest)
                parent = largest
            }
        }
        for index in 0..<solutions.count {
            try tick()
            let row = solutions.row(index)
            let entry = (conditions.map { evaluate($0.0, row, graph: graph) }, index)
            if heap.count < k {
                heap.append(entry)
                var child = heap.count - 1
                while child > 0 {
                    let parent = (child - 1) / 2
                    guard before(heap[parent], heap[child]) else { break }
                    heap.swapAt(parent, child)
                    child = parent
                }
            } else if before(entry, heap[0]) {
                heap[0] = entry
                siftDown(0)
            }
        }
        heap.sort(by: before)
        for entry in heap { result.append(solutions.row(entry.1)) }
        if let projection { project(&result, projection) }
        return result
    }

    func project(_ solutions: inout Solutions, _ slots: [Int]) {
        var keep = [Bool](repeating: false, count: width)
        for slot in slots { keep[slot] = true }
        for index in 0..<solutions.count {
            for slot in 0..<width where !keep[slot] { solutions[index, slot] = 0 }
        }
    }

    func orderBy(_ solutions: Solutions, _ conditions: [(CompiledExpression, Bool)], graph: TermID) throws -> Solutions {
        var keys: [[Term?]] = []
        keys.reserveCapacity(solutions.count)
        for index in 0..<solutions.count {
            try tick()
            keys.append(conditions.map { evaluate($0.0, solutions.row(index), graph: graph) })
        }
        let order = (0..<solutions.count).sorted { a, b in
            for (position, condition) in conditions.enumerated() {
                let comparison = Values.orderCompare(keys[a][position], keys[b][position])
                if comparison != 0 { return condition.1 ? comparison < 0 : comparison > 0 }
            }
            return a < b
        }
        var result = Solutions(width: width)
        for index in order { result.append(solutions.row(index)) }
        return result
    }

    /// `Group` and `Aggregation` (§18.5): one output row per group, binding the keys and the aggregates.
    func group(_ solutions: Solutions, keys: [(CompiledExpression, Int?)],
               aggregates: [(CompiledAggregate, Int)], graph: TermID) throws -> Solutions {
        var groups: [[TermID]: [Int]] = [:]
        var order: [[TermID]] = []
        if keys.count == 1, case .slot(let slot) = keys[0].0 {
            // One variable as the key: group on its id (equal ids are equal terms).
            var members: [[Int]] = []
            var positions: [TermID: Int] = [:]
            for index in 0..<solutions.count {
                try tick()
                let id = solutions[index, slot]
                if let position = positions[id] {
                    members[position].append(index)
                } else {
                    positions[id] = members.count
                    members.append([index])
                    order.append([id])
                }
            }
            for (key, list) in zip(order, members) { groups[key] = list }
        } else {
            var key = [TermID](repeating: 0, count: keys.count)
            for index in 0..<solutions.count {
                try tick()
                let row = solutions.row(index)
                for (position, expression) in keys.enumerated() {
                    if case .slot(let slot) = expression.0 {
                        key[position] = row[row.startIndex + slot]
                    } else {
                        key[position] = evaluate(expression.0, row, graph: graph).map(terms.id(for:)) ?? 0
                    }
                }
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(index)
            }
        }
        if keys.isEmpty && order.isEmpty {
            order.append([])
            groups[[]] = []
        }
        var output = Solutions(width: width)
        var row = ContiguousArray<TermID>(repeating: 0, count: width)
        for key in order {
            for slot in 0..<width { row[slot] = 0 }
            for (position, key) in zip(keys, key) where key != 0 {
                if let slot = position.1 { row[slot] = key }
            }
            let members = groups[key] ?? []
            for (aggregate, slot) in aggregates {
                if let value = try aggregateValue(aggregate, members: members, solutions: solutions, graph: graph) {
                    row[slot] = terms.id(for: value)
                }
            }
            output.append(row)
        }
        return output
    }

    func aggregateValue(_ aggregate: CompiledAggregate, members: [Int], solutions: Solutions,
                        graph: TermID) throws -> Term? {
        guard let expression = aggregate.expression else {
            // COUNT(*)
            if aggregate.distinct {
                return NumericValue.integer(Set(members.map { solutions.row($0) }).count).term
            }
            return NumericValue.integer(members.count).term
        }
        if aggregate.function == .count, case .slot(let slot) = expression {
            // COUNT(?x) and COUNT(DISTINCT ?x) on ids: bound values, and distinct ids are distinct terms.
            if aggregate.distinct {
                var seen = Set<TermID>()
                for member in members where solutions[member, slot] != 0 { seen.insert(solutions[member, slot]) }
                return NumericValue.integer(seen.count).term
            }
            return NumericValue.integer(members.count(where: { solutions[$0, slot] != 0 })).term
        }
        var values: [Term?] = []
        values.reserveCapacity(members.count)
        for member in members {
            try tick()
            values.append(evaluate(expression, solutions.row(member), graph: graph))
        }
        if aggregate.distinct {
            var seen = Set<Term?>()
            values = values.filter { seen.insert($0).inserted }
        }
        switch aggregate.function {
        case .count:
            return NumericValue.integer(values.count(where: { $0 != nil })).term
        case .sum, .avg:
            var total = NumericValue.integer(0)
            for value in values {
                guard let value, let number = Values.numeric(value) else { return nil }
                guard let sum = NumericValue.apply(.add, total, number) else { return nil }
                total = sum
            }
            if aggregate.function == .sum { return total.term }
            if values.isEmpty { return NumericValue.integer(0).term }
            return NumericValue.apply(.divide, total, .integer(values.count))?.term
        case .min, .max:
            var best: Term?
            for case let value? in values {
                guard let current = best else { best = value; continue }
                let comparison = Values.orderCompare(value, current)
                if aggregate.function == .min ? comparison < 0 : comparison > 0 { best = value }
            }
            return best
        case .sample:
            return values.lazy.compactMap { $0 }.first
        case .groupConcat:
            var parts: [String] = []
            for value in values {
                guard case .literal(let literal)? = value else { return nil }
                parts.append(literal.lexicalForm)
            }
            let text = parts.joined(separator: aggregate.separator)
            return .literal(text)
        }
    }
}

/// A hash index of the right side of a join on its shared slots (§18.5 Join, LeftJoin): rows with
/// every shared slot bound are found by key; rows with some unbound shared slot match any left row.
struct JoinIndex {
    private let shared: [Int]
    private let rightCount: Int
    private var table: [ArraySlice<TermID>: [Int]] = [:]
    private var partial: [Int] = []

    init(_ right: Solutions, shared: [Int]) {
        self.shared = shared
        rightCount = right.count
        for index in 0..<right.count {
            let row = right.row(index)
            if shared.allSatisfy({ row[row.startIndex + $0] != 0 }) {
                table[ArraySlice(shared.map { row[row.startIndex + $0] }), default: []].append(index)
            } else {
                partial.append(index)
            }
        }
    }

    /// Indexes of the right rows that may be compatible with `row`.
    func candidates(for row: ArraySlice<TermID>) -> [Int] {
        guard shared.allSatisfy({ row[row.startIndex + $0] != 0 }) else { return Array(0..<rightCount) }
        return (table[ArraySlice(shared.map { row[row.startIndex + $0] })] ?? []) + partial
    }
}
