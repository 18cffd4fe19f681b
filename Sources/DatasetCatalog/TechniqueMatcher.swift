public import OntologyKit

/// A technique found in a record.
public struct MatchedTechnique: Sendable, Equatable {
    /// The class, after following `replaced by` from a deprecated term.
    public var classID: ClassID
    /// How the string matched (`iri`, `curie`, `id`, `label`, `synonym`).
    public var kind: MatchKind
    /// The string as it appears in the record.
    public var source: String
    /// Where it was found in the record.
    public var field: String
    /// The deprecated class the record named, when it was mapped to its replacement.
    public var replacedClass: ClassID?
    /// True when the class itself is deprecated and has no usable replacement.
    public var isDeprecated: Bool

    /// A match; see the properties.
    public init(classID: ClassID, kind: MatchKind, source: String, field: String, replacedClass: ClassID? = nil,
                isDeprecated: Bool = false) {
        self.classID = classID
        self.kind = kind
        self.source = source
        self.field = field
        self.replacedClass = replacedClass
        self.isDeprecated = isDeprecated
    }
}

/// The techniques of one record and the strings that named none.
public struct MatchResult: Sendable, Equatable {
    /// Matched techniques, one per class, in record order.
    public var techniques: [MatchedTechnique]
    /// Technique strings and subjects that matched nothing, as they appear in the record.
    public var unmatched: [String]
}

/// Finds the PaNET techniques a record's strings name.
///
/// Technique fields and PaNET-scheme subjects are matched as IRIs (http or https, purl or w3id),
/// CURIEs, short ids, labels and synonyms through the ontology's `TermResolver`; when that fails they
/// are read as SciCat path strings (`root.parent.leaf;root.other.leaf`, the leaf names the technique)
/// or as `;`/`,` lists. Plain subjects and keywords must name a technique whole. Descriptions are
/// mined for label and synonym mentions only when nothing else in the record matched.
/// Deprecated terms are mapped to their `replaced by` term and flagged.
///
/// Not thread-safe: it caches resolutions. Use one matcher per thread.
public final class TechniqueMatcher {
    /// The ontology terms are matched against.
    public let ontology: ClassifiedOntology
    private let resolver: TermResolver
    private let techniqueScope: Set<ClassID>?
    private var cache: [CacheKey: [Resolution]] = [:]
    private lazy var phrases = PhraseIndex(ontology: ontology, scope: techniqueScope)
    static let cacheLimit = 200_000

    private struct CacheKey: Hashable {
        var text: String
        var strength: ReferenceStrength
    }

    /// One class a string names, or (with a nil class) a piece of a list that named nothing.
    struct Resolution {
        var classID: ClassID?
        var kind: MatchKind
        var piece: String?
        var replacedClass: ClassID?
        var isDeprecated: Bool
    }

    /// A matcher over `ontology`.
    public init(ontology: ClassifiedOntology) {
        self.ontology = ontology
        resolver = ontology.resolver
        if let root = ontology.ontology.classID(of: TermResolver.panetTechniqueRoot) {
            techniqueScope = Set(ontology.classification.hierarchy.descendants(of: root) + [root])
        } else {
            techniqueScope = nil
        }
    }

