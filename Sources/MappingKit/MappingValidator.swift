public import OntologyKit

/// How serious a finding is.
public enum MappingFindingLevel: String, Sendable, CaseIterable {
    case error, warning
}

/// The rules `MappingValidator` applies.
public enum MappingRule: String, Sendable, CaseIterable {
    case missingColumn = "missing_column"
    case missingMetadata = "missing_metadata"
    case missingValue = "missing_value"
    case invalidCURIE = "invalid_curie"
    case undeclaredPrefix = "undeclared_prefix"
    case unknownPredicate = "unknown_predicate"
    case unknownJustification = "unknown_justification"
    case invalidConfidence = "invalid_confidence"
    case whitespace
    case duplicateRow = "duplicate_row"
    case swappedColumns = "swapped_columns"
    case cardinalityConflict = "cardinality_conflict"
    case unknownSubject = "unknown_subject"
    case deprecatedSubject = "deprecated_subject"
    case staleLabel = "stale_label"
}

/// One problem of a mapping set, with where it is and how to fix it.
public struct MappingFinding: Sendable, Equatable {
    public var file: String
    /// The 1-based line (0 for the set as a whole when no line applies).
    public var line: Int
    public var rule: MappingRule
    public var level: MappingFindingLevel
    public var message: String
    public var fix: String
}

/// Checks a mapping set against the SSSOM schema and, when given, an ontology.
public struct MappingValidator: Sendable {
    /// The ontology whose terms subject (and object) ids are checked against.
    public var ontology: Ontology?
    /// Namespaces of the ontology's classes: ids in these must name a class.
    private let namespaces: Set<String>

    /// A validator; without an ontology only the schema is checked.
    public init(ontology: Ontology? = nil) {
        self.ontology = ontology
        var namespaces: Set<String> = []
        for item in ontology?.classes ?? [] { namespaces.insert(Self.namespace(of: item.iri)) }
        self.namespaces = namespaces
    }

    /// The IRI up to and including its last `/` or `#`.
    static func namespace(of iri: String) -> String {
        guard let cut = iri.lastIndex(where: { $0 == "/" || $0 == "#" }) else { return iri }
        return String(iri[...cut])
    }

