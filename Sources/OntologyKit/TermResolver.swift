import RDFModel

/// How a name was matched to a class.
public enum MatchKind: String, Sendable, Codable {
    case iri, curie, id, label, synonym
}

/// A class found for a name.
public struct TermMatch: Sendable, Equatable {
    /// The class chosen.
    public var classID: ClassID
    /// How it matched.
    public var kind: MatchKind
    /// The label or synonym text that matched (for label and synonym matches).
    public var matchedText: String?
    /// Other classes the same name matches, when it is ambiguous (empty otherwise).
    public var alternatives: [ClassID]

    /// True when the name matches more than one class.
    public var isAmbiguous: Bool { !alternatives.isEmpty }
}

/// Resolves names to classes: full IRIs (http/https, with or without trailing slash or angle
/// brackets), CURIEs, short ids, labels and synonyms, ignoring case, hyphens and extra whitespace.
///
/// A name shared by several classes resolves to the preferred one: a label before a synonym, a
/// live class before a deprecated one, one of the ontology's own classes before a foreign one, a
/// class under the preferred root (PaNET's 'photon and neutron technique') before others; the rest
/// are reported as alternatives.
public struct TermResolver: Sendable {
    let ontology: Ontology
    /// Classes under the preferred root, worked out the first time a name is ambiguous.
    var preferred: Set<ClassID> { preferredClasses.value }
    private let preferredClasses: Deferred<Set<ClassID>>
    /// Classes by IRI key (see `iriKey`), built the first time an IRI or CURIE is resolved.
    private let byIRI: Deferred<[String: ClassID]>
    /// Classes by lower-cased short id; most ids name one class.
    private var byShortID: [String: OneOrMore<ClassID>] = [:]
    /// Short ids exactly as written, for those that name one class and that no other rule reads
    /// differently (no colon, angle bracket or surrounding space): the common request, answered by
    /// one lookup.
    private var byExactShortID: [String: ClassID] = [:]
    /// Labels and synonyms by name key (see `nameKey`), in the order the classes list them.
    private var byName: [String: OneOrMore<(ClassID, MatchKind, String)>] = [:]
    /// Foreign classes (see `TermKind`), ranked after the ontology's own.
    private let foreign: Set<ClassID>

    /// The IRI of PaNET's technique root, preferred when a label is shared with a specifier.
    public static let panetTechniqueRoot = "http://purl.org/pan-science/PaNET/PaNET00001"

    /// Indexes the names of `ontology`; `hierarchy` decides which classes are preferred, and
    /// `kinds` (by class id, when known) which are foreign.
    public init(ontology: Ontology, hierarchy: ClassHierarchy?, preferredRoot: String? = TermResolver.panetTechniqueRoot,
                kinds: [TermKind] = []) {
        self.ontology = ontology
        foreign = Set(kinds.indices.lazy.filter { kinds[$0] == .foreign }.map { ClassID($0) })
        if let hierarchy, let preferredRoot, let root = ontology.classID(of: preferredRoot) {
            preferredClasses = Deferred { Set(hierarchy.descendants(of: root) + [root]) }
        } else {
            preferredClasses = Deferred([])
        }
        byIRI = Deferred {
            var byIRI: [String: ClassID] = [:]
            byIRI.reserveCapacity(ontology.classes.count)
            for id in ontology.classIDs { byIRI[TermResolver.iriKey(ontology[id].iri)] = id }
            return byIRI
        }
        byShortID.reserveCapacity(ontology.classes.count)
        byName.reserveCapacity(ontology.classes.count * 2)
        for id in ontology.classIDs {
            let item = ontology[id]
            byShortID[item.shortID.lowercased(), default: OneOrMore()].append(id)
            for label in item.labels {
                byName[TermResolver.nameKey(label.value), default: OneOrMore()].append((id, .label, label.value))
            }
            for synonym in item.synonyms {
                byName[TermResolver.nameKey(synonym.value), default: OneOrMore()].append((id, .synonym, synonym.value))
            }
        }
        byExactShortID.reserveCapacity(ontology.classes.count)
        for id in ontology.classIDs {
            let shortID = ontology[id].shortID
            if TermResolver.isPlainShortID(shortID), byShortID[shortID.lowercased()]?.single == id {
                byExactShortID[shortID] = id
            }
        }
    }

