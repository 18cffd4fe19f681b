/// A dense integer id for a term in a `TermDictionary`. Id 0 is never assigned.
public typealias TermID = UInt32

/// Maps terms to dense integer ids and back.
///
/// Indexes, joins and rules work on ids; terms are decoded only for output.
public struct TermDictionary: Sendable {
    private var idsByTerm: [Term: TermID] = [:]
    private var termsByID: [Term] = [.iri("")]  // slot 0 is a placeholder, never returned

    public init() {}

    /// The number of distinct terms.
    public var count: Int { termsByID.count - 1 }

    /// Returns the id of `term`, assigning the next free id when the term is new.
    ///
    /// - Complexity: O(1) on average.
    @discardableResult
    public mutating func encode(_ term: Term) -> TermID {
        if let id = idsByTerm[term] { return id }
        let id = TermID(termsByID.count)
        precondition(termsByID.count < Int(TermID.max), "TermDictionary is full")
        termsByID.append(term)
        idsByTerm[term] = id
        return id
    }

    /// Returns the id of `term`, or `nil` when it was never encoded.
    public func id(of term: Term) -> TermID? {
        idsByTerm[term]
    }

    /// Returns the term for `id`. Traps on an id this dictionary did not assign.
    public subscript(id: TermID) -> Term {
        precondition(id != 0 && Int(id) < termsByID.count, "unknown TermID \(id)")
        return termsByID[Int(id)]
    }

    /// Returns the term for `id`, or `nil` for an id this dictionary did not assign.
    public func term(for id: TermID) -> Term? {
        guard id != 0, Int(id) < termsByID.count else { return nil }
        return termsByID[Int(id)]
    }

    /// Reserves room for `count` more terms.
    public mutating func reserveCapacity(_ count: Int) {
        idsByTerm.reserveCapacity(idsByTerm.count + count)
        termsByID.reserveCapacity(termsByID.count + count)
    }

    /// Every (id, term) pair in id order.
    public var allTerms: some Sequence<(id: TermID, term: Term)> {
        termsByID.indices.dropFirst().lazy.map { (TermID($0), termsByID[$0]) }
    }
}
