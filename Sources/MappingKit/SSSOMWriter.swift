import DatasetCatalog
public import RDFModel

/// Writes mapping sets as SSSOM TSV, SSSOM/JSON, or RDF triples.
public enum SSSOMWriter {
    /// The columns to write: those in use, in SSSOM slot order, then any others as first seen.
    static func orderedColumns(_ set: MappingSet) -> [String] {
        var used = Set<String>()
        for mapping in set.mappings { used.formUnion(mapping.values.keys) }
        let known = SSSOM.slotOrder.filter { used.contains($0) }
        let others = set.columns.filter { used.contains($0) && !SSSOM.slotOrder.contains($0) }
        let unlisted = used.subtracting(known).subtracting(others).sorted()
        return known + others + unlisted
    }

    /// SSSOM TSV: the metadata as `#`-prefixed YAML (curie_map first), then the table.
    public static func tsv(_ set: MappingSet) -> String {
        var output = ""
        if !set.curieMap.isEmpty {
            output += "#curie_map:\n"
            for (prefix, namespace) in set.curieMap { output += "#  \(yamlScalar(prefix)): \(yamlScalar(namespace))\n" }
        }
        for (key, value) in set.metadata { output += yaml(key, value, indent: 0) }
        let columns = orderedColumns(set)
        output += columns.joined(separator: "\t") + "\n"
        for mapping in set.mappings {
            output += columns.map { tsvCell(mapping[$0]) }.joined(separator: "\t") + "\n"
        }
        return output
    }

    private static func yaml(_ key: String, _ value: YAMLValue, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .scalar(let text): return "#\(pad)\(yamlScalar(key)): \(yamlScalar(text))\n"
        case .list(let items):
            return "#\(pad)\(yamlScalar(key)):\n" + items.map { item in
                "#\(pad)  - \(yamlScalar(item.scalarValue ?? ""))\n"
            }.joined()
        case .map(let members):
            return "#\(pad)\(yamlScalar(key)):\n" + members.map { yaml($0.0, $0.1, indent: indent + 2) }.joined()
        }
    }

    /// A scalar, single-quoted when plain YAML would read it differently.
    static func yamlScalar(_ text: String) -> String {
        let needsQuotes = text.isEmpty || text.contains(": ") || text.contains(" #") || text.hasSuffix(":")
            || text.first.map { "'\"[]{}&*!|>%@`#-? ".contains($0) } ?? false || text.last == " "
            || text.contains(where: { $0 == "\n" || $0 == "\t" })
            || text.allSatisfy { $0.isNumber || $0 == "-" || $0 == "." }
        return needsQuotes ? "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'" : text
    }

    /// A TSV cell: tabs and line breaks, which would break the table, become spaces.
    private static func tsvCell(_ text: String) -> String {
        guard text.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        return String(text.map { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
    }

    /// SSSOM/JSON in the shape sssom-py writes: `curie_map`, set-level slots, then `mappings`, one
    /// mapping per line. Multivalued slots are lists; `confidence` and `similarity_score` are numbers.
    public static func json(_ set: MappingSet) -> String {
        var lines: [String] = []
        lines.append("\"curie_map\": " + JSONValue.object(set.curieMap.map { ($0.prefix, .string($0.namespace)) }).jsonText)
        for (key, value) in set.metadata { lines.append(JSONValue.string(key).jsonText + ": " + jsonValue(value).jsonText) }
        let columns = orderedColumns(set)
        let mappings = set.mappings.map { mapping in
            "    " + JSONValue.object(columns.compactMap { column -> (String, JSONValue)? in
                guard let value = mapping.values[column] else { return nil }
                if SSSOM.multivaluedSlots.contains(column) {
                    return (column, .array(value.split(separator: "|").map { .string(String($0)) }))
                }
                if column == "confidence" || column == "similarity_score", Double(value) != nil, isJSONNumber(value) {
                    return (column, .number(value))
                }
                return (column, .string(value))
            }).jsonText
        }
        lines.append("\"mappings\": [" + (mappings.isEmpty ? "]" : "\n" + mappings.joined(separator: ",\n") + "\n  ]"))
        return "{\n  " + lines.joined(separator: ",\n  ") + "\n}\n"
    }

    private static func isJSONNumber(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || $0 == "." || $0 == "-" || $0 == "e" || $0 == "E" || $0 == "+" }
            && text.first != "." && text.last != "." && !text.hasPrefix("+")
    }

    private static func jsonValue(_ value: YAMLValue) -> JSONValue {
        switch value {
        case .scalar(let text): return .string(text)
        case .list(let items): return .array(items.map(jsonValue))
        case .map(let members): return .object(members.map { ($0.0, jsonValue($0.1)) })
        }
    }

    /// The set as RDF: one `subject predicate object` triple per mapping, and an `owl:Axiom` on it
    /// carrying the other slots as `sssom:` annotations (ids as IRIs, `confidence` as `xsd:double`).
    /// Mappings whose subject, predicate or object does not expand to an IRI are left out and
    /// counted in `skipped`.
    public static func triples(_ set: MappingSet) -> (triples: [Triple], skipped: [Mapping]) {
        var triples: [Triple] = []
        var skipped: [Mapping] = []
        let sssom = "https://w3id.org/sssom/"
        for (index, mapping) in set.mappings.enumerated() {
            guard let subject = set.expand(mapping["subject_id"].trimmingSpaces()),
                  let predicate = set.expand(mapping["predicate_id"].trimmingSpaces()),
                  let object = set.expand(mapping["object_id"].trimmingSpaces()) else {
                skipped.append(mapping)
                continue
            }
            triples.append(Triple(.iri(subject), .iri(predicate), .iri(object)))
            let axiom = Term.blankNode("m\(index + 1)")
            triples.append(Triple(axiom, .iri(RDF.type), .iri(OWL.Axiom)))
            triples.append(Triple(axiom, .iri(OWL.namespace + "annotatedSource"), .iri(subject)))
            triples.append(Triple(axiom, .iri(OWL.namespace + "annotatedProperty"), .iri(predicate)))
            triples.append(Triple(axiom, .iri(OWL.namespace + "annotatedTarget"), .iri(object)))
            for column in orderedColumns(set) where !["subject_id", "predicate_id", "object_id"].contains(column) {
                guard let raw = mapping.values[column] else { continue }
                for value in (SSSOM.multivaluedSlots.contains(column) ? raw.split(separator: "|").map(String.init) : [raw]) {
                    let text = value.trimmingSpaces()
                    let term: Term
                    if SSSOM.identifierSlots.contains(column), let iri = set.expand(text) {
                        term = .iri(iri)
                    } else if column == "confidence" || column == "similarity_score", Double(text) != nil {
                        term = .literal(text, datatype: XSD.double)
                    } else {
                        term = .literal(value)
                    }
                    triples.append(Triple(axiom, .iri(sssom + column), term))
                }
            }
        }
        return (triples, skipped)
    }
}

extension String {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}