    /// True when `text` reaches the short-id rule unchanged: printable ASCII at both ends (nothing
    /// to trim), no `<`, and no `:` (which would make it an IRI or CURIE candidate).
    static func isPlainShortID(_ text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last,
              (0x21..<0x7F).contains(first), (0x21..<0x7F).contains(last) else { return false }
        return !text.utf8.contains { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "<") }
    }

    /// Every class `text` names, best first. Empty when nothing matches.
    public func resolveAll(_ text: String) -> [TermMatch] {
        if let id = byExactShortID[text] { return [TermMatch(classID: id, kind: .id, alternatives: [])] }
        var name = text.trimmingWhitespace()
        if name.hasPrefix("<") && name.hasSuffix(">") && name.count >= 2 {
            name = String(name.dropFirst().dropLast()).trimmingWhitespace()
        }
        guard !name.isEmpty else { return [] }
        if TermResolver.hasSchemeSeparator(name) || name.hasPrefix("urn:") {
            if let id = byIRI.value[TermResolver.iriKey(name)] { return [TermMatch(classID: id, kind: .iri, alternatives: [])] }
            // Same local id under another host or scheme of the same ontology (purl, w3id ...).
            let local = Ontology.shortID(of: name).lowercased()
            if let ids = byShortID[local], let only = ids.single,
               TermResolver.namespaceSegment(name) == TermResolver.namespaceSegment(ontology[only].iri) {
                return [TermMatch(classID: only, kind: .iri, alternatives: [])]
            }
            return []
        }
        if let colon = name.firstIndex(of: ":"), !name.contains(" ") {
            let prefix = String(name[..<colon]), local = String(name[name.index(after: colon)...])
            if let namespace = ontology.prefixes.namespace(for: prefix) ?? ontology.prefixes.namespace(for: prefix.lowercased()) ??
                ontology.prefixes.entries.first(where: { $0.prefix.lowercased() == prefix.lowercased() })?.namespace,
               let id = byIRI.value[TermResolver.iriKey(namespace + local)] {
                return [TermMatch(classID: id, kind: .curie, alternatives: [])]
            }
        }
        if let ids = byShortID[name.lowercased()] {
            return ranked(ids.all.map { ($0, MatchKind.id, nil) })
        }
        if let entries = byName[TermResolver.nameKey(name)] {
            return ranked(entries.all.map { ($0.0, $0.1, Optional($0.2)) })
        }
        return []
    }

    /// True when `id` is a foreign class (see `TermKind`).
    public func isForeign(_ id: ClassID) -> Bool {
        foreign.contains(id)
    }

    /// The preferred class for `text`, with any alternatives; nil when nothing matches.
    public func resolve(_ text: String) -> TermMatch? {
        let all = resolveAll(text)
        guard var first = all.first else { return nil }
        first.alternatives = all.dropFirst().map(\.classID)
        return first
    }

    private func ranked(_ candidates: [(ClassID, MatchKind, String?)]) -> [TermMatch] {
        if candidates.count == 1, let (id, kind, text) = candidates.first {
            return [TermMatch(classID: id, kind: kind, matchedText: text, alternatives: [])]
        }
        var best: [ClassID: (MatchKind, String?)] = [:]
        for (id, kind, text) in candidates {
            if let existing = best[id], existing.0 == .label || existing.0 == .id { continue }
            best[id] = (kind, text)
        }
        let preferred = best.count > 1 ? self.preferred : []
        let order = best.keys.sorted { lhs, rhs in
            let left = rank(lhs, best[lhs]!.0, preferred: preferred), right = rank(rhs, best[rhs]!.0, preferred: preferred)
            return left != right ? left < right : ontology[lhs].iri < ontology[rhs].iri
        }
        return order.map { TermMatch(classID: $0, kind: best[$0]!.0, matchedText: best[$0]!.1, alternatives: []) }
    }

    private func rank(_ id: ClassID, _ kind: MatchKind, preferred: Set<ClassID>) -> Int {
        var value = 0
        if kind == .synonym { value += 8 }
        if ontology[id].isDeprecated { value += 4 }
        if foreign.contains(id) { value += 2 }
        if !preferred.isEmpty && !preferred.contains(id) { value += 1 }
        return value
    }

    /// True when `text` contains `://` (searched on UTF-8 bytes).
    static func hasSchemeSeparator(_ text: String) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in text.utf8 {
            if byte == UInt8(ascii: "/") && previous == (UInt8(ascii: ":"), UInt8(ascii: "/")) { return true }
            previous = (previous.1, byte)
        }
        return false
    }

    /// The path segment before an IRI's local name, lower-cased (`panet` for `…/PaNET/PaNET01188`).
    static func namespaceSegment(_ iri: String) -> String {
        var trimmed = Substring(iri)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        let parts = trimmed.split(whereSeparator: { $0 == "/" || $0 == "#" })
        return parts.count >= 2 ? parts[parts.count - 2].lowercased() : ""
    }

    /// The key under which IRIs are compared: scheme dropped, trailing slashes dropped.
    static func iriKey(_ iri: String) -> String {
        var key = Substring(iri)
        if let colon = key.firstIndex(of: ":"), key[colon...].hasPrefix("://") {
            key = key[key.index(colon, offsetBy: 3)...]
        }
        while key.hasSuffix("/") { key = key.dropLast() }
        return String(key)
    }

    /// The key under which names are compared: lower case, hyphens and underscores as spaces,
    /// whitespace collapsed.
    public static func nameKey(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII fast path: lower-case bytes, separators as single spaces.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            var pendingSpace = false
            for byte in text.utf8 {
                if byte == 0x20 || byte == 0x2D || byte == 0x5F || (byte >= 0x09 && byte <= 0x0D) {
                    pendingSpace = !bytes.isEmpty
                    continue
                }
                if pendingSpace { bytes.append(0x20); pendingSpace = false }
                bytes.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var result = ""
        var pendingSpace = false
        for character in text.lowercased() {
            if character.isWhitespace || character == "-" || character == "_" || character == "\u{2010}" || character == "\u{2013}" {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace { result.append(" "); pendingSpace = false }
            result.append(character)
        }
        return result
    }
}

/// One value or more, without an array allocation for the common case of one.
struct OneOrMore<Element> {
    private var first: Element?
    private var rest: [Element] = []

    mutating func append(_ element: Element) {
        if first == nil { first = element } else { rest.append(element) }
    }

    /// The value when there is exactly one.
    var single: Element? { rest.isEmpty ? first : nil }

    /// Every value, in the order appended.
    var all: [Element] { first.map { [$0] + rest } ?? [] }
}

extension OneOrMore: Sendable where Element: Sendable {}

extension String {
    /// The string without leading and trailing whitespace.
    public func trimmingWhitespace() -> String {
        // Most names start and end with a printable ASCII character: nothing to trim.
        if let first = utf8.first, let last = utf8.last, (0x21..<0x7F).contains(first), (0x21..<0x7F).contains(last) {
            return self
        }
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}
