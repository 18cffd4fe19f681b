import RDFModel
import RDFStore
import SPARQLSyntax

/// `COUNT(*)` and `COUNT(?x)` over a basic graph pattern, answered without building its rows.
extension Evaluator {
    /// The one-row result of an implicit group whose aggregates are all plain `COUNT(*)` or `COUNT(?x)` over
    /// a basic graph pattern, or nil when the query does not have that shape.
    ///
    /// The patterns split into groups that share no variable; the count is the product of the groups'
    /// counts, and a group's last pattern is counted from the index instead of row by row.
    func countWithoutRows(_ plan: Plan, aggregates: [(CompiledAggregate, Int)], graph: TermID) throws -> Solutions? {
        guard case .bgp(let patterns) = plan, !aggregates.isEmpty else { return nil }
        let boundSlots = Set(patterns.flatMap(\.slots))
        var counted: [(slot: Int, countsRows: Bool)] = []
        for (aggregate, slot) in aggregates {
            guard aggregate.function == .count, !aggregate.distinct else { return nil }
            switch aggregate.expression {
            case nil: counted.append((slot, true))
            // Every row of a BGP binds every variable of its patterns.
            case .slot(let variable)?: counted.append((slot, boundSlots.contains(variable)))
            default: return nil
            }
        }
        var total = 1
        for component in Self.components(patterns) {
            var row = ContiguousArray<TermID>(repeating: 0, count: width)
            let count = try countMatches(component, at: 0, row: &row, graph: graph)
            let (product, overflow) = total.multipliedReportingOverflow(by: count)
            if overflow { throw SPARQLEvaluationError.unsupported("a count larger than \(Int.max)") }
            total = product
            if total == 0 { break }
        }
        var output = Solutions(width: width)
        var row = ContiguousArray<TermID>(repeating: 0, count: width)
        for (slot, countsRows) in counted {
            row[slot] = terms.id(for: NumericValue.integer(countsRows ? total : 0).term)
        }
        output.append(row)
        return output
    }

    /// The patterns in groups connected by shared variables, each in its original order.
    static func components(_ patterns: [SlotPattern]) -> [[SlotPattern]] {
        var parent = Array(patterns.indices)
        func root(_ index: Int) -> Int {
            var index = index
            while parent[index] != index {
                parent[index] = parent[parent[index]]
                index = parent[index]
            }
            return index
        }
        var owner: [Int: Int] = [:]
        for (index, pattern) in patterns.enumerated() {
            for slot in pattern.slots {
                if let other = owner[slot] {
                    parent[root(index)] = root(other)
                } else {
                    owner[slot] = index
                }
            }
        }
        var groups: [Int: [SlotPattern]] = [:]
        var order: [Int] = []
        for (index, pattern) in patterns.enumerated() {
            let key = root(index)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(pattern)
        }
        return order.map { groups[$0] ?? [] }
    }

    /// The number of solutions of `patterns[position...]` given the bindings in `row`
    /// (the counting twin of `matchPatterns`).
    func countMatches(_ patterns: [SlotPattern], at position: Int, row: inout ContiguousArray<TermID>,
                      graph: TermID) throws -> Int {
        if position == patterns.count { return 1 }
        try tick()
        let pattern = patterns[position]
        let s = Self.resolve(pattern.subject, in: row), p = Self.resolve(pattern.predicate, in: row)
        let o = Self.resolve(pattern.object, in: row)
        for id in [s.value, p.value, o.value] {
            if let id, terms.isOverlay(id) { return 0 }
        }
        let idPattern = IDPattern(graph: graph, subject: s.value, predicate: p.value, object: o.value)
        let free = [s.freeSlot, p.freeSlot, o.freeSlot].filter { $0 >= 0 }
        if position == patterns.count - 1 && Set(free).count == free.count {
            return store.count(idPattern)
        }
        var total = 0
        for quad in store.matches(idPattern) {
            try tick()
            if s.freeSlot >= 0 { row[s.freeSlot] = quad.subject }
            if p.freeSlot >= 0 {
                if p.freeSlot == s.freeSlot && quad.predicate != quad.subject { row[s.freeSlot] = 0; continue }
                row[p.freeSlot] = quad.predicate
            }
            var consistent = true
            if o.freeSlot >= 0 {
                if (o.freeSlot == s.freeSlot && quad.object != quad.subject)
                    || (o.freeSlot == p.freeSlot && quad.object != quad.predicate) {
                    consistent = false
                } else {
                    row[o.freeSlot] = quad.object
                }
            }
            if consistent {
                total += try countMatches(patterns, at: position + 1, row: &row, graph: graph)
            }
            if s.freeSlot >= 0 { row[s.freeSlot] = 0 }
            if p.freeSlot >= 0 { row[p.freeSlot] = 0 }
            if o.freeSlot >= 0 { row[o.freeSlot] = 0 }
        }
        return total
    }
}

extension Evaluator {
    /// A pattern position as a fixed id (a constant, or a slot `row` has bound) or a free slot.
    @inline(__always)
    static func resolve(_ term: SlotTerm, in row: ContiguousArray<TermID>) -> (value: TermID?, freeSlot: Int) {
        switch term {
        case .constant(let id): return (id, -1)
        case .slot(let slot):
            let value = row[slot]
            return value == 0 ? (nil, slot) : (value, -1)
        }
    }
}