    /// Every finding for `set`, in line order.
    ///
    /// - Complexity: O(*n*) in the number of cells.
    public func validate(_ set: MappingSet) -> [MappingFinding] {
        var findings: [MappingFinding] = []
        func report(_ line: Int, _ rule: MappingRule, _ level: MappingFindingLevel, _ message: String, fix: String) {
            findings.append(MappingFinding(file: set.source, line: line, rule: rule, level: level, message: message, fix: fix))
        }
        let headerLine = set.headerLine
        for column in SSSOM.requiredColumns where !set.columns.contains(column) {
            report(headerLine, .missingColumn, .error, "the table has no '\(column)' column", fix: "add a '\(column)' column")
        }
        for slot in ["mapping_set_id", "license"] where (set.metadataValue(slot) ?? "").isEmpty {
            report(0, .missingMetadata, .error, "the metadata has no '\(slot)'",
                   fix: "add '\(slot): …' to the header (or to the --metadata file)")
        }

        var seenRows: [String: Int] = [:]
        var exactObjects: [String: (key: String, object: String, line: Int)] = [:]
        for mapping in set.mappings {
            let line = mapping.line
            for column in SSSOM.requiredColumns where set.columns.contains(column) && mapping[column].isEmpty {
                report(line, .missingValue, .error, "'\(column)' is empty", fix: "fill in '\(column)'")
            }
            for column in set.columns {
                let value = mapping[column]
                let trimmed = value.trimmingWhitespace()
                guard trimmed != value || trimmed.contains("  ") else { continue }
                let isIdentifier = SSSOM.identifierSlots.contains(column)
                report(line, .whitespace, isIdentifier ? .error : .warning,
                       "\(column) '\(value.clipped)' has \(trimmed != value ? "leading or trailing" : "doubled") whitespace"
                           + (isIdentifier ? ", which makes a different identifier" : ""),
                       fix: "write '\(collapsingSpaces(trimmed).clipped)'")
            }
            for column in set.columns where SSSOM.identifierSlots.contains(column) {
                for value in mapping[column].split(separator: "|").map({ String($0).trimmingWhitespace() }) where !value.isEmpty {
                    checkIdentifier(value, column: column, line: line, set: set, report: report)
                }
            }
            let predicate = mapping["predicate_id"].trimmingWhitespace()
            if !predicate.isEmpty, let iri = set.expand(predicate), !SSSOM.knownPredicates.contains(iri) {
                report(line, .unknownPredicate, .error, "predicate_id '\(predicate.clipped)' is not a mapping predicate",
                       fix: "use skos:exactMatch, skos:closeMatch, skos:broadMatch, skos:narrowMatch, skos:relatedMatch, "
                           + "owl:equivalentClass, owl:sameAs or rdfs:subClassOf")
            }
            let justification = mapping["mapping_justification"].trimmingWhitespace()
            if !justification.isEmpty, let iri = set.expand(justification), !SSSOM.justifications.contains(iri) {
                report(line, .unknownJustification, .error,
                       "mapping_justification '\(justification.clipped)' is not a semapv justification",
                       fix: "use a semapv term such as semapv:ManualMappingCuration or semapv:LexicalMatching")
            }
            let confidence = mapping["confidence"].trimmingWhitespace()
            if !confidence.isEmpty, !(Double(confidence).map { (0...1).contains($0) } ?? false) {
                report(line, .invalidConfidence, .error, "confidence '\(confidence.clipped)' is not a number from 0 to 1",
                       fix: "write a number from 0 to 1, such as 0.9")
            }
            for (idColumn, labelColumn) in [("subject_id", "subject_label"), ("object_id", "object_label")] {
                let id = mapping[idColumn].trimmingWhitespace(), label = mapping[labelColumn].trimmingWhitespace()
                if !label.isEmpty, SSSOM.isCURIE(label), set.expand(label) != nil, !SSSOM.isCURIE(id), !SSSOM.isAbsoluteIRI(id) {
                    report(line, .swappedColumns, .error,
                           "\(labelColumn) '\(label.clipped)' is an id and \(idColumn) '\(id.clipped)' is a label",
                           fix: "swap the \(idColumn) and \(labelColumn) columns")
                }
            }
            let subject = mapping["subject_id"].trimmingWhitespace(), object = mapping["object_id"].trimmingWhitespace()
            // Rows are compared by IRI, so that `Panet:X` and `panet:X` are the same subject.
            let subjectKey = expandIgnoringCase(subject, set: set) ?? subject
            let objectKey = expandIgnoringCase(object, set: set) ?? object
            let rowKey = [subjectKey, set.expand(predicate) ?? predicate, objectKey, set.expand(justification) ?? justification]
                .joined(separator: "\u{1}")
            if !subject.isEmpty, let first = seenRows[rowKey] {
                report(line, .duplicateRow, .warning, "repeats the mapping of line \(first) (\(subject) \(predicate) \(object))",
                       fix: "delete this row")
            } else if !subject.isEmpty {
                seenRows[rowKey] = line
            }
            if let predicateIRI = set.expand(predicate), predicateIRI == "http://www.w3.org/2004/02/skos/core#exactMatch",
               !subject.isEmpty, !object.isEmpty {
                if let earlier = exactObjects[subjectKey], earlier.key != objectKey {
                    report(line, .cardinalityConflict, .warning,
                           "\(subject) is an exact match of both \(earlier.object) (line \(earlier.line)) and \(object)",
                           fix: "keep one skos:exactMatch and make the other a skos:closeMatch (or narrower)")
                } else if exactObjects[subjectKey] == nil {
                    exactObjects[subjectKey] = (objectKey, object, line)
                }
            }
            checkAgainstOntology(mapping, set: set, report: report)
        }
        return findings.sorted { ($0.line, $0.rule.rawValue) < ($1.line, $1.rule.rawValue) }
    }

