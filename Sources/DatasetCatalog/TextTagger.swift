public import OntologyKit

/// A technique mentioned in free text.
public struct TextMention: Sendable, Equatable {
    /// How a mention matched.
    public enum How: String, Sendable {
        /// A label, word for word (case aside).
        case label
        /// A synonym, word for word (case aside).
        case synonym
        /// An acronym synonym (SAXS), in capitals when it is short.
        case acronym
        /// A label or synonym in another form: plural, `-ic`/`-y`, `xray`, reflectivity/reflectometry.
        case variant
        /// A general mention (small angle scattering) made specific by the probe the text names.
        case context
    }

    /// The technique.
    public var classID: ClassID
    /// Start of the mention, in Unicode scalars (code points) from the start of the text.
    public var start: Int
    /// End of the mention (exclusive), in Unicode scalars.
    public var end: Int
    /// The text of the mention as written.
    public var text: String
    /// The label or synonym that matched.
    public var name: String
    /// How it matched.
    public var how: How
    /// A rough confidence in [0, 1].
    public var confidence: Double
}

/// Finds PaNET techniques named in free text (titles, abstracts, search queries).
///
/// One token-level Aho-Corasick automaton holds every technique label and synonym. Words are
/// normalised (case, hyphens, `x-ray`/`xray`, plurals, `-ic` to `-y`, reflectivity to reflectometry)
/// on both sides, so matching is linear in the text. The longest match wins and overlapping shorter
/// ones are dropped. Acronyms of up to three letters (and SANS) must be written in capitals. When the text names
/// one probe (neutron or x-ray) near a general mention, the probe's variant of the technique is
/// reported. Mentions right after a negation ("instead of", "rather than", "not", "without") or in a
/// sentence that says "so far" or "previously" are dropped.
///
/// Only classes of kind technique are reported; specifiers, foreign classes, deprecated classes and
/// the purpose and dependence branches ("obtain ...", "versus ...") are left out.
/// Immutable after `init`, so one tagger can serve many threads.
public final class TextTagger: Sendable {
    /// One dictionary phrase.
    struct Pattern: Sendable {
        var classID: ClassID
        var name: String
        var how: TextMention.How
        var length: Int
        /// Per word, the exact spelling the text must use (short acronyms), or nil.
        var exactWords: [String?]
    }

    /// One automaton state.
    struct State: Sendable {
        var next: [Int32: Int32] = [:]
        var failure: Int32 = 0
        /// The pattern ending here, if any.
        var pattern: Int32 = -1
        /// The nearest state on the failure chain that ends a pattern.
        var outputLink: Int32 = -1
    }

    /// The ontology mentions are resolved against.
    public let ontology: ClassifiedOntology
    let vocabulary: [String: Int32]
    let patterns: [Pattern]
    let states: [State]
    /// Per class, its neutron and x-ray variants (a subclass named like it plus the probe).
    let probeVariants: [ClassID: [Probe: ClassID]]

    /// A probe a text can name.
    enum Probe: Sendable, Hashable {
        case neutron, xray
    }

    /// Acronyms of four letters or more that are also words, so they match in capitals only.
    static let wordLikeAcronyms: Set<String> = ["SANS"]
    /// Words that start names of the purpose and dependence branches, which are not mentions.
    static let excludedFirstWords: Set<String> = ["obtain", "versus", "defined", "characterize"]
    /// Single-word names too common in prose to read as a technique.
    static let excludedNames: Set<String> = ["label", "testing", "therapy", "reference beam"]

