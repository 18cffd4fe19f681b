/// One mapping: a row of an SSSOM table, its slots by name.
public struct Mapping: Sendable, Equatable {
    /// The 1-based line of the file the mapping starts on.
    public var line: Int
    /// Slot values by slot name, as written (multivalued slots joined with `|`).
    public var values: [String: String]

    /// Creates a mapping.
    public init(line: Int, values: [String: String]) {
        self.line = line
        self.values = values
    }

    /// The value of `slot`, or the empty string when absent.
    public subscript(slot: String) -> String {
        values[slot] ?? ""
    }
}

/// An SSSOM mapping set: set-level metadata, the CURIE map, and the mappings.
public struct MappingSet: Sendable, Equatable {
    /// The file the set was read from.
    public var source: String
    /// Prefix declarations in the order written.
    public var curieMap: [(prefix: String, namespace: String)]
    /// Set-level slots other than `curie_map`, in the order written.
    public var metadata: [(String, YAMLValue)]
    /// The table's column names in the order written (for JSON, in order of first use).
    public var columns: [String]
    /// The line of the table's header row (0 when there is none, as in JSON).
    public var headerLine: Int
    public var mappings: [Mapping]

    /// Creates a mapping set.
    public init(source: String, curieMap: [(prefix: String, namespace: String)] = [], metadata: [(String, YAMLValue)] = [],
                columns: [String] = [], headerLine: Int = 0, mappings: [Mapping] = []) {
        self.source = source
        self.curieMap = curieMap
        self.metadata = metadata
        self.columns = columns
        self.headerLine = headerLine
        self.mappings = mappings
    }

    public static func == (lhs: MappingSet, rhs: MappingSet) -> Bool {
        lhs.source == rhs.source && lhs.columns == rhs.columns && lhs.headerLine == rhs.headerLine
            && lhs.mappings == rhs.mappings && lhs.metadata.count == rhs.metadata.count
            && zip(lhs.metadata, rhs.metadata).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
            && lhs.curieMap.map(\.prefix) == rhs.curieMap.map(\.prefix)
            && lhs.curieMap.map(\.namespace) == rhs.curieMap.map(\.namespace)
    }

    /// The scalar value of a set-level slot.
    public func metadataValue(_ slot: String) -> String? {
        metadata.first { $0.0 == slot }?.1.scalarValue
    }

    /// The namespace of `prefix`: declared in the CURIE map (case-sensitive) or built into SSSOM.
    public func namespace(for prefix: String) -> String? {
        curieMap.first { $0.prefix == prefix }?.namespace ?? SSSOM.builtinPrefixes[prefix]
    }

    /// The IRI a CURIE stands for, or nil when it is not a CURIE with a known prefix.
    /// A value that is already an absolute IRI (`http…`, `https…`, `urn:`) is returned as is.
    public func expand(_ curie: String) -> String? {
        if SSSOM.isAbsoluteIRI(curie) { return curie }
        guard let colon = curie.firstIndex(of: ":") else { return nil }
        guard let namespace = namespace(for: String(curie[..<colon])) else { return nil }
        return namespace + curie[curie.index(after: colon)...]
    }
}

/// Vocabulary of the Simple Standard for Sharing Ontological Mappings (SSSOM).
public enum SSSOM {
    /// Prefixes every SSSOM set may use without declaring them.
    public static let builtinPrefixes: [String: String] = [
        "sssom": "https://w3id.org/sssom/",
        "owl": "http://www.w3.org/2002/07/owl#",
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "semapv": "https://w3id.org/semapv/vocab/",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "linkml": "https://w3id.org/linkml/",
        "oboInOwl": "http://www.geneontology.org/formats/oboInOwl#",
    ]

