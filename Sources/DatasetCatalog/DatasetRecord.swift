/// The metadata format a record was read in.
public enum RecordFormat: String, Sendable, CaseIterable {
    /// OAI-PMH with DataCite kernel 4 metadata.
    case oaiDatacite = "oai_datacite"
    /// OAI-PMH with simple Dublin Core.
    case oaiDC = "oai_dc"
    /// OAI-PMH with SciCat's `panosc` metadata.
    case oaiPanosc = "panosc"
    /// An OAI-PMH or other XML record in a metadata format not known here (only free text is read).
    case xml
    /// A JSON dataset object (PaNOSC search API, SciCat, schema.org / DataCite JSON).
    case json

    /// True for the XML formats.
    public var isXML: Bool { self != .json }
}

/// How strongly a string claims to be a technique, which decides how it is matched and reported.
public enum ReferenceStrength: Int, Sendable, Comparable {
    /// Free text (a description or abstract): mined for label and synonym mentions, never reported unmatched.
    case text = 0
    /// A plain subject or keyword: matched whole, reported unmatched when nothing matches.
    case subject = 1
    /// A technique field or a PaNET-scheme subject: matched whole, then as SciCat paths or lists.
    case technique = 2

    public static func < (lhs: ReferenceStrength, rhs: ReferenceStrength) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One string of a record that may name a technique.
public struct ReferenceCandidate: Sendable, Equatable {
    /// The string as it appears in the record.
    public var text: String
    /// Where it was found (`techniques.pid`, `subject@valueURI`, `description` ...).
    public var field: String

    /// A candidate string found in `field`.
    public init(_ text: String, field: String) {
        self.text = text
        self.field = field
    }
}

/// A mention of one technique in a record: one or more strings for the same thing (for example a
/// PaNOSC technique's `panetId`, `pid` and `name`), tried in order until one matches.
public struct TechniqueReference: Sendable, Equatable {
    /// The strings to try, most specific first.
    public var candidates: [ReferenceCandidate]
    /// How the strings are matched and whether a miss is reported.
    public var strength: ReferenceStrength

    /// A reference made of `candidates`.
    public init(_ candidates: [ReferenceCandidate], strength: ReferenceStrength) {
        self.candidates = candidates
        self.strength = strength
    }
}

/// The record as it came, kept so annotation and re-indexing never lose anything.
public enum OriginalRecord: Sendable, Equatable {
    /// The JSON text of one object, byte for byte as read.
    case json(String)
    /// The XML text of one OAI-PMH `record` element (or of a whole XML document).
    case xml(String)

    /// The stored text.
    public var text: String {
        switch self {
        case .json(let text), .xml(let text): return text
        }
    }
}

/// A dataset record read from a file or a harvest, with the strings that may name techniques.
public struct DatasetRecord: Sendable, Equatable {
    /// The record identifier (OAI identifier, PaNOSC `pid`, SciCat `_id` ...), or `source#n` when it has none.
    public var id: String
    /// The file or URL it came from.
    public var source: String
    /// Where in the source: `line 12` or `record 3`.
    public var position: String
    /// The OAI datestamp or the record's modification date, when known.
    public var datestamp: String?
    /// The title, when known.
    public var title: String?
    /// OAI-PMH set memberships.
    public var sets: [String]
    /// The metadata format.
    public var format: RecordFormat
    /// True for an OAI-PMH header with `status="deleted"`.
    public var isDeleted: Bool
    /// The technique mentions, in record order.
    public var references: [TechniqueReference]
    /// The record as read.
    public var original: OriginalRecord
    /// True when the JSON object already carries a `panet` member, which annotation replaces.
    public var hasAnnotation: Bool
    /// False when the reader found none of the members or elements it knows (no identifier, title,
    /// date, technique, subject, keyword or description): the record is of a shape not understood.
    public var isRecognized: Bool

    /// A record; see the properties for the meaning of each value.
    public init(id: String, source: String, position: String, datestamp: String? = nil, title: String? = nil,
                sets: [String] = [], format: RecordFormat, isDeleted: Bool = false,
                references: [TechniqueReference] = [], original: OriginalRecord, hasAnnotation: Bool = false,
                isRecognized: Bool = true) {
        self.id = id
        self.source = source
        self.position = position
        self.datestamp = datestamp
        self.title = title
        self.sets = sets
        self.format = format
        self.isDeleted = isDeleted
        self.references = references
        self.original = original
        self.hasAnnotation = hasAnnotation
        self.isRecognized = isRecognized
    }
}

/// A record that could not be read, with where it was.
public struct RecordFailure: Error, Sendable, CustomStringConvertible {
    /// The file or URL.
    public var source: String
    /// Where in it (`line 7`, `record 3`).
    public var position: String
    /// What went wrong.
    public var error: DatasetCatalogError

    public var description: String {
        let text = error.description
        return text.hasPrefix(source) ? "\(text) (\(position))" : "\(source): \(position): \(text)"
    }
}
