import OntologyKit

/// Finds label and synonym mentions in free text: the longest phrase at each word wins, and
/// all-capital synonyms (acronyms such as SAXS) must appear in capitals.
struct PhraseIndex {
    struct Entry {
        var classID: ClassID
        var kind: MatchKind
        /// For acronyms, the exact words that must appear.
        var exactForm: String?
    }

    /// A mention found in text.
    struct Hit {
        var classID: ClassID
        var kind: MatchKind
        var text: String
    }

    private var entries: [String: Entry] = [:]
    private var longest = 1

    init(ontology: ClassifiedOntology, scope: Set<ClassID>?) {
        let resolver = ontology.resolver
        for id in ontology.ontology.classIDs {
            if let scope, !scope.contains(id) { continue }
            let item = ontology.ontology[id]
            if item.isDeprecated { continue }
            let names = item.labels.map { ($0.value, MatchKind.label) } + item.synonyms.map { ($0.value, MatchKind.synonym) }
            for (name, kind) in names {
                let words = PhraseIndex.words(name)
                guard !words.isEmpty else { continue }
                let key = words.map { $0.lowercased() }.joined(separator: " ")
                if entries[key] != nil { continue }
                // Shared names go to the class the resolver prefers.
                guard let preferred = resolver.resolve(name), scope?.contains(preferred.classID) ?? true else { continue }
                let isAcronym = kind == .synonym && name.count <= 10 && !name.contains(where: { $0.isLowercase })
                entries[key] = Entry(classID: preferred.classID, kind: preferred.kind == .label ? .label : kind,
                                     exactForm: isAcronym ? words.joined(separator: " ") : nil)
                longest = max(longest, words.count)
            }
        }
    }

    /// Splits text into words of letters and digits.
    static func words(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for character in text {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// Every mention in `text`, left to right, longest first at each word.
    func find(in text: String) -> [Hit] {
        let words = PhraseIndex.words(text)
        let lower = words.map { $0.lowercased() }
        var hits: [Hit] = []
        var index = 0
        while index < words.count {
            var matched = false
            for length in stride(from: min(longest, words.count - index), through: 1, by: -1) {
                let key = lower[index..<(index + length)].joined(separator: " ")
                guard let entry = entries[key] else { continue }
                let original = words[index..<(index + length)].joined(separator: " ")
                if let exact = entry.exactForm, exact != original { continue }
                hits.append(Hit(classID: entry.classID, kind: entry.kind, text: original))
                index += length
                matched = true
                break
            }
            if !matched { index += 1 }
        }
        return hits
    }
}
