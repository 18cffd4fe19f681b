import RDFModel
import TestSupport
import Testing

@Suite("TermDictionary")
struct TermDictionaryTests {
    /// Texts that collide across kinds: the same bytes as IRI, blank node label and lexical form,
    /// empty, non-ASCII, NFC against NFD, embedded NUL, and lengths around the 8-byte hash words.
    static let texts = ["", "a", "http://e/x", "x", "é", "e\u{301}", "日本語", "\u{0}", "1234567", "12345678",
                        "123456789", "http://e/1234567890abcdef", "01", "1", "🙂", "A B"]
    static let datatypes = ["http://www.w3.org/2001/XMLSchema#string", "http://www.w3.org/2001/XMLSchema#integer",
                            "http://e/x", "x", "é"]
    static let languages = ["en", "EN", "de-CH", "x"]

    static func randomTerm(_ generator: inout SeededGenerator) -> Term {
        let text = texts[generator.next(texts.count)]
        switch generator.next(5) {
        case 0: return .iri(text)
        case 1: return .blankNode(text)
        case 2: return .literal(text)
        case 3: return .literal(text, language: languages[generator.next(languages.count)])
        default: return .literal(text, datatype: datatypes[generator.next(datatypes.count)])
        }
    }

    @Test("random terms get the ids a reference Dictionary model gives", arguments: [1, 2, 3])
    func agreesWithReferenceModel(seed: UInt64) {
        var generator = SeededGenerator(state: seed)
        var dictionary = TermDictionary()
        var reference: [Term: TermID] = [:]
        var terms: [Term] = []
        for step in 0..<5000 {
            let term = Self.randomTerm(&generator)
            if generator.next(4) == 0 {
                #expect(dictionary.id(of: term) == reference[term], "step \(step): \(term)")
                continue
            }
            let expected = reference[term] ?? TermID(terms.count + 1)
            if reference[term] == nil {
                reference[term] = expected
                terms.append(term)
            }
            #expect(dictionary.encode(term) == expected, "step \(step): \(term)")
        }
        #expect(dictionary.count == terms.count)
        for (id, term) in dictionary.allTerms {
            #expect(term == terms[Int(id) - 1])
            #expect(dictionary[id] == term)
            #expect(dictionary.id(of: term) == id)
        }
        #expect(dictionary.term(for: TermID(terms.count + 1)) == nil)
    }

    @Test("encoding by key and bytes agrees with encoding the term")
    func encodeByBytes() {
        var generator = SeededGenerator(state: 7)
        var dictionary = TermDictionary()
        var reference = TermDictionary()
        for _ in 0..<3000 {
            let term = Self.randomTerm(&generator)
            let key: TermKey
            let text: String
            switch term {
            case .iri(let value): (key, text) = (.iri, value)
            case .blankNode(let label): (key, text) = (.blankNode, label)
            case .literal(let literal):
                key = dictionary.literalKey(datatype: literal.datatype, language: literal.language)
                text = literal.lexicalForm
            }
            var built = false
            var bytes = Array(text.utf8)
            let id = bytes.withUnsafeMutableBytes { buffer in
                dictionary.encode(key: key, utf8: UnsafeRawBufferPointer(buffer)) {
                    built = true
                    return term
                }
            }
            let known = reference.id(of: term) != nil
            #expect(id == reference.encode(term))
            #expect(built == !known, "\(term)")
            #expect(dictionary.id(of: term) == id)
        }
    }

    @Test("literals differing only in datatype or language tag are distinct terms")
    func literalKinds() {
        var dictionary = TermDictionary()
        let a = dictionary.encode(.literal("1", datatype: "http://www.w3.org/2001/XMLSchema#integer"))
        let b = dictionary.encode(.literal("1", datatype: "http://www.w3.org/2001/XMLSchema#decimal"))
        let c = dictionary.encode(.literal("1"))
        let d = dictionary.encode(.literal("1", language: "en"))
        let e = dictionary.encode(.literal("1", language: "EN"))
        let f = dictionary.encode(.iri("1"))
        let g = dictionary.encode(.blankNode("1"))
        #expect(Set([a, b, c, d, f, g]).count == 6)
        #expect(d == e)
        #expect(dictionary.encode(.literal("1", datatype: "http://www.w3.org/2001/XMLSchema#string")) == c)
        #expect(dictionary.id(of: .literal("1", datatype: "http://e/never")) == nil)
    }

    @Test("the table keeps every id while it grows")
    func growth() {
        var dictionary = TermDictionary()
        for index in 0..<50_000 { #expect(dictionary.encode(.iri("http://e/\(index)")) == TermID(index + 1)) }
        for index in stride(from: 0, to: 50_000, by: 997) {
            #expect(dictionary.id(of: .iri("http://e/\(index)")) == TermID(index + 1))
            #expect(dictionary.id(of: .literal("http://e/\(index)")) == nil)
        }
    }
}