    /// A tagger over the techniques of `ontology`.
    public init(ontology: ClassifiedOntology) {
        self.ontology = ontology
        var vocabulary: [String: Int32] = [:]
        var patterns: [Pattern] = []
        var keyToPattern: [[Int32]: Int] = [:]
        let resolver = ontology.resolver
        func wordID(_ word: String) -> Int32 {
            if let id = vocabulary[word] { return id }
            let id = Int32(vocabulary.count)
            vocabulary[word] = id
            return id
        }
        for id in ontology.ontology.classIDs where ontology.kind(of: id) == .technique {
            let item = ontology.ontology[id]
            if item.isDeprecated { continue }
            let names = item.labels.map { ($0.value, TextMention.How.label) } + item.synonyms.map { ($0.value, TextMention.How.synonym) }
            for (name, nameKind) in names {
                let words = TextTagger.tokens(in: name)
                guard !words.isEmpty else { continue }
                let keys = words.flatMap { TextTagger.normalise($0.text) }
                if TextTagger.excludedFirstWords.contains(keys[0]) { continue }
                if TextTagger.excludedNames.contains(keys.joined(separator: " ")) { continue }
                // A name several classes share goes to the class the resolver prefers.
                if let preferred = resolver.resolve(name)?.classID, preferred != id, ontology.kind(of: preferred) == .technique { continue }
                let ids = keys.map(wordID)
                var exact: [String?] = []
                var isAcronym = false
                for word in words {
                    let acronym = TextTagger.isAcronym(word.text)
                    isAcronym = isAcronym || acronym
                    let parts = TextTagger.normalise(word.text).count
                    // Short acronyms, and those that spell a word, must be written as the ontology writes them.
                    let caseSensitive = acronym && (word.text.count <= 3 || TextTagger.wordLikeAcronyms.contains(word.text))
                    exact += Array(repeating: caseSensitive ? word.text : nil, count: parts)
                }
                let how: TextMention.How = nameKind == .synonym && isAcronym ? .acronym : nameKind
                if let existing = keyToPattern[ids] {
                    // A label beats a synonym of another class with the same normal form.
                    if patterns[existing].how != .label && how == .label {
                        patterns[existing] = Pattern(classID: id, name: name, how: how, length: ids.count, exactWords: exact)
                    }
                    continue
                }
                keyToPattern[ids] = patterns.count
                patterns.append(Pattern(classID: id, name: name, how: how, length: ids.count, exactWords: exact))
            }
        }
        self.vocabulary = vocabulary
        self.patterns = patterns
        self.states = TextTagger.automaton(patterns: patterns, keys: keyToPattern)
        self.probeVariants = TextTagger.variants(ontology: ontology, patterns: patterns, keys: keyToPattern, vocabulary: vocabulary)
    }

