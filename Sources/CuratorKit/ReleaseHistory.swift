public import OntologyKit

/// What one release says about one class.
public struct ReleasedClass: Sendable, Equatable {
    /// The preferred label.
    public var label: String?
    /// Synonyms of every kind, sorted, without repeats.
    public var synonyms: [String]
    /// The IRIs of the direct parents in the inferred hierarchy, sorted.
    public var parents: [String]
    /// Whether the class is `owl:deprecated`.
    public var isDeprecated: Bool
    /// The IRIs of the replacements (IAO:0100001), sorted.
    public var replacedBy: [String]

    /// Creates a class state.
    public init(label: String?, synonyms: [String] = [], parents: [String] = [], isDeprecated: Bool = false,
                replacedBy: [String] = []) {
        self.label = label
        self.synonyms = synonyms
        self.parents = parents
        self.isDeprecated = isDeprecated
        self.replacedBy = replacedBy
    }
}

/// One change of a class between a release and the one before it.
public struct HistoryChange: Sendable, Equatable {
    /// What changed.
    public enum Kind: String, Sendable, CaseIterable {
        case added, removed, relabelled
        case synonymAdded = "synonym added", synonymRemoved = "synonym removed"
        case parentAdded = "parent added", parentRemoved = "parent removed"
        case deprecated, undeprecated
        case replacedBy = "replaced by"
    }

    /// The release the change appears in.
    public var release: String
    /// What changed.
    public var kind: Kind
    /// The value before (a label, synonym, or a parent or replacement as `IRI`), when there was one.
    public var old: String?
    /// The value after, when there is one.
    public var new: String?

    /// Creates a change.
    public init(release: String, kind: Kind, old: String?, new: String?) {
        self.release = release
        self.kind = kind
        self.old = old
        self.new = new
    }
}

/// The classes of a series of PaNET releases: for each class, what each release says about it.
///
/// Stored as a versioned TSV file (see `tsv()`): one row per class and run of consecutive releases
/// that say the same about it, so an unchanged class takes one row.
public struct ReleaseHistory: Sendable, Equatable {
    /// The format name written in the file's first line.
    public static let formatName = "panet-history"
    /// The format version written in the file's first line; readers refuse other versions.
    public static let formatVersion = 1

    /// The release names, oldest first.
    public internal(set) var releases: [String] = []
    /// Per class IRI, its state in each release (`nil` where the release lacks the class).
    public internal(set) var classes: [String: [ReleasedClass?]] = [:]

    /// An empty history.
    public init() {}

    /// What `ontology` says about each of its own classes (foreign classes left out).
    public static func snapshot(of ontology: ClassifiedOntology) -> [String: ReleasedClass] {
        let hierarchy = ontology.hierarchy()
        var result: [String: ReleasedClass] = [:]
        for id in ontology.ownClassIDs {
            let item = ontology.ontology[id]
            let parents = hierarchy.parents[Int(id)].map { ontology.ontology[$0].iri }
            result[item.iri] = ReleasedClass(label: item.label, synonyms: Array(Set(item.synonyms.map(\.value))).sorted(),
                                             parents: Array(Set(parents)).sorted(), isDeprecated: item.isDeprecated,
                                             replacedBy: Array(Set(item.replacedBy)).sorted())
        }
        return result
    }

    /// Adds a release after the others.
    ///
    /// - Precondition: `name` is not already a release.
    public mutating func append(release name: String, classes snapshot: [String: ReleasedClass]) {
        precondition(!releases.contains(name), "release \(name) added twice")
        releases.append(name)
        for key in classes.keys { classes[key]?.append(nil) }
        for (iri, state) in snapshot {
            var states = classes[iri] ?? Array(repeating: nil, count: releases.count)
            states[releases.count - 1] = state
            classes[iri] = states
        }
    }

    /// The history up to, not including, the release at `index`.
    public func prefix(_ count: Int) -> ReleaseHistory {
        var result = ReleaseHistory()
        result.releases = Array(releases.prefix(count))
        for (iri, states) in classes {
            let kept = Array(states.prefix(count))
            if kept.contains(where: { $0 != nil }) { result.classes[iri] = kept }
        }
        return result
    }

