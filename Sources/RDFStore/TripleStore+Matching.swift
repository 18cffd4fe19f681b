public import RDFModel

extension TripleStore {
    /// Returns the quads that match `pattern`, using the cheapest index.
    ///
    /// - Parameter pattern: A pattern whose `nil` positions match any id.
    /// - Complexity: O(*k* + *g* log *n*) for *k* matches among *n* quads in *g* searched graphs.
    public func matches(_ pattern: IDPattern) -> QuadMatches {
        if let graph = pattern.graph {
            let (keys, order, range) = run(of: pattern, inGraph: graph)
            return QuadMatches(keys: keys, order: order, ranges: [range])
        }
        let (order, length) = IndexOrder.best(subject: pattern.subject != nil, predicate: pattern.predicate != nil,
                                              object: pattern.object != nil)
        let keys = self[order]
        let probe = order.key(IDQuad(graph: 0, subject: pattern.subject ?? 0,
                                     predicate: pattern.predicate ?? 0, object: pattern.object ?? 0))
        if length == 0 {
            return QuadMatches(keys: keys, order: order, ranges: [0..<keys.count])
        }
        var ranges: [Range<Int>] = []
        for graph in graphIDs(includingDefault: true) {
            let graphProbe = IndexKey(high: UInt64(graph) << 32 | (probe.high & 0xFFFF_FFFF), low: probe.low)
            let range = keys.range(prefix: graphProbe, length: length + 1)
            if !range.isEmpty { ranges.append(range) }
        }
        return QuadMatches(keys: keys, order: order, ranges: ranges)
    }

    /// The first quad matching `pattern` in index order, without collecting the others.
    ///
    /// - Complexity: O(log *n*) when the pattern names its graph.
    public func firstMatch(_ pattern: IDPattern) -> IDQuad? {
        guard let graph = pattern.graph else { return matches(pattern).first }
        let (keys, order, range) = run(of: pattern, inGraph: graph)
        return range.isEmpty ? nil : order.quad(keys[range.lowerBound])
    }

    /// The contiguous run of the cheapest index that holds the matches of `pattern` in `graph`.
    private func run(of pattern: IDPattern, inGraph graph: TermID)
        -> (keys: ContiguousArray<IndexKey>, order: IndexOrder, range: Range<Int>) {
        let (order, length) = IndexOrder.best(subject: pattern.subject != nil, predicate: pattern.predicate != nil,
                                              object: pattern.object != nil)
        let keys = self[order]
        let probe = order.key(IDQuad(graph: graph, subject: pattern.subject ?? 0,
                                     predicate: pattern.predicate ?? 0, object: pattern.object ?? 0))
        return (keys, order, keys.range(prefix: probe, length: length + 1))
    }

    /// The number of quads that match `pattern`, without materialising them.
    ///
    /// - Complexity: O(*g* log *n*).
    public func count(_ pattern: IDPattern) -> Int {
        matches(pattern).count
    }

    /// True when at least one quad matches.
    public func contains(_ pattern: IDPattern) -> Bool {
        !matches(pattern).isEmpty
    }

    /// The ids of every graph that holds a quad, in id order; 0 (the default graph) when asked.
    public func graphIDs(includingDefault: Bool = false) -> [TermID] {
        var result: [TermID] = []
        var index = 0
        while index < spo.count {
            let graph = spo[index].first
            if graph != 0 || includingDefault { result.append(graph) }
            guard graph < TermID.max else { break }
            index = spo.lowerBound(IndexKey(graph + 1, 0, 0, 0))
        }
        return result
    }

    /// The distinct values of one position among the quads of `graph`, in id order.
    public func distinct(_ position: QuadPosition, graph: TermID = 0) -> [TermID] {
        let order: IndexOrder = position == .subject ? .spo : position == .predicate ? .pos : .osp
        let keys = self[order]
        let range = keys.range(prefix: IndexKey(graph, 0, 0, 0), length: 1)
        var result: [TermID] = []
        var index = range.lowerBound
        while index < range.upperBound {
            let value = keys[index].second
            result.append(value)
            guard value < TermID.max else { break }
            index = keys.lowerBound(IndexKey(graph, value + 1, 0, 0))
        }
        return result
    }

    /// Returns the triples of `graph` as terms (`nil`: the default graph), in subject order.
    public func triples(inGraph graph: Term? = nil) -> [Triple] {
        let g: TermID
        if let graph {
            guard let id = id(of: graph) else { return [] }
            g = id
        } else {
            g = 0
        }
        return matches(IDPattern(graph: g)).map { quad in
            Triple(term(quad.subject), term(quad.predicate), term(quad.object))
        }
    }

    /// Returns the triples that match a pattern of terms (`nil` positions match anything).
    public func triples(subject: Term? = nil, predicate: Term? = nil, object: Term? = nil,
                        graph: Term? = nil) -> [Triple] {
        var pattern = IDPattern()
        if let graph {
            guard let id = id(of: graph) else { return [] }
            pattern.graph = id
        }
        if let subject {
            guard let id = id(of: subject) else { return [] }
            pattern.subject = id
        }
        if let predicate {
            guard let id = id(of: predicate) else { return [] }
            pattern.predicate = id
        }
        if let object {
            guard let id = id(of: object) else { return [] }
            pattern.object = id
        }
        return matches(pattern).map { Triple(term($0.subject), term($0.predicate), term($0.object)) }
    }
}

/// A position within a triple.
public enum QuadPosition: Sendable {
    case subject, predicate, object
}

/// The quads matching a pattern: contiguous runs of one index, decoded lazily.
public struct QuadMatches: RandomAccessCollection, Sendable {
    let keys: ContiguousArray<IndexKey>
    let order: IndexOrder
    let ranges: [Range<Int>]
    let offsets: [Int]

    init(keys: ContiguousArray<IndexKey>, order: IndexOrder, ranges: [Range<Int>]) {
        self.keys = keys
        self.order = order
        self.ranges = ranges.filter { !$0.isEmpty }
        var running = 0
        var offsets: [Int] = []
        for range in self.ranges {
            offsets.append(running)
            running += range.count
        }
        offsets.append(running)
        self.offsets = offsets
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { offsets.last ?? 0 }

    public subscript(position: Int) -> IDQuad {
        if ranges.count == 1 { return order.quad(keys[ranges[0].lowerBound + position]) }
        var segment = 0
        while offsets[segment + 1] <= position { segment += 1 }
        return order.quad(keys[ranges[segment].lowerBound + position - offsets[segment]])
    }

    /// Calls `body` for each match without bounds arithmetic per element.
    @inline(__always)
    public func forEachQuad(_ body: (IDQuad) throws -> Void) rethrows {
        for range in ranges {
            for index in range { try body(order.quad(keys[index])) }
        }
    }
}
