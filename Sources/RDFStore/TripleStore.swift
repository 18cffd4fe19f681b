public import RDFModel

/// An in-memory RDF dataset: dictionary-encoded quads with SPO, POS and OSP indexes per graph.
///
/// A value type: copies are cheap and share storage until one of them is mutated, so a query runs
/// on an immutable snapshot. Duplicate quads are stored once. Graph id 0 is the default graph.
public struct TripleStore: Sendable {
    /// The terms of every quad, encoded to ids.
    public internal(set) var dictionary = TermDictionary()
    var spo = ContiguousArray<IndexKey>()
    var pos = ContiguousArray<IndexKey>()
    var osp = ContiguousArray<IndexKey>()
    /// How many documents were loaded, used to scope blank node labels per document.
    public internal(set) var documentCount = 0

    public init() {}

    /// The number of quads in every graph.
    public var count: Int { spo.count }

    /// True when the store holds no quads.
    public var isEmpty: Bool { spo.isEmpty }

    // MARK: Encoding

    /// Returns the id of `term`, adding it to the dictionary when new.
    public mutating func encode(_ term: Term) -> TermID {
        dictionary.encode(term)
    }

    /// Runs `body` with direct access to the dictionary, for encoding many terms at once (a parser
    /// interning terms from its own buffers). `body` may add terms but must not replace the dictionary.
    public mutating func withDictionary<Result>(_ body: (inout TermDictionary) throws -> Result) rethrows -> Result {
        try body(&dictionary)
    }

    /// Returns the id of `term`, or `nil` when the store has never seen it.
    public func id(of term: Term) -> TermID? {
        dictionary.id(of: term)
    }

    /// Returns the term for an id of this store.
    public func term(_ id: TermID) -> Term {
        dictionary[id]
    }

    /// Returns a fresh blank node label prefix for the next document, so that blank nodes of two
    /// documents never merge by accident.
    public mutating func nextDocumentScope() -> String {
        documentCount += 1
        return "d\(documentCount)_"
    }

    // MARK: Mutation

    /// Inserts a triple into `graph` (`nil`: the default graph).
    ///
    /// - Returns: `true` when the quad was not present before.
    /// - Complexity: O(*n*) for *n* quads (the indexes are sorted arrays).
    @discardableResult
    public mutating func insert(_ triple: Triple, graph: Term? = nil) -> Bool {
        let quad = IDQuad(graph: graph.map { encode($0) } ?? 0, subject: encode(triple.subject),
                          predicate: encode(triple.predicate), object: encode(triple.object))
        return insert(quad)
    }

    /// Inserts an id quad whose ids come from this store's dictionary.
    @discardableResult
    public mutating func insert(_ quad: IDQuad) -> Bool {
        let key = IndexOrder.spo.key(quad)
        let at = spo.lowerBound(key)
        if at < spo.count && spo[at] == key { return false }
        spo.insert(key, at: at)
        let posKey = IndexOrder.pos.key(quad)
        pos.insert(posKey, at: pos.lowerBound(posKey))
        let ospKey = IndexOrder.osp.key(quad)
        osp.insert(ospKey, at: osp.lowerBound(ospKey))
        checkInvariants()
        return true
    }

    /// Inserts many id quads at once: one sort and merge per index.
    ///
    /// - Complexity: O(*n* + *m*) for *m* new quads (a radix sort of the new keys, then a merge).
    public mutating func insert<S: Sequence>(contentsOf quads: S) where S.Element == IDQuad {
        var added = ContiguousArray<IDQuad>(quads)
        guard !added.isEmpty else { return }
        if spo.isEmpty && added.count == 1 {
            insert(added[0])
            return
        }
        var scratch = ContiguousArray<IndexKey>()
        for order in IndexOrder.allCases {
            var keys = ContiguousArray<IndexKey>()
            keys.reserveCapacity(added.count)
            for quad in added { keys.append(order.key(quad)) }
            keys.sortRemovingDuplicates(scratch: &scratch)
            self[order] = .mergeRemovingDuplicates(self[order], keys)
        }
        added.removeAll()
        checkInvariants()
    }

    /// Removes a triple from `graph` (`nil`: the default graph).
    ///
    /// - Returns: `true` when the quad was present.
    @discardableResult
    public mutating func remove(_ triple: Triple, graph: Term? = nil) -> Bool {
        guard let s = id(of: triple.subject), let p = id(of: triple.predicate), let o = id(of: triple.object) else {
            return false
        }
        var g: TermID = 0
        if let graph {
            guard let id = id(of: graph) else { return false }
            g = id
        }
        return remove(IDQuad(graph: g, subject: s, predicate: p, object: o))
    }

    /// Removes an id quad.
    @discardableResult
    public mutating func remove(_ quad: IDQuad) -> Bool {
        let key = IndexOrder.spo.key(quad)
        let at = spo.lowerBound(key)
        guard at < spo.count && spo[at] == key else { return false }
        spo.remove(at: at)
        for order in [IndexOrder.pos, .osp] {
            let orderKey = order.key(quad)
            var keys = self[order]
            keys.remove(at: keys.lowerBound(orderKey))
            self[order] = keys
        }
        checkInvariants()
        return true
    }

    /// Copies every quad of `other` into this store, re-encoding its terms.
    public mutating func formUnion(_ other: TripleStore) {
        var mapping = [TermID](repeating: 0, count: other.dictionary.count + 1)
        for (id, term) in other.dictionary.allTerms { mapping[Int(id)] = encode(term) }
        insert(contentsOf: other.spo.lazy.map { key in
            let q = IndexOrder.spo.quad(key)
            return IDQuad(graph: q.graph == 0 ? 0 : mapping[Int(q.graph)], subject: mapping[Int(q.subject)],
                          predicate: mapping[Int(q.predicate)], object: mapping[Int(q.object)])
        })
    }

    subscript(order: IndexOrder) -> ContiguousArray<IndexKey> {
        get {
            switch order {
            case .spo: return spo
            case .pos: return pos
            case .osp: return osp
            }
        }
        set {
            switch order {
            case .spo: spo = newValue
            case .pos: pos = newValue
            case .osp: osp = newValue
            }
        }
    }

    @inline(__always)
    func checkInvariants() {
        #if RDFSTORE_INTERNAL_CHECKS
        precondition(spo.count == pos.count && pos.count == osp.count, "index sizes differ")
        let fromSPO = Set(spo.map { IndexOrder.spo.quad($0) })
        precondition(fromSPO == Set(pos.map { IndexOrder.pos.quad($0) }), "POS disagrees with SPO")
        precondition(fromSPO == Set(osp.map { IndexOrder.osp.quad($0) }), "OSP disagrees with SPO")
        #endif
    }
}

extension ContiguousArray where Element: Equatable {
    mutating func removeAdjacentDuplicates() {
        guard count > 1 else { return }
        var write = 1
        for read in 1..<count where self[read] != self[write - 1] {
            self[write] = self[read]
            write += 1
        }
        removeLast(count - write)
    }
}