    /// The number of releases whose version sorts before `name` (all of them when either is not a
    /// version number): where a release called `name` belongs.
    public func position(of name: String) -> Int {
        guard let key = ReleaseHistory.versionKey(name) else { return releases.count }
        return releases.firstIndex { ReleaseHistory.versionKey($0).map { !($0.lexicographicallyPrecedes(key)) } ?? false }
            ?? releases.count
    }

    /// The numeric components of a version name (`v1.2.0`, `1.3.0`), nil when it is not one.
    public static func versionKey(_ name: String) -> [Int]? {
        var text = Substring(name)
        if text.first == "v" || text.first == "V" { text = text.dropFirst() }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return nil }
        var key: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 9, part.allSatisfy(\.isASCIIDigit), let number = Int(part) else { return nil }
            key.append(number)
        }
        return key
    }

    // MARK: Finding classes

    /// The IRIs of classes that `text` names in some release: the IRI, its local name, or a label or
    /// synonym (compared without case and surrounding spaces), sorted.
    public func iris(named text: String) -> [String] {
        let key = text.trimmingSpaces().lowercased()
        guard !key.isEmpty else { return [] }
        if classes[text] != nil { return [text] }
        var found: [String] = []
        for (iri, states) in classes {
            if Ontology.shortID(of: iri).lowercased() == key { found.append(iri); continue }
            let named = states.contains { state in
                guard let state else { return false }
                return state.label?.trimmingSpaces().lowercased() == key
                    || state.synonyms.contains { $0.trimmingSpaces().lowercased() == key }
            }
            if named { found.append(iri) }
        }
        return found.sorted()
    }

    /// The label `iri` has in the release at `index`, or in the latest release before it that has one.
    public func label(of iri: String, atRelease index: Int) -> String? {
        guard let states = classes[iri] else { return nil }
        for position in stride(from: min(index, states.count - 1), through: 0, by: -1) {
            if let label = states[position]?.label { return label }
        }
        return states.lazy.compactMap { $0?.label }.first
    }

    /// The changes of `iri`, release by release, oldest first.
    public func changes(of iri: String) -> [HistoryChange] {
        guard let states = classes[iri] else { return [] }
        var result: [HistoryChange] = []
        var previous: ReleasedClass?
        for (index, state) in states.enumerated() {
            let release = releases[index]
            func add(_ kind: HistoryChange.Kind, _ old: String?, _ new: String?) {
                result.append(HistoryChange(release: release, kind: kind, old: old, new: new))
            }
            func named(_ iri: String) -> String { label(of: iri, atRelease: index).map { "\(iri) '\($0)'" } ?? iri }
            defer { previous = state }
            guard let state else {
                if let previous { add(.removed, previous.label, nil) }
                continue
            }
            guard let before = previous else {
                add(.added, nil, state.label)
                if state.isDeprecated { add(.deprecated, nil, nil) }
                for replacement in state.replacedBy { add(.replacedBy, nil, named(replacement)) }
                continue
            }
            if before.label != state.label { add(.relabelled, before.label, state.label) }
            for synonym in state.synonyms where !before.synonyms.contains(synonym) { add(.synonymAdded, nil, synonym) }
            for synonym in before.synonyms where !state.synonyms.contains(synonym) { add(.synonymRemoved, synonym, nil) }
            for parent in state.parents where !before.parents.contains(parent) { add(.parentAdded, nil, named(parent)) }
            for parent in before.parents where !state.parents.contains(parent) { add(.parentRemoved, named(parent), nil) }
            if state.isDeprecated != before.isDeprecated { add(state.isDeprecated ? .deprecated : .undeprecated, nil, nil) }
            for replacement in state.replacedBy where !before.replacedBy.contains(replacement) {
                add(.replacedBy, nil, named(replacement))
            }
        }
        return result
    }
}

extension Character {
    var isASCIIDigit: Bool { asciiValue.map { (0x30...0x39).contains($0) } ?? false }
}
