/// The RDF syntaxes panet reads and writes.
public enum RDFFormat: String, Sendable, CaseIterable {
    case rdfXML = "rdfxml"
    case turtle
    case nTriples = "ntriples"
    case nQuads = "nquads"
    case trig

    /// The format named by a file's extension (`.owl`, `.rdf`, `.xml`, `.ttl`, `.nt`, `.nq`, `.trig`).
    public init?(fileExtensionOf path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        switch path[path.index(after: dot)...].lowercased() {
        case "owl", "rdf", "xml", "rdfxml": self = .rdfXML
        case "ttl", "turtle": self = .turtle
        case "nt", "ntriples": self = .nTriples
        case "nq", "nquads": self = .nQuads
        case "trig": self = .trig
        default: return nil
        }
    }

    /// Accepts the names people use for formats: `rdfxml`, `rdf/xml`, `owl`, `ttl`, `nt`, `n-triples` ...
    public init?(name: String) {
        switch name.lowercased() {
        case "rdfxml", "rdf/xml", "rdf-xml", "xml", "owl", "rdf": self = .rdfXML
        case "turtle", "ttl": self = .turtle
        case "ntriples", "n-triples", "nt": self = .nTriples
        case "nquads", "n-quads", "nq": self = .nQuads
        case "trig": self = .trig
        default: return nil
        }
    }

    /// Guesses the format from the first bytes of a document: XML markup means RDF/XML, anything
    /// else is read as TriG, which accepts Turtle and N-Triples too.
    public static func sniff(_ prefix: some Collection<UInt8>) -> RDFFormat {
        let text = String(decoding: prefix.prefix(512), as: UTF8.self)
        let trimmed = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if trimmed.hasPrefix("<?xml") || trimmed.hasPrefix("<rdf:RDF") || trimmed.hasPrefix("<!DOCTYPE")
            || trimmed.hasPrefix("<!--") {
            return .rdfXML
        }
        return .trig
    }

    /// True for formats whose documents hold named graphs.
    public var isQuadFormat: Bool { self == .nQuads || self == .trig }

    /// The usual file extension.
    public var fileExtension: String {
        switch self {
        case .rdfXML: return "owl"
        case .turtle: return "ttl"
        case .nTriples: return "nt"
        case .nQuads: return "nq"
        case .trig: return "trig"
        }
    }
}
