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
    /// A name prepared for matching: its key (see `TermResolver.nameKey`) as UTF-8 bytes and as
    /// scalars, and its words. Prepared once, so a search allocates nothing per entry.
    struct Name: Sendable {
        let bytes: [UInt8]
        let scalars: [Unicode.Scalar]
        let words: [[UInt8]]
        let wordScalars: [[Unicode.Scalar]]

        init(key: String) {
            bytes = Array(key.utf8)
            scalars = Array(key.unicodeScalars)
            let pieces = key.split(separator: " ")
            words = pieces.map { Array($0.utf8) }
            wordScalars = pieces.map { Array($0.unicodeScalars) }
        }
    }

    struct Entry: Sendable {
        let classID: ClassID
        let text: String
        let name: Name
        let isLabel: Bool
    }

    let entries: [Entry]
    /// Queries longer than this many UTF-8 bytes find nothing.
    public static let maximumQueryLength = 1_000
    let preferred: Set<ClassID>
    let deprecated: Set<ClassID>

    /// Indexes the labels and synonyms of `ontology`; with a `resolver` that knows the foreign
    /// classes, of its own classes only.
    public init(ontology: Ontology, resolver: TermResolver? = nil) {
        var entries: [Entry] = []
        for id in ontology.classIDs where resolver?.isForeign(id) != true {
            let item = ontology[id]
            for label in item.labels {
                entries.append(Entry(classID: id, text: label.value, name: Name(key: TermResolver.nameKey(label.value)), isLabel: true))
            }
            for synonym in item.synonyms {
                entries.append(Entry(classID: id, text: synonym.value, name: Name(key: TermResolver.nameKey(synonym.value)), isLabel: false))
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
        // A query far longer than any name is no misspelling of one: not searched, so that the
        // work stays bounded (a 40,000-character name took seconds).
        guard query.utf8.count <= TermSearch.maximumQueryLength, limit > 0 else { return [] }
        let key = TermResolver.nameKey(query)
        guard !key.isEmpty else { return [] }
        let name = Name(key: key)
        var scratch = EditDistance()
        var best: [ClassID: SearchHit] = [:]
        for entry in entries {
            guard let (score, reason) = score(entry, query: name, scratch: &scratch) else { continue }
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

    private func score(_ entry: Entry, query: Name, scratch: inout EditDistance) -> (Double, SearchMatch)? {
        let name = entry.name
        if name.bytes == query.bytes { return entry.isLabel ? (100, .exactLabel) : (95, .exactSynonym) }
        let lengthPenalty = min(10, Double(name.scalars.count - query.scalars.count) / 4)
        if name.bytes.starts(with: query.bytes) { return ((entry.isLabel ? 85 : 82) - lengthPenalty, .prefix) }
        // Every query word is a word of the entry, or a prefix of one.
        let allWords = query.words.allSatisfy { word in name.words.contains { $0.starts(with: word) } }
        if allWords {
            let exactWords = query.words.filter { name.words.contains($0) }.count
            return (70 + 5 * Double(exactWords) / Double(query.words.count) - lengthPenalty, .words)
        }
        if query.scalars.count >= 3 && TermSearch.contains(name.bytes, query.bytes) { return (60 - lengthPenalty, .substring) }
        // Typo tolerance: whole-string similarity, or word-by-word when the query has several words.
        let whole = scratch.similarity(query.scalars, name.scalars, cutoff: 0.75)
        var wordwise = 0.0
        if query.words.count > 1 || name.words.count > 1 {
            var total = 0.0
            for word in query.wordScalars {
                var bestWord = 0.0
                for other in name.wordScalars { bestWord = max(bestWord, scratch.similarity(word, other)) }
                total += bestWord
            }
            wordwise = total / Double(query.words.count) * min(1, Double(query.words.count) / Double(name.words.count))
        }
        let value = max(whole, wordwise)
        guard value >= 0.75 else { return nil }
        return (50 * value, .fuzzy)
    }

    /// 1 − edit distance / longer length of two texts (adjacent transpositions count as one edit);
    /// 0 when either is empty or their lengths are too far apart to be similar.
    public static func similarity(_ first: String, _ second: String) -> Double {
        var scratch = EditDistance()
        return scratch.similarity(Array(first.unicodeScalars), Array(second.unicodeScalars))
    }

    /// True when `needle` occurs in `haystack`.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= haystack.count else { return false }
        let first = needle[0]
        for start in 0...(haystack.count - needle.count) where haystack[start] == first {
            var index = 1
            while index < needle.count && haystack[start + index] == needle[index] { index += 1 }
            if index == needle.count { return true }
        }
        return false
    }
}

/// Optimal string alignment distance (edits, with adjacent transpositions) between scalar
/// arrays, keeping its three rows between calls so that a search allocates them once.
struct EditDistance {
    private var rows: [Int] = []

    /// 1 − distance / longer length; 0 for an empty side or lengths too far apart to be similar.
    /// With a `cutoff`, any similarity below it may come back as 0 (the work stops as soon as it
    /// cannot reach the cutoff); similarities at or above it are exact.
    mutating func similarity(_ x: [Unicode.Scalar], _ y: [Unicode.Scalar], cutoff: Double = 0) -> Double {
        if x.isEmpty || y.isEmpty { return 0 }
        let longer = max(x.count, y.count)
        if abs(x.count - y.count) > longer / 3 + 1 { return 0 }
        // A distance above `limit` gives a similarity below the cutoff.
        let limit = cutoff > 0 ? Int((1 - cutoff) * Double(longer)) : Int.max
        let width = y.count + 1
        if rows.count < 3 * width { rows = [Int](repeating: 0, count: 3 * width) }
        let distance: Int? = rows.withUnsafeMutableBufferPointer { rows in
            x.withUnsafeBufferPointer { x in
                y.withUnsafeBufferPointer { y in
                    // Three rows in one buffer: i − 2, i − 1 and i, rotated by offset.
                    var previous2 = 0, previous = width, current = 2 * width
                    for j in 0..<width { rows[previous + j] = j }
                    var previousMinimum = 0
                    for i in 1...x.count {
                        rows[current] = i
                        var minimum = i
                        for j in 1...y.count {
                            let cost = x[i - 1] == y[j - 1] ? 0 : 1
                            var value = min(rows[previous + j] + 1, rows[current + j - 1] + 1, rows[previous + j - 1] + cost)
                            if i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] {
                                value = min(value, rows[previous2 + j - 2] + 1)
                            }
                            rows[current + j] = value
                            minimum = min(minimum, value)
                        }
                        // Every later cell grows from one of the last two rows: past the limit, stop.
                        if minimum > limit && previousMinimum > limit { return nil }
                        previousMinimum = minimum
                        (previous2, previous, current) = (previous, current, previous2)
                    }
                    return rows[previous + y.count]
                }
            }
        }
        guard let distance else { return 0 }
        return 1 - Double(distance) / Double(longer)
    }
}
