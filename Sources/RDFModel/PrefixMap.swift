/// An ordered set of namespace prefixes, used to abbreviate IRIs for output.
public struct PrefixMap: Sendable, Equatable {
    /// The (prefix, namespace) pairs in declaration order.
    public private(set) var entries: [(prefix: String, namespace: String)] = []

    public init() {}

    /// A map with the given pairs.
    public init(_ entries: [(String, String)]) {
        for (prefix, namespace) in entries { set(prefix, namespace) }
    }

    /// Prefixes every RDF/OWL tool knows: rdf, rdfs, owl, xsd, skos, dc, dcterms.
    public static let standard = PrefixMap([
        ("rdf", RDF.namespace), ("rdfs", RDFS.namespace), ("owl", OWL.namespace), ("xsd", XSD.namespace),
        ("skos", SKOS.namespace), ("dc", "http://purl.org/dc/elements/1.1/"), ("dcterms", "http://purl.org/dc/terms/"),
    ])

    /// Adds or replaces `prefix`.
    public mutating func set(_ prefix: String, _ namespace: String) {
        if let index = entries.firstIndex(where: { $0.prefix == prefix }) {
            entries[index].namespace = namespace
        } else {
            entries.append((prefix, namespace))
        }
    }

    /// The namespace bound to `prefix`.
    public func namespace(for prefix: String) -> String? {
        entries.first { $0.prefix == prefix }?.namespace
    }

    /// Returns `(prefix, local)` for the longest namespace that `iri` starts with, when `local` is a
    /// valid Turtle local name.
    public func abbreviate(_ iri: String) -> (prefix: String, local: String)? {
        var best: (String, String)?
        var bestLength = -1
        for (prefix, namespace) in entries where iri.hasPrefix(namespace) && namespace.utf8.count > bestLength {
            let local = String(iri.dropFirst(namespace.count))
            if Turtle.isValidLocalName(local) {
                best = (prefix, local)
                bestLength = namespace.utf8.count
            }
        }
        return best
    }

    public static func == (lhs: PrefixMap, rhs: PrefixMap) -> Bool {
        lhs.entries.elementsEqual(rhs.entries) { $0.prefix == $1.prefix && $0.namespace == $1.namespace }
    }
}

/// Lexical rules of Turtle shared by the writer and tests.
public enum Turtle {
    /// True when `local` can be written after `prefix:` without escapes (a conservative subset of PN_LOCAL).
    public static func isValidLocalName(_ local: String) -> Bool {
        if local.isEmpty { return true }
        let scalars = Array(local.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            let isNameChar = scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_"
            if index == 0 {
                if !(isNameChar || scalar == ":") { return false }
            } else if index == scalars.count - 1 {
                if !(isNameChar || scalar == "-" || scalar == ":") { return false }
            } else if !(isNameChar || scalar == "-" || scalar == "." || scalar == ":") {
                return false
            }
        }
        return true
    }
}
