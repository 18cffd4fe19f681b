#if canImport(Glibc)
import Glibc
#endif

/// A dense integer id for a term in a `TermDictionary`. Id 0 is never assigned.
public typealias TermID = UInt32

/// Maps terms to dense integer ids and back.
///
/// Indexes, joins and rules work on ids; terms are decoded only for output.
///
/// Terms are interned by a byte key: the term's kind (IRI, blank node, or literal with its datatype
/// and language) plus its UTF-8 text, in an open-addressing hash table. Parsers can look a term up
/// straight from their own byte buffers with `encode(key:utf8:makeTerm:)` and build the `Term` only
/// when it is new.
public struct TermDictionary: Sendable {
    private var termsByID: [Term] = [.iri("")]  // slot 0 is a placeholder, never returned
    /// Per id: where its text sits in `text`, its length and its key kind.
    private var entries: [Entry] = [Entry(offset: 0, length: 0, kind: 0)]
    /// The UTF-8 text of every term, back to back.
    private var text: [UInt8] = []
    /// Open-addressing table of `hash32 << 32 | id`; 0 marks an empty slot.
    private var slots: [UInt64] = Array(repeating: 0, count: 16)
    /// The datatype and language pairs of literals seen so far; a literal's key kind is
    /// `TermKey.firstLiteral` plus the pair's index.
    private var literalKinds: [LiteralKind: UInt32] = [LiteralKind(datatype: XSD.string, language: nil): 0]

    private struct Entry: Sendable {
        var offset: Int
        var length: UInt32
        var kind: UInt32
    }

    /// A literal's datatype and language, compared as `Literal` compares them.
    private struct LiteralKind: Hashable, Sendable {
        var datatype: String
        var language: String?

        static func == (lhs: LiteralKind, rhs: LiteralKind) -> Bool {
            codePointsEqual(lhs.datatype, rhs.datatype) && lhs.language == rhs.language
        }

        func hash(into hasher: inout Hasher) {
            hashCodePoints(datatype, into: &hasher)
            hasher.combine(language)
        }
    }

    public init() {}

    /// The number of distinct terms.
    public var count: Int { termsByID.count - 1 }

    /// Returns the id of `term`, assigning the next free id when the term is new.
    ///
    /// - Complexity: O(1) on average.
    @discardableResult
    public mutating func encode(_ term: Term) -> TermID {
        var (kind, payload) = keyParts(term)
        if kind == TermKey.unknown, case .literal(let literal) = term {
            kind = TermKey(rawValue: addLiteralKind(LiteralKind(datatype: literal.datatype, language: literal.language)))
        }
        var payloadText = payload
        return payloadText.withUTF8 { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            let hash = Self.hash(raw, kind: kind.rawValue)
            if let id = find(raw, kind: kind.rawValue, hash: hash) { return id }
            return add(term, raw, kind: kind.rawValue, hash: hash)
        }
    }

    /// Returns the id of the term whose key is `key` and `utf8`, adding `makeTerm()` when none has it.
    ///
    /// `makeTerm` must build the term whose kind is `key` and whose text (the IRI, the blank node
    /// label, or the literal's lexical form) has exactly the bytes `utf8`; it runs only for a new
    /// term and may throw, for example on ill-formed UTF-8.
    public mutating func encode(key: TermKey, utf8: UnsafeRawBufferPointer, makeTerm: () throws -> Term) rethrows -> TermID {
        let kind = key.rawValue
        let hash = Self.hash(utf8, kind: kind)
        if let id = find(utf8, kind: kind, hash: hash) { return id }
        let term = try makeTerm()
        return add(term, utf8, kind: kind, hash: hash)
    }

    /// The key kind of literals with this datatype and language (`nil` for none), registering the
    /// pair when it is new. A language tag is lower-cased, as `Literal` does.
    public mutating func literalKey(datatype: String, language: String?) -> TermKey {
        let pair = LiteralKind(datatype: datatype, language: language?.lowercased())
        return TermKey(rawValue: literalKinds[pair].map { TermKey.firstLiteral.rawValue + $0 } ?? addLiteralKind(pair))
    }

    /// Returns the id of `term`, or `nil` when it was never encoded.
    public func id(of term: Term) -> TermID? {
        let (kind, payload) = keyParts(term)
        guard kind != TermKey.unknown else { return nil }
        var payloadText = payload
        return payloadText.withUTF8 { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            return find(raw, kind: kind.rawValue, hash: Self.hash(raw, kind: kind.rawValue))
        }
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
        termsByID.reserveCapacity(termsByID.count + count)
        entries.reserveCapacity(entries.count + count)
        let needed = termsByID.count + count
        if needed * 2 > slots.count { rehash(capacity: Self.capacity(for: needed)) }
    }

    /// Every (id, term) pair in id order.
    public var allTerms: some Sequence<(id: TermID, term: Term)> {
        termsByID.indices.dropFirst().lazy.map { (TermID($0), termsByID[$0]) }
    }

    // MARK: Keys

