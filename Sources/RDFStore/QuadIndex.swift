public import RDFModel

/// A quad of term ids. Graph id 0 is the default graph.
public struct IDQuad: Hashable, Sendable {
    public var graph: TermID
    public var subject: TermID
    public var predicate: TermID
    public var object: TermID

    public init(graph: TermID = 0, subject: TermID, predicate: TermID, object: TermID) {
        self.graph = graph
        self.subject = subject
        self.predicate = predicate
        self.object = object
    }
}

/// A pattern of term ids; `nil` positions match anything. A `nil` graph matches every graph,
/// including the default graph (id 0).
public struct IDPattern: Hashable, Sendable {
    public var graph: TermID?
    public var subject: TermID?
    public var predicate: TermID?
    public var object: TermID?

    public init(graph: TermID? = 0, subject: TermID? = nil, predicate: TermID? = nil, object: TermID? = nil) {
        self.graph = graph
        self.subject = subject
        self.predicate = predicate
        self.object = object
    }
}

/// The component order of one index. Every order starts with the graph.
enum IndexOrder: Int, Sendable, CaseIterable {
    case spo, pos, osp

    @inline(__always)
    func key(_ q: IDQuad) -> IndexKey {
        switch self {
        case .spo: return IndexKey(q.graph, q.subject, q.predicate, q.object)
        case .pos: return IndexKey(q.graph, q.predicate, q.object, q.subject)
        case .osp: return IndexKey(q.graph, q.object, q.subject, q.predicate)
        }
    }

    @inline(__always)
    func quad(_ k: IndexKey) -> IDQuad {
        switch self {
        case .spo: return IDQuad(graph: k.first, subject: k.second, predicate: k.third, object: k.fourth)
        case .pos: return IDQuad(graph: k.first, subject: k.fourth, predicate: k.second, object: k.third)
        case .osp: return IDQuad(graph: k.first, subject: k.third, predicate: k.fourth, object: k.second)
        }
    }

    /// The best order for a pattern with these positions bound, and how many leading components
    /// (after the graph) the pattern fixes in that order.
    static func best(subject: Bool, predicate: Bool, object: Bool) -> (IndexOrder, Int) {
        switch (subject, predicate, object) {
        case (false, false, false): return (.spo, 0)
        case (true, false, false): return (.spo, 1)
        case (true, true, false): return (.spo, 2)
        case (true, true, true): return (.spo, 3)
        case (false, true, false): return (.pos, 1)
        case (false, true, true): return (.pos, 2)
        case (false, false, true): return (.osp, 1)
        case (true, false, true): return (.osp, 2)
        }
    }
}

/// Four ids packed into two words so that comparing keys compares components in order.
struct IndexKey: Comparable, Hashable, Sendable {
    var high: UInt64
    var low: UInt64

    @inline(__always)
    init(_ a: TermID, _ b: TermID, _ c: TermID, _ d: TermID) {
        high = UInt64(a) << 32 | UInt64(b)
        low = UInt64(c) << 32 | UInt64(d)
    }

    var first: TermID { TermID(truncatingIfNeeded: high >> 32) }
    var second: TermID { TermID(truncatingIfNeeded: high) }
    var third: TermID { TermID(truncatingIfNeeded: low >> 32) }
    var fourth: TermID { TermID(truncatingIfNeeded: low) }

    @inline(__always)
    static func < (lhs: IndexKey, rhs: IndexKey) -> Bool {
        lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
    }
}

extension ContiguousArray where Element == IndexKey {
    /// The first index whose key is not less than `key`.
    @inline(__always)
    func lowerBound(_ key: IndexKey) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low &+ high) >> 1
            if self[mid] < key { low = mid &+ 1 } else { high = mid }
        }
        return low
    }

    /// The range of keys whose first `length` components (graph included) equal those of `prefix`.
    func range(prefix: IndexKey, length: Int) -> Range<Int> {
        let mask = IndexKey.upperFill(length: length)
        let lower = IndexKey(high: prefix.high & ~mask.high, low: prefix.low & ~mask.low)
        let upper = IndexKey(high: prefix.high | mask.high, low: prefix.low | mask.low)
        let start = lowerBound(lower)
        var end = start
        // Short ranges are common; scan a few before falling back to binary search.
        while end < count && end < start + 8 && !(upper < self[end]) { end += 1 }
        if end == start + 8 && end < count && !(upper < self[end]) {
            var low = end, high = count
            while low < high {
                let mid = (low &+ high) >> 1
                if upper < self[mid] { high = mid } else { low = mid &+ 1 }
            }
            end = low
        }
        return start..<end
    }
}

extension IndexKey {
    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// All-ones in the components after the first `length`.
    static func upperFill(length: Int) -> IndexKey {
        switch length {
        case 0: return IndexKey(high: .max, low: .max)
        case 1: return IndexKey(high: 0xFFFF_FFFF, low: .max)
        case 2: return IndexKey(high: 0, low: .max)
        case 3: return IndexKey(high: 0, low: 0xFFFF_FFFF)
        default: return IndexKey(high: 0, low: 0)
        }
    }
}