    private func checkIdentifier(_ value: String, column: String, line: Int, set: MappingSet,
                                 report: (Int, MappingRule, MappingFindingLevel, String, String) -> Void) {
        if SSSOM.isAbsoluteIRI(value) { return }
        guard SSSOM.isCURIE(value) else {
            report(line, .invalidCURIE, .error, "\(column) '\(value.clipped)' is not a CURIE (prefix:local)",
                   "write it as prefix:local with a prefix from the curie_map")
            return
        }
        let prefix = String(value[..<(value.firstIndex(of: ":") ?? value.endIndex)])
        guard set.namespace(for: prefix) == nil else { return }
        let local = value[value.index(after: value.firstIndex(of: ":") ?? value.startIndex)...]
        let lower = prefix.lowercased()
        if let declared = set.curieMap.first(where: { $0.prefix.lowercased() == lower })?.prefix
            ?? SSSOM.builtinPrefixes.keys.first(where: { $0.lowercased() == lower }) {
            report(line, .undeclaredPrefix, .error,
                   "prefix '\(prefix)' of \(column) '\(value.clipped)' is not declared (prefixes are case-sensitive)",
                   "write '\(declared):\(local)'")
        } else {
            report(line, .undeclaredPrefix, .error, "prefix '\(prefix)' of \(column) '\(value.clipped)' is not declared",
                   "declare '\(prefix)' in the curie_map")
        }
    }

    /// Subject and object ids in the ontology's namespaces: unknown, deprecated, or with a stale label.
    private func checkAgainstOntology(_ mapping: Mapping, set: MappingSet,
                                      report: (Int, MappingRule, MappingFindingLevel, String, String) -> Void) {
        guard let ontology else { return }
        for (idColumn, labelColumn) in [("subject_id", "subject_label"), ("object_id", "object_label")] {
            let id = mapping[idColumn].trimmingWhitespace()
            guard !id.isEmpty, let iri = expandIgnoringCase(id, set: set), namespaces.contains(Self.namespace(of: iri)) else {
                continue
            }
            guard let classID = ontology.classID(of: iri) else {
                report(mapping.line, .unknownSubject, .error, "\(idColumn) '\(id.clipped)' is not a term of the ontology",
                       "correct the id, or remove the row if the term was never in the ontology")
                continue
            }
            let item = ontology[classID]
            if item.isDeprecated {
                let replacements = item.replacedBy.map { replacement in
                    ontology.classID(of: replacement).map { ontology[$0].shortID } ?? replacement
                }
                report(mapping.line, .deprecatedSubject, .warning, "\(idColumn) '\(id.clipped)' is deprecated",
                       replacements.isEmpty ? "map a current term instead" : "map \(replacements.joined(separator: ", ")) instead")
            }
            let label = mapping[labelColumn].trimmingWhitespace()
            if !label.isEmpty, let current = item.label.map(collapsingSpaces), collapsingSpaces(label) != current {
                report(mapping.line, .staleLabel, .warning,
                       "\(labelColumn) '\(label.clipped)' differs from the current label '\(current.clipped)' of \(item.shortID)",
                       "write '\(current.clipped)'")
            }
        }
    }

    /// The IRI of `id`, matching its prefix case-insensitively when the exact prefix is not declared
    /// (that error is reported by the CURIE check; the ontology checks still apply).
    private func expandIgnoringCase(_ id: String, set: MappingSet) -> String? {
        if let iri = set.expand(id) { return iri }
        guard let colon = id.firstIndex(of: ":") else { return nil }
        let prefix = id[..<colon].lowercased()
        guard let namespace = set.curieMap.first(where: { $0.prefix.lowercased() == prefix })?.namespace else { return nil }
        return namespace + id[id.index(after: colon)...]
    }

    private func collapsingSpaces(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