    /// The key kind of `term` and the text it is keyed by; `TermKey.unknown` for a literal whose
    /// datatype and language were never seen.
    private func keyParts(_ term: Term) -> (TermKey, String) {
        switch term {
        case .iri(let value): return (.iri, value)
        case .blankNode(let label): return (.blankNode, label)
        case .literal(let literal):
            if literal.language == nil && codePointsEqual(literal.datatype, XSD.string) {
                return (.firstLiteral, literal.lexicalForm)  // simple literals, registered first
            }
            guard let index = literalKinds[LiteralKind(datatype: literal.datatype, language: literal.language)] else {
                return (.unknown, literal.lexicalForm)
            }
            return (TermKey(rawValue: TermKey.firstLiteral.rawValue + index), literal.lexicalForm)
        }
    }

    private mutating func addLiteralKind(_ pair: LiteralKind) -> UInt32 {
        let index = UInt32(literalKinds.count)
        precondition(index < UInt32.max - TermKey.firstLiteral.rawValue, "too many literal datatypes")
        literalKinds[pair] = index
        return TermKey.firstLiteral.rawValue + index
    }

    // MARK: Hash table

    /// A 64-bit hash of the key (multiply-fold over 8-byte words, then a final avalanche).
    static func hash(_ bytes: UnsafeRawBufferPointer, kind: UInt32) -> UInt64 {
        let k0: UInt64 = 0xa076_1d64_78bd_642f, k1: UInt64 = 0xe703_7ed1_a0b4_28db
        var h = (UInt64(kind) &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(bytes.count) ^ k0
        let count = bytes.count
        var index = 0
        if let base = bytes.baseAddress {
            while index + 8 <= count {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let product = (word ^ k1).multipliedFullWidth(by: h ^ k0)
                h = product.high ^ product.low
                index += 8
            }
            if index < count {
                var word: UInt64 = 0
                var shift: UInt64 = 0
                while index < count {
                    word |= UInt64(base.load(fromByteOffset: index, as: UInt8.self)) << shift
                    shift += 8
                    index += 1
                }
                let product = (word ^ k1).multipliedFullWidth(by: h ^ k0)
                h = product.high ^ product.low
            }
        }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h = h &* 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return h
    }

    private func find(_ bytes: UnsafeRawBufferPointer, kind: UInt32, hash: UInt64) -> TermID? {
        let tag = hash >> 32
        let mask = slots.count - 1
        return slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                text.withUnsafeBufferPointer { text in
                    var index = Int(truncatingIfNeeded: tag) & mask
                    while true {
                        let slot = slots[index]
                        if slot == 0 { return nil }
                        if slot >> 32 == tag {
                            let id = Int(truncatingIfNeeded: slot & 0xFFFF_FFFF)
                            let entry = entries[id]
                            if entry.kind == kind && Int(entry.length) == bytes.count
                                && (bytes.count == 0 || memcmp(text.baseAddress! + entry.offset, bytes.baseAddress!, bytes.count) == 0) {
                                return TermID(id)
                            }
                        }
                        index = (index + 1) & mask
                    }
                }
            }
        }
    }

    private mutating func add(_ term: Term, _ bytes: UnsafeRawBufferPointer, kind: UInt32, hash: UInt64) -> TermID {
        precondition(termsByID.count < Int(TermID.max), "TermDictionary is full")
        let id = TermID(termsByID.count)
        termsByID.append(term)
        entries.append(Entry(offset: text.count, length: UInt32(bytes.count), kind: kind))
        text.append(contentsOf: bytes)
        if termsByID.count * 2 > slots.count { rehash(capacity: slots.count * 2) }
        insertSlot((hash >> 32) << 32 | UInt64(id))
        return id
    }

    private mutating func insertSlot(_ value: UInt64) {
        let mask = slots.count - 1
        slots.withUnsafeMutableBufferPointer { slots in
            var index = Int(truncatingIfNeeded: value >> 32) & mask
            while slots[index] != 0 { index = (index + 1) & mask }
            slots[index] = value
        }
    }

    private mutating func rehash(capacity: Int) {
        let old = slots
        slots = Array(repeating: 0, count: capacity)
        for value in old where value != 0 { insertSlot(value) }
    }

    private static func capacity(for count: Int) -> Int {
        var capacity = 16
        while capacity < count * 2 { capacity *= 2 }
        return capacity
    }
}

/// The kind part of a term's key in a `TermDictionary`: IRI, blank node, or a literal with one
/// datatype and language (from `TermDictionary.literalKey(datatype:language:)`).
public struct TermKey: Hashable, Sendable {
    public let rawValue: UInt32

    init(rawValue: UInt32) { self.rawValue = rawValue }

    /// IRIs, keyed by the IRI's text.
    public static let iri = TermKey(rawValue: 0)
    /// Blank nodes, keyed by their label.
    public static let blankNode = TermKey(rawValue: 1)
    static let unknown = TermKey(rawValue: 2)
    /// The first literal kind: simple literals (`xsd:string`, no language tag).
    static let firstLiteral = TermKey(rawValue: 3)
}