    /// Columns of a mapping in the order the SSSOM specification lists its slots.
    public static let slotOrder: [String] = [
        "record_id", "subject_id", "subject_label", "subject_category", "predicate_id", "predicate_label",
        "predicate_modifier", "object_id", "object_label", "object_category", "mapping_justification",
        "author_id", "author_label", "reviewer_id", "reviewer_label", "creator_id", "creator_label", "license",
        "subject_type", "subject_source", "subject_source_version", "object_type", "object_source",
        "object_source_version", "mapping_provider", "mapping_source", "mapping_cardinality", "mapping_tool",
        "mapping_tool_version", "mapping_date", "publication_date", "confidence", "curation_rule",
        "curation_rule_text", "subject_match_field", "object_match_field", "match_string",
        "subject_preprocessing", "object_preprocessing", "similarity_score", "similarity_measure",
        "see_also", "issue_tracker_item", "other", "comment",
    ]

    /// Slots that hold several values (written `a|b` in TSV, as a list in JSON).
    public static let multivaluedSlots: Set<String> = [
        "author_id", "author_label", "reviewer_id", "reviewer_label", "creator_id", "creator_label",
        "curation_rule", "curation_rule_text", "subject_match_field", "object_match_field", "match_string",
        "subject_preprocessing", "object_preprocessing", "see_also",
    ]

    /// Slots whose values are entity references (CURIEs).
    public static let identifierSlots: Set<String> = [
        "subject_id", "predicate_id", "object_id", "mapping_justification", "author_id", "reviewer_id",
        "creator_id", "subject_category", "object_category", "curation_rule", "subject_match_field",
        "object_match_field", "subject_preprocessing", "object_preprocessing", "record_id",
    ]

    /// Columns every mapping needs.
    public static let requiredColumns = ["subject_id", "predicate_id", "object_id", "mapping_justification"]

    /// Mapping predicates in common use (SSSOM specification, "predicate_id").
    public static let knownPredicates: Set<String> = [
        "http://www.w3.org/2004/02/skos/core#exactMatch", "http://www.w3.org/2004/02/skos/core#closeMatch",
        "http://www.w3.org/2004/02/skos/core#broadMatch", "http://www.w3.org/2004/02/skos/core#narrowMatch",
        "http://www.w3.org/2004/02/skos/core#relatedMatch", "http://www.w3.org/2004/02/skos/core#mappingRelation",
        "http://www.w3.org/2002/07/owl#equivalentClass", "http://www.w3.org/2002/07/owl#equivalentProperty",
        "http://www.w3.org/2002/07/owl#sameAs", "http://www.w3.org/2002/07/owl#differentFrom",
        "http://www.w3.org/2000/01/rdf-schema#subClassOf", "http://www.w3.org/2000/01/rdf-schema#subPropertyOf",
        "http://www.w3.org/2000/01/rdf-schema#seeAlso",
        "http://www.geneontology.org/formats/oboInOwl#hasDbXref",
    ]

    /// Terms of the Semantic Mapping Vocabulary (semapv) that justify a mapping.
    public static let justifications: Set<String> = [
        "LexicalMatching", "LogicalReasoning", "CompositeMatching", "UnspecifiedMatching",
        "SemanticSimilarityThresholdMatching", "LexicalSimilarityThresholdMatching", "MappingChaining",
        "MappingReview", "ManualMappingCuration", "MappingInversion", "StructuralMatching",
        "InstanceBasedMatching", "BackgroundKnowledgeBasedMatching",
    ].reduce(into: Set<String>()) { $0.insert("https://w3id.org/semapv/vocab/" + $1) }

    /// True for `http:`, `https:` and `urn:` IRIs.
    static func isAbsoluteIRI(_ text: String) -> Bool {
        text.hasPrefix("http://") || text.hasPrefix("https://") || text.hasPrefix("urn:")
    }

    /// True when `text` has CURIE syntax: a prefix (a letter, then letters, digits, `_`, `-`, `.`),
    /// a colon, and a local part without spaces.
    public static func isCURIE(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let prefix = text[..<colon], local = text[text.index(after: colon)...]
        guard let first = prefix.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII else { return false }
        guard prefix.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)
            || $0 == "_" || $0 == "-" || $0 == ".") }) else { return false }
        return !local.isEmpty && !local.hasPrefix("//") && !local.contains(where: { $0.isWhitespace })
    }
}
