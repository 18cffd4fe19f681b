#if canImport(Glibc)
import Glibc
#endif

/// An RDF 1.1 term: an IRI, a blank node or a literal.
///
/// Terms are plain values, equal when their strings are equal code point by code point (RDF
/// compares IRIs and lexical forms as code point sequences; Swift's `String ==` would also merge
/// canonically equivalent strings such as NFC and NFD forms). IRIs are kept as written (no normalisation); literal lexical forms are
/// kept exactly as written (`"01"^^xsd:integer` stays `"01"`). Language tags are lower-cased,
/// since RDF compares them case-insensitively.
public enum Term: Hashable, Sendable {
    /// An IRI, without angle brackets.
    case iri(String)
    /// A blank node, by its label (without `_:`). Parsers scope labels per document.
    case blankNode(String)
    /// A literal.
    case literal(Literal)

    /// A simple literal (datatype `xsd:string`).
    public static func literal(_ lexicalForm: String) -> Term {
        .literal(Literal(lexicalForm))
    }

    /// A language-tagged string (datatype `rdf:langString`).
    public static func literal(_ lexicalForm: String, language: String) -> Term {
        .literal(Literal(lexicalForm, language: language))
    }

    /// A typed literal.
    public static func literal(_ lexicalForm: String, datatype: String) -> Term {
        .literal(Literal(lexicalForm, datatype: datatype))
    }

    /// True for IRIs.
    public var isIRI: Bool { if case .iri = self { return true } else { return false } }
    /// True for blank nodes.
    public var isBlankNode: Bool { if case .blankNode = self { return true } else { return false } }
    /// True for literals.
    public var isLiteral: Bool { if case .literal = self { return true } else { return false } }

    /// The IRI string, when the term is an IRI.
    public var iriString: String? { if case .iri(let value) = self { return value } else { return nil } }

    /// The literal, when the term is a literal.
    public var literalValue: Literal? { if case .literal(let value) = self { return value } else { return nil } }
}

/// An RDF literal: a lexical form with either a datatype or a language tag.
public struct Literal: Hashable, Sendable {
    /// The lexical form, exactly as written in the source.
    public var lexicalForm: String
    /// The datatype IRI. Simple literals have `xsd:string`; language-tagged ones `rdf:langString`.
    public var datatype: String
    /// The language tag, lower-cased, for `rdf:langString` literals.
    public var language: String?

    /// A simple literal.
    public init(_ lexicalForm: String) {
        self.lexicalForm = lexicalForm
        self.datatype = XSD.string
        self.language = nil
    }

    /// A language-tagged string; the tag is lower-cased.
    public init(_ lexicalForm: String, language: String) {
        self.lexicalForm = lexicalForm
        self.datatype = RDF.langString
        self.language = language.lowercased()
    }

    /// A typed literal. `rdf:langString` without a tag is kept as given.
    public init(_ lexicalForm: String, datatype: String) {
        self.lexicalForm = lexicalForm
        self.datatype = datatype
        self.language = nil
    }

    /// True when the literal is a plain `xsd:string` without a language tag.
    public var isSimple: Bool { language == nil && datatype == XSD.string }
}

extension Term: Comparable {
    /// Orders blank nodes before IRIs before literals, then by their strings (a stable output order).
    public static func < (lhs: Term, rhs: Term) -> Bool {
        switch (lhs, rhs) {
        case (.blankNode(let a), .blankNode(let b)): return a < b
        case (.iri(let a), .iri(let b)): return a < b
        case (.literal(let a), .literal(let b)):
            if a.lexicalForm != b.lexicalForm { return a.lexicalForm < b.lexicalForm }
            if a.datatype != b.datatype { return a.datatype < b.datatype }
            return (a.language ?? "") < (b.language ?? "")
        default: return lhs.kindRank < rhs.kindRank
        }
    }

    var kindRank: Int {
        switch self {
        case .blankNode: return 0
        case .iri: return 1
        case .literal: return 2
        }
    }
}

extension Term {
    public static func == (lhs: Term, rhs: Term) -> Bool {
        switch (lhs, rhs) {
        case (.iri(let a), .iri(let b)): return codePointsEqual(a, b)
        case (.blankNode(let a), .blankNode(let b)): return codePointsEqual(a, b)
        case (.literal(let a), .literal(let b)): return a == b
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .iri(let value): hasher.combine(0 as UInt8); hashCodePoints(value, into: &hasher)
        case .blankNode(let value): hasher.combine(1 as UInt8); hashCodePoints(value, into: &hasher)
        case .literal(let literal): hasher.combine(2 as UInt8); literal.hash(into: &hasher)
        }
    }
}

extension Literal {
    public static func == (lhs: Literal, rhs: Literal) -> Bool {
        codePointsEqual(lhs.lexicalForm, rhs.lexicalForm) && codePointsEqual(lhs.datatype, rhs.datatype)
            && lhs.language == rhs.language
    }

    public func hash(into hasher: inout Hasher) {
        hashCodePoints(lexicalForm, into: &hasher)
        hashCodePoints(datatype, into: &hasher)
        hasher.combine(language)
    }
}

/// True when two strings have the same UTF-8 bytes (no Unicode normalisation).
@inline(__always)
func codePointsEqual(_ a: String, _ b: String) -> Bool {
    let lhs = a.utf8, rhs = b.utf8
    guard lhs.count == rhs.count else { return false }
    if let result = lhs.withContiguousStorageIfAvailable({ left in
        rhs.withContiguousStorageIfAvailable { right in
            left.count == 0 || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0
        }
    }), let equal = result {
        return equal
    }
    return lhs.elementsEqual(rhs)
}

@inline(__always)
func hashCodePoints(_ text: String, into hasher: inout Hasher) {
    let bytes = text.utf8
    hasher.combine(bytes.count)
    if bytes.withContiguousStorageIfAvailable({ hasher.combine(bytes: UnsafeRawBufferPointer($0)) }) == nil {
        for byte in bytes { hasher.combine(byte) }
    }
}

extension Term {
    /// The term as N-Triples writes it, without escaping: `<iri>`, `_:label`, `"text"@lang`,
    /// `"text"^^<datatype>` (plain for xsd:string). For messages and plans, not for output files.
    public var displayText: String {
        switch self {
        case .iri(let iri): return "<\(iri)>"
        case .blankNode(let label): return "_:\(label)"
        case .literal(let literal):
            if let language = literal.language { return "\"\(literal.lexicalForm)\"@\(language)" }
            if literal.datatype == XSD.string { return "\"\(literal.lexicalForm)\"" }
            return "\"\(literal.lexicalForm)\"^^<\(literal.datatype)>"
        }
    }
}

/// An RDF triple of terms.
public struct Triple: Hashable, Sendable {
    public var subject: Term
    public var predicate: Term
    public var object: Term

    public init(_ subject: Term, _ predicate: Term, _ object: Term) {
        self.subject = subject
        self.predicate = predicate
        self.object = object
    }
}

/// An RDF quad: a triple in a graph (`nil` for the default graph).
public struct Quad: Hashable, Sendable {
    public var subject: Term
    public var predicate: Term
    public var object: Term
    public var graph: Term?

    public init(_ subject: Term, _ predicate: Term, _ object: Term, graph: Term? = nil) {
        self.subject = subject
        self.predicate = predicate
        self.object = object
        self.graph = graph
    }

    /// The quad without its graph.
    public var triple: Triple { Triple(subject, predicate, object) }
}
