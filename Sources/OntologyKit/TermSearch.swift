/// One hit of a ranked search.
public struct SearchHit: Sendable, Equatable {
    public var classID: ClassID
    /// 0–100; higher is better.
    public var score: Double
    /// The label or synonym that produced the score.
    public var matchedText: String
    /// How the text matched.
    public var reason: SearchMatch
}

/// The tiers of a ranked search, best first.
public enum SearchMatch: String, Sendable, Codable {
    case exactLabel = "exact label"
    case exactSynonym = "exact synonym"
    case prefix
    case words
    case substring
    case fuzzy
}

/// Ranked, typo-tolerant search over labels and synonyms:
/// exact label > exact synonym or acronym > prefix > all words > substring > fuzzy.
public struct TermSearch: Sendable {
    struct Entry: Sendable {
        let classID: ClassID
        let text: String
        let key: String
        let words: [String]
        let isLabel: Bool
    }

    let entries: [Entry]
    let preferred: Set<ClassID>
    let deprecated: Set<ClassID>

    /// Indexes the labels and synonyms of `ontology`.
    public init(ontology: Ontology, resolver: TermResolver? = nil) {
        var entries: [Entry] = []
        for id in ontology.classIDs {
            let item = ontology[id]
            for label in item.labels {
                let key = TermResolver.nameKey(label.value)
                entries.append(Entry(classID: id, text: label.value, key: key, words: key.split(separator: " ").map(String.init), isLabel: true))
            }
            for synonym in item.synonyms {
                let key = TermResolver.nameKey(synonym.value)
                entries.append(Entry(classID: id, text: synonym.value, key: key, words: key.split(separator: " ").map(String.init), isLabel: false))
            }
        }
        self.entries = entries
        self.preferred = resolver?.preferred ?? []
        self.deprecated = Set(ontology.classIDs.filter { ontology[$0].isDeprecated })
    }

    /// The best hits for `query`, one per class, best first.
    ///
    /// - Parameters:
    ///   - query: Free text: a label, a prefix of one, an acronym, some words, or a misspelling.
    ///   - limit: The most hits to return.
    public func search(_ query: String, limit: Int = 10) -> [SearchHit] {
        let key = TermResolver.nameKey(query)
        guard !key.isEmpty, limit > 0 else { return [] }
        let queryWords = key.split(separator: " ").map(String.init)
        var best: [ClassID: SearchHit] = [:]
        for entry in entries {
            guard let (score, reason) = score(entry, key: key, words: queryWords) else { continue }
            var adjusted = score
            if !preferred.isEmpty && preferred.contains(entry.classID) { adjusted += 0.5 }
            if deprecated.contains(entry.classID) { adjusted -= 5 }
            if let existing = best[entry.classID], existing.score >= adjusted { continue }
            best[entry.classID] = SearchHit(classID: entry.classID, score: adjusted, matchedText: entry.text, reason: reason)
        }
        return best.values.sorted {
            $0.score != $1.score ? $0.score > $1.score : ($0.matchedText.count, $0.classID) < ($1.matchedText.count, $1.classID)
        }.prefix(limit).map { hit in
            var rounded = hit
            rounded.score = (min(100, max(0, hit.score)) * 10).rounded() / 10
            return rounded
        }
    }

    private func score(_ entry: Entry, key: String, words: [String]) -> (Double, SearchMatch)? {
        if entry.key == key { return entry.isLabel ? (100, .exactLabel) : (95, .exactSynonym) }
        let lengthPenalty = min(10, Double(entry.key.count - key.count) / 4)
        if entry.key.hasPrefix(key) { return ((entry.isLabel ? 85 : 82) - lengthPenalty, .prefix) }
        // Every query word is a word of the entry, or a prefix of one.
        let allWords = words.allSatisfy { word in entry.words.contains { $0.hasPrefix(word) } }
        if allWords {
            let exactWords = words.filter { entry.words.contains($0) }.count
            return (70 + 5 * Double(exactWords) / Double(words.count) - lengthPenalty, .words)
        }
        if key.count >= 3 && entry.key.contains(key) { return (60 - lengthPenalty, .substring) }
        // Typo tolerance: whole-string similarity, or word-by-word when the query has several words.
        let whole = similarity(key, entry.key)
        var wordwise = 0.0
        if words.count > 1 || entry.words.count > 1 {
            var total = 0.0
            for word in words {
                total += entry.words.map { similarity(word, $0) }.max() ?? 0
            }
            wordwise = total / Double(words.count) * min(1, Double(words.count) / Double(entry.words.count))
        }
        let value = max(whole, wordwise)
        guard value >= 0.75 else { return nil }
        return (50 * value, .fuzzy)
    }

    /// 1 − (optimal string alignment distance / longer length).
    func similarity(_ a: String, _ b: String) -> Double {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty || y.isEmpty { return 0 }
        if abs(x.count - y.count) > max(x.count, y.count) / 3 + 1 { return 0 }
        var previous2 = [Int](repeating: 0, count: y.count + 1)
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return 1 - Double(previous[y.count]) / Double(max(x.count, y.count))
    }
}
