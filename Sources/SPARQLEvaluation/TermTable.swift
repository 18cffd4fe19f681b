import RDFModel
import RDFStore

/// The ids of one query: the store's dictionary plus an overlay for terms the query computes.
///
/// Terms of the store keep their store ids (1...n). Terms that a query makes up (BIND results, aggregates,
/// constants absent from the data) get ids above n, so that id equality stays term equality and joins never
/// decode terms. The overlay lives for one query; the store is never mutated.
final class TermTable {
    let store: TripleStore
    let storeCount: TermID
    private var extraTerms: [Term] = []
    private var extraIDs: [Term: TermID] = [:]

    init(store: TripleStore) {
        self.store = store
        self.storeCount = TermID(store.dictionary.count)
    }

    /// Returns the id of `term`, assigning an overlay id when the store does not know it.
    func id(for term: Term) -> TermID {
        if let id = store.id(of: term) { return id }
        if let id = extraIDs[term] { return id }
        let id = storeCount + TermID(extraTerms.count) + 1
        extraTerms.append(term)
        extraIDs[term] = id
        return id
    }

    /// The id of `term` in the store, or `nil` when no quad can mention it.
    func storeID(for term: Term) -> TermID? {
        store.id(of: term)
    }

    /// True when `id` is an overlay id (so no quad of the store contains it).
    @inline(__always)
    func isOverlay(_ id: TermID) -> Bool { id > storeCount }

    /// The term for an id of this table.
    func term(_ id: TermID) -> Term {
        if id <= storeCount { return store.term(id) }
        return extraTerms[Int(id - storeCount - 1)]
    }
}