    /// Matches the references of one record.
    public func match(_ references: [TechniqueReference]) -> MatchResult {
        var techniques: [MatchedTechnique] = []
        var unmatched: [String] = []
        // Records name a handful of techniques: a list is cheaper than a set here.
        var seen: [ClassID] = []
        var textReferences: [TechniqueReference] = []
        for reference in references {
            if reference.strength == .text {
                textReferences.append(reference)
                continue
            }
            var found = false
            var missedPieces: [String] = []
            for candidate in reference.candidates {
                let resolutions = resolve(candidate.text, strength: reference.strength)
                guard resolutions.contains(where: { $0.classID != nil }) else { continue }
                found = true
                for hit in resolutions {
                    guard let classID = hit.classID else {
                        if let piece = hit.piece { missedPieces.append(piece) }
                        continue
                    }
                    guard !seen.contains(classID) else { continue }
                    seen.append(classID)
                    techniques.append(MatchedTechnique(classID: classID, kind: hit.kind, source: hit.piece ?? candidate.text,
                                                       field: candidate.field, replacedClass: hit.replacedClass,
                                                       isDeprecated: hit.isDeprecated))
                }
                break
            }
            if !found, let shown = reference.candidates.last?.text {
                unmatched.append(shown)
            }
            unmatched += missedPieces
        }
        if techniques.isEmpty && !textReferences.isEmpty {
            var mined: [MatchedTechnique] = []
            for reference in textReferences {
                for candidate in reference.candidates {
                    for hit in phrases.find(in: candidate.text) where !seen.contains(hit.classID) {
                        seen.append(hit.classID)
                        let mapped = mapDeprecated(hit.classID)
                        mined.append(MatchedTechnique(classID: mapped.classID ?? hit.classID, kind: hit.kind, source: hit.text, field: candidate.field,
                                                      replacedClass: mapped.replacedClass, isDeprecated: mapped.isDeprecated))
                    }
                }
            }
            // A general term mentioned beside a specific one adds nothing: the ancestors cover it.
            let hierarchy = ontology.classification.hierarchy
            techniques += mined.filter { general in
                !mined.contains { $0.classID != general.classID && hierarchy.isSubclass($0.classID, of: general.classID) }
            }
        }
        return MatchResult(techniques: techniques, unmatched: unmatched)
    }

    /// The classes one string names (cached).
    func resolve(_ text: String, strength: ReferenceStrength) -> [Resolution] {
        let key = CacheKey(text: text, strength: strength)
        if let cached = cache[key] { return cached }
        let result = computeResolution(text, strength: strength)
        if cache.count >= TechniqueMatcher.cacheLimit { cache.removeAll(keepingCapacity: true) }
        cache[key] = result
        return result
    }

    private func resolveWhole(_ text: String, strength: ReferenceStrength) -> Resolution? {
        guard let match = resolver.resolve(text) else { return nil }
        if strength == .subject, let scope = techniqueScope, !scope.contains(match.classID) { return nil }
        var resolution = mapDeprecated(match.classID)
        resolution.kind = match.kind
        return resolution
    }

    private func computeResolution(_ text: String, strength: ReferenceStrength) -> [Resolution] {
        if let whole = resolveWhole(text, strength: strength) { return [whole] }
        guard strength == .technique, !text.contains("://") else { return [] }
        // SciCat paths (`a.b.leaf;\na.c.leaf`) or a list of technique names.
        let separators: Set<Character> = [";", "\n", "\r"]
        var pieces = text.split(whereSeparator: { separators.contains($0) }).map { $0.trimmingCharacters() }.filter { !$0.isEmpty }
        if pieces.count == 1 && !isPath(pieces[0]) {
            pieces = text.split(separator: ",").map { $0.trimmingCharacters() }.filter { !$0.isEmpty }
        }
        guard pieces.count > 1 || (pieces.count == 1 && isPath(pieces[0])) else { return [] }
        var result: [Resolution] = []
        var misses: [Resolution] = []
        for piece in pieces {
            let leaf = isPath(piece) ? String(piece[piece.index(after: piece.lastIndex(of: ".") ?? piece.startIndex)...]) : piece
            if let hit = resolveWhole(leaf, strength: .technique) {
                var hit = hit
                hit.piece = pieces.count == 1 ? nil : piece
                if !result.contains(where: { $0.classID == hit.classID }) { result.append(hit) }
            } else {
                misses.append(Resolution(classID: nil, kind: .label, piece: piece, replacedClass: nil, isDeprecated: false))
            }
        }
        guard !result.isEmpty else { return [] }
        // Paths repeat the same leaf; report only pieces that named nothing.
        return result + misses
    }

    private func isPath(_ text: String) -> Bool {
        text.contains(".") && !text.contains(" ") && !text.contains("://")
    }

    /// Follows `replaced by` from a deprecated class.
    func mapDeprecated(_ id: ClassID) -> Resolution {
        let item = ontology.ontology[id]
        guard item.isDeprecated else { return Resolution(classID: id, kind: .id, piece: nil, replacedClass: nil, isDeprecated: false) }
        for replacement in item.replacedBy {
            if let target = ontology.ontology.classID(of: replacement) ?? resolver.resolve(replacement)?.classID, target != id {
                return Resolution(classID: target, kind: .id, piece: nil, replacedClass: id, isDeprecated: true)
            }
        }
        return Resolution(classID: id, kind: .id, piece: nil, replacedClass: nil, isDeprecated: true)
    }
}