    /// Builds the goto, failure and output links over word ids.
    private static func automaton(patterns: [Pattern], keys: [[Int32]: Int]) -> [State] {
        var states = [State()]
        for (key, index) in keys {
            var current = 0
            for word in key {
                if let next = states[current].next[word] {
                    current = Int(next)
                } else {
                    states.append(State())
                    states[current].next[word] = Int32(states.count - 1)
                    current = states.count - 1
                }
            }
            states[current].pattern = Int32(index)
        }
        // Breadth first: a state's failure is the longest proper suffix that is also a prefix.
        var queue: [Int] = states[0].next.values.map { Int($0) }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            for (word, child) in states[state].next {
                var fallback = Int(states[state].failure)
                while fallback != 0 && states[fallback].next[word] == nil { fallback = Int(states[fallback].failure) }
                var failure = Int(states[fallback].next[word] ?? 0)
                if failure == Int(child) { failure = 0 }
                states[Int(child)].failure = Int32(failure)
                states[Int(child)].outputLink = states[failure].pattern >= 0 ? Int32(failure) : states[failure].outputLink
                queue.append(Int(child))
            }
        }
        return states
    }

    /// The neutron and x-ray subclasses named like a class plus the probe word.
    private static func variants(ontology: ClassifiedOntology, patterns: [Pattern], keys: [[Int32]: Int],
                                 vocabulary: [String: Int32]) -> [ClassID: [Probe: ClassID]] {
        var result: [ClassID: [Probe: ClassID]] = [:]
        let hierarchy = ontology.classification.hierarchy
        guard let neutron = vocabulary["neutron"] else { return result }
        let x = vocabulary["x"], ray = vocabulary["ray"]
        for (key, index) in keys where patterns[index].how == .label {
            var probe: Probe?
            var general = key
            if let position = key.firstIndex(of: neutron) {
                probe = .neutron
                general.remove(at: position)
            } else if let x, let ray, let position = key.indices.dropLast().first(where: { key[$0] == x && key[$0 + 1] == ray }) {
                probe = .xray
                general.removeSubrange(position...(position + 1))
            }
            guard let probe, !general.isEmpty, let generalIndex = keys[general] else { continue }
            let specific = patterns[index].classID, generic = patterns[generalIndex].classID
            guard specific != generic, hierarchy.isSubclass(specific, of: generic) else { continue }
            result[generic, default: [:]][probe] = specific
        }
        return result
    }

    // MARK: - Words

    /// A word of the text and where it is.
    struct Token {
        var text: String
        var start: Int
        var end: Int
        /// A sentence ends (`.`, `;`, `!`, `?`) between the previous word and this one.
        var startsSentence: Bool
        /// A clause ends (`,`, `:`, brackets, or a sentence) between the previous word and this one.
        var startsClause: Bool
    }

    /// Splits text into runs of letters and digits; every other character separates words.
    static func tokens(in text: String) -> [Token] {
        var result: [Token] = []
        var current = String.UnicodeScalarView()
        var start = 0, offset = 0
        var sentence = true, clause = true
        func flush() {
            guard !current.isEmpty else { return }
            result.append(Token(text: String(current), start: start, end: offset, startsSentence: sentence, startsClause: clause))
            current.removeAll(keepingCapacity: true)
            sentence = false
            clause = false
        }
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if current.isEmpty { start = offset }
                current.append(scalar)
            } else {
                flush()
                switch scalar {
                case ".", ";", "!", "?": sentence = true; clause = true
                case ",", ":", "(", ")", "[", "]": clause = true
                default: break
                }
            }
            offset += 1
        }
        flush()
        return result
    }

    /// True for words in capitals with at least two letters (SAXS, XAS, GIWAXS).
    static func isAcronym(_ word: String) -> Bool {
        var letters = 0
        for character in word {
            if character.isLowercase { return false }
            if character.isLetter { letters += 1 }
        }
        return letters >= 2
    }

    /// The normal forms of one word: lower case, `xray` as two words, plurals and `-ic`/`-y` forms folded.
    static func normalise(_ word: String) -> [String] {
        var lower = word.lowercased()
        switch lower {
        case "xray", "xrays": return ["x", "ray"]
        case "reflectivity", "reflectivities": return ["reflectometry"]
        default: break
        }
        // Acronyms keep their final S (SAXS, XAS).
        if isAcronym(word) { return [lower] }
        if lower.hasSuffix("ies") && lower.count > 4 {
            lower = String(lower.dropLast(3)) + "y"
        } else if lower.hasSuffix("s") && lower.count >= 4 && !lower.hasSuffix("ss") && !lower.hasSuffix("is") && !lower.hasSuffix("us") {
            lower.removeLast()
        }
        for suffix in ["scopic", "graphic", "metric"] where lower.hasSuffix(suffix) {
            lower.removeLast(2)
            lower += "y"
            break
        }
        return [lower]
    }

    // MARK: - Tagging

    /// The techniques `text` mentions, in text order.
    public func tag(_ text: String) -> [TextMention] {
        let words = TextTagger.tokens(in: text)
        guard !words.isEmpty else { return [] }
        // Word ids after normalisation, and for each the index of the text word it came from.
        var ids: [Int32] = []
        var origin: [Int] = []
        var spelled: [String] = []
        ids.reserveCapacity(words.count)
        for (index, word) in words.enumerated() {
            let parts = TextTagger.normalise(word.text)
            for part in parts {
                // A lower-case acronym keeps its final s (saxs is not a plural of sax).
                ids.append(vocabulary[part] ?? (parts.count == 1 ? vocabulary[word.text.lowercased()] : nil) ?? -1)
                origin.append(index)
                spelled.append(word.text)
            }
        }
        // Every pattern occurrence: (first position, pattern).
        var candidates: [(start: Int, pattern: Int)] = []
        var state = 0
        for (position, word) in ids.enumerated() {
            if word < 0 {
                state = 0
                continue
            }
            while state != 0 && states[state].next[word] == nil { state = Int(states[state].failure) }
            state = Int(states[state].next[word] ?? 0)
            var output = states[state].pattern >= 0 ? state : Int(states[state].outputLink)
            while output > 0 {
                let index = Int(states[output].pattern)
                let pattern = patterns[index]
                let start = position - pattern.length + 1
                if accepts(pattern, spelled: spelled, from: start) { candidates.append((start, index)) }
                output = Int(states[output].outputLink)
            }
        }
        // Longest first, then leftmost; a candidate overlapping a kept one is dropped.
        candidates.sort { a, b in
            let la = patterns[a.pattern].length, lb = patterns[b.pattern].length
            return la != lb ? la > lb : a.start < b.start
        }
        var taken = [Bool](repeating: false, count: ids.count)
        var kept: [(start: Int, pattern: Int)] = []
        for candidate in candidates {
            let range = candidate.start..<(candidate.start + patterns[candidate.pattern].length)
            if range.contains(where: { taken[$0] }) { continue }
            for position in range { taken[position] = true }
            kept.append(candidate)
        }
        kept.sort { $0.start < $1.start }
        let scalars = Array(text.unicodeScalars)
        var mentions: [TextMention] = []
        // The only probe the whole text names, computed at most once.
        var wholeTextProbe: Probe??
        func textProbe(_ words: [Token]) -> Probe? {
            if let known = wholeTextProbe { return known }
            var seen: Set<Probe> = []
            for index in words.indices {
                if let found = TextTagger.probe(at: index, in: words) { seen.insert(found) }
            }
            let only = seen.count == 1 ? seen.first : nil
            wholeTextProbe = .some(only)
            return only
        }
        for candidate in kept {
            let pattern = patterns[candidate.pattern]
            let first = origin[candidate.start], last = origin[candidate.start + pattern.length - 1]
            if isNegated(words, at: first) { continue }
            let start = words[first].start, end = words[last].end
            var written = String.UnicodeScalarView()
            written.append(contentsOf: scalars[start..<end])
            let mentionText = String(written)
            var how = pattern.how
            if how != .acronym && !TextTagger.sameWords(mentionText, pattern.name) { how = .variant }
            var classID = pattern.classID
            var confidence = TextTagger.confidence(how, name: pattern.name)
            if let variants = probeVariants[classID],
               let probe = TextTagger.probe(near: first, last: last, in: words) ?? textProbe(words),
               let specific = variants[probe] {
                classID = specific
                how = .context
                confidence = 0.8
            }
            mentions.append(TextMention(classID: classID, start: start, end: end, text: mentionText, name: pattern.name,
                                        how: how, confidence: confidence))
        }
        return mentions
    }

    /// The distinct techniques `text` mentions, in order of first mention.
    public func classes(in text: String) -> [ClassID] {
        var seen: [ClassID] = []
        for mention in tag(text) where !seen.contains(mention.classID) { seen.append(mention.classID) }
        return seen
    }

    private func accepts(_ pattern: Pattern, spelled: [String], from start: Int) -> Bool {
        for (offset, exact) in pattern.exactWords.enumerated() {
            if let exact, spelled[start + offset] != exact { return false }
        }
        return true
    }

    static func sameWords(_ a: String, _ b: String) -> Bool {
        tokens(in: a).map { $0.text.lowercased() } == tokens(in: b).map { $0.text.lowercased() }
    }

    static func confidence(_ how: TextMention.How, name: String) -> Double {
        switch how {
        case .label: return 0.95
        case .synonym: return 0.9
        case .acronym: return name.count <= 3 ? 0.75 : 0.85
        case .variant: return 0.85
        case .context: return 0.8
        }
    }

    // MARK: - Context

    /// How far (in words) negations, "so far" and probe words are looked for around a mention,
    /// which keeps tagging linear in long texts without punctuation.
    static let contextReach = 40
    static let negations: [[String]] = [["instead", "of"], ["rather", "than"], ["not"], ["without"], ["unlike"], ["in", "contrast", "to"]]
    static let pastMentions: [[String]] = [["so", "far"], ["previously"], ["traditionally"]]
    /// How many words may stand between a negation and the mention it negates.
    static let negationReach = 3

    /// True when the mention starting at word `first` follows a negation in its clause, or a
    /// sentence that speaks of what was done so far.
    func isNegated(_ words: [Token], at first: Int) -> Bool {
        let lower = { (index: Int) in words[index].text.lowercased() }
        func phrase(_ cue: [String], endsAt end: Int) -> Bool {
            let begin = end - cue.count + 1
            guard begin >= 0 else { return false }
            return cue.indices.allSatisfy { lower(begin + $0) == cue[$0] }
        }
        var index = first - 1
        var distance = 0
        var inClause = !words[first].startsClause
        while index >= 0 && !words[index + 1].startsSentence && distance < TextTagger.contextReach {
            if inClause && distance <= TextTagger.negationReach
                && TextTagger.negations.contains(where: { phrase($0, endsAt: index) })
                && !(lower(index) == "not" && index + 1 < words.count && words[index + 1].text.lowercased() == "only") {
                return true
            }
            if TextTagger.pastMentions.contains(where: { phrase($0, endsAt: index) }) { return true }
            if words[index].startsClause { inClause = false }
            index -= 1
            distance += 1
        }
        return false
    }

    /// The probe word `index` names, if any.
    static func probe(at index: Int, in words: [Token]) -> Probe? {
        let word = words[index].text.lowercased()
        if word.hasPrefix("neutron") { return .neutron }
        if word == "xray" || word == "xrays" || word == "synchrotron" { return .xray }
        if word == "x" && index + 1 < words.count && words[index + 1].text.lowercased().hasPrefix("ray") { return .xray }
        return nil
    }

    /// The probe named nearest to words `first...last` in their sentence (within `contextReach` words).
    static func probe(near first: Int, last: Int, in words: [Token]) -> Probe? {
        func probe(at index: Int) -> Probe? { TextTagger.probe(at: index, in: words) }
        var best: (distance: Int, probe: Probe)?
        var index = first - 1
        while index >= 0 && !words[index + 1].startsSentence && first - index <= contextReach {
            if let found = probe(at: index) { best = (first - index, found); break }
            index -= 1
        }
        index = last + 1
        while index < words.count && !words[index].startsSentence && index - last < min(best?.distance ?? Int.max, contextReach + 1) {
            if let found = probe(at: index) { best = (index - last, found); break }
            index += 1
        }
        return best?.probe
    }
}
