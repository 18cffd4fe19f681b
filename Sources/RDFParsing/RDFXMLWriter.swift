public import RDFModel

/// Writes RDF/XML in the abbreviated form OWL tools write: one node element per subject, typed by
/// its first `rdf:type` (`<owl:Class rdf:about="...">`), blank nodes used once nested where they are
/// used (restrictions, class expressions), lists of resources as `rdf:parseType="Collection"`.
///
/// Subjects, predicates and objects are written in term order, so the output is stable. Namespaces
/// come from `prefixes` when one fits, else are declared as `ns1`, `ns2` ... Other blank nodes get
/// `rdf:nodeID`s `b1`, `b2` ... in order of appearance.
public enum RDFXMLWriter {
    /// The RDF/XML document for `triples`.
    ///
    /// - Throws: `RDFParsingError.io` for a graph RDF/XML cannot express: a predicate IRI that does
    ///   not end in an XML name (`http://example.org/1`), a predicate reserved by the syntax
    ///   (`rdf:li`, `rdf:about` ...), or text with characters XML 1.0 forbids (most control characters).
    public static func string(_ triples: [Triple], prefixes: PrefixMap = .standard, baseIRI: String? = nil) throws -> String {
        var document = Document(groups: SubjectGroups(triples), prefixes: prefixes)
        var body = ""
        body.reserveCapacity(triples.count * 80)
        // The ontology header first, as OWL tools write it.
        let roots = document.groups.roots
        let ontologyType = Term.iri(OWL.Ontology)
        let headers = roots.filter { subject in document.groups.triples(of: subject).contains { $0.predicate == .iri(RDF.type) && $0.object == ontologyType } }
        let header = Set(headers)
        for subject in headers + roots.filter({ !header.contains($0) }) {
            try document.writeNode(subject, nested: false, indent: 1, to: &body)
        }
        var next = 0
        while next < document.deferred.count {
            try document.writeNode(document.deferred[next], nested: false, indent: 1, to: &body)
            next += 1
        }
        var head = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rdf:RDF"
        for (prefix, namespace) in document.declarations {
            head += "\n    xmlns:\(prefix)=\"\(try iriAttribute(namespace))\""
        }
        if let baseIRI { head += "\n    xml:base=\"\(try iriAttribute(baseIRI))\"" }
        head += ">\n"
        return head + body + "</rdf:RDF>\n"
    }

    /// Names the RDF/XML grammar reserves: never property or node element names.
    static let reservedNames: Set<String> = Set(["RDF", "ID", "about", "bagID", "parseType", "resource", "nodeID", "datatype",
                                                 "Description", "aboutEach", "aboutEachPrefix", "li"].map { RDF.namespace + $0 })

    struct Document {
        let groups: SubjectGroups
        let prefixes: PrefixMap
        /// Declared prefixes in order of first use; `rdf` always.
        var declarations: [(prefix: String, namespace: String)] = [("rdf", RDF.namespace)]
        var prefixByNamespace: [String: String] = [RDF.namespace: "rdf"]
        var nodeIDs: [String: String] = [:]
        /// Blank nodes met deeper than `SubjectGroups.maximumNesting`: referred to by `rdf:nodeID`
        /// where they are used, and written as node elements of their own after the others.
        var deferred: [Term] = []
        /// Element names already worked out, by IRI (nil: the IRI has none).
        var names: [String: String?] = [:]

        init(groups: SubjectGroups, prefixes: PrefixMap) {
            self.groups = groups
            self.prefixes = prefixes
        }

        /// `prefix:local` for an element name, declaring the namespace on first use; nil when the IRI
        /// does not end in an XML name or names RDF/XML syntax.
        mutating func qualifiedName(_ iri: String) -> String? {
            if let known = names[iri] { return known }
            let name = makeQualifiedName(iri)
            names[iri] = name
            return name
        }

        private mutating func makeQualifiedName(_ iri: String) -> String? {
            guard !RDFXMLWriter.reservedNames.contains(iri), let split = RDFXMLWriter.splitName(iri) else { return nil }
            let namespace = String(iri[..<split]), local = String(iri[split...])
            if let prefix = prefixByNamespace[namespace] { return prefix + ":" + local }
            let taken = Set(declarations.map(\.prefix))
            var prefix = prefixes.entries.first { $0.namespace == namespace && RDFXMLWriter.isUsablePrefix($0.prefix) && !taken.contains($0.prefix) }?.prefix
            var counter = 1
            while prefix == nil {
                let candidate = "ns\(counter)"
                if !taken.contains(candidate) && !prefixes.entries.contains(where: { $0.prefix == candidate }) { prefix = candidate }
                counter += 1
            }
            declarations.append((prefix!, namespace))
            prefixByNamespace[namespace] = prefix!
            return prefix! + ":" + local
        }

        mutating func nodeID(_ label: String) -> String {
            if let known = nodeIDs[label] { return known }
            let id = "b\(nodeIDs.count + 1)"
            nodeIDs[label] = id
            return id
        }

        /// Writes `subject` as a node element with its properties. A nested node has no identifying
        /// attribute (it is an inlined blank node).
        mutating func writeNode(_ subject: Term, nested: Bool, indent: Int, to out: inout String) throws {
            var triples = groups.triples(of: subject)
            let pad = String(repeating: "    ", count: indent)
            var element = "rdf:Description"
            let types = triples.filter { $0.predicate == .iri(RDF.type) }.map(\.object).sorted()
            for type in types {
                if case .iri(let iri) = type, let name = qualifiedName(iri) {
                    element = name
                    if let index = triples.firstIndex(where: { $0.predicate == .iri(RDF.type) && $0.object == type }) {
                        triples.remove(at: index)
                    }
                    break
                }
            }
            out += pad + "<" + element
            switch subject {
            case .iri(let iri): out += " rdf:about=\"" + (try RDFXMLWriter.iriAttribute(iri)) + "\""
            case .blankNode(let label) where !nested: out += " rdf:nodeID=\"" + nodeID(label) + "\""
            case .blankNode: break
            case .literal:
                throw RDFParsingError.io(path: "<rdfxml>", message: "RDF/XML cannot express a literal subject (\(TextEscaping.clippedForMessage(subject.displayText)))")
            }
            if triples.isEmpty {
                out += "/>\n"
                return
            }
            out += ">\n"
            let ordered = triples.sorted { lhs, rhs in
                if lhs.predicate != rhs.predicate {
                    if lhs.predicate == .iri(RDF.type) { return true }
                    if rhs.predicate == .iri(RDF.type) { return false }
                    return lhs.predicate < rhs.predicate
                }
                return lhs.object < rhs.object
            }
            for triple in ordered { try writeProperty(triple, indent: indent + 1, to: &out) }
            out += pad + "</" + element + ">\n"
        }

        mutating func writeProperty(_ triple: Triple, indent: Int, to out: inout String) throws {
            guard case .iri(let predicate) = triple.predicate, let name = qualifiedName(predicate) else {
                throw RDFParsingError.io(path: "<rdfxml>", message: "RDF/XML cannot express a triple with predicate \(TextEscaping.clippedForMessage(triple.predicate.displayText)): it must end in an XML name and not be RDF/XML syntax")
            }
            let pad = String(repeating: "    ", count: indent)
            switch triple.object {
            case .iri(let iri):
                out += pad + "<" + name + " rdf:resource=\"" + (try RDFXMLWriter.iriAttribute(iri)) + "\"/>\n"
            case .blankNode(let label) where !groups.inlinable.contains(triple.object) || indent > SubjectGroups.maximumNesting:
                if groups.inlinable.contains(triple.object) { deferred.append(triple.object) }
                out += pad + "<" + name + " rdf:nodeID=\"" + nodeID(label) + "\"/>\n"
            case .blankNode:
                if let items = groups.listItems(startingAt: triple.object), !items.contains(where: \.isLiteral) {
                    out += pad + "<" + name + " rdf:parseType=\"Collection\">\n"
                    for item in items { try writeMember(item, indent: indent + 1, to: &out) }
                    out += pad + "</" + name + ">\n"
                } else {
                    out += pad + "<" + name + ">\n"
                    try writeNode(triple.object, nested: true, indent: indent + 1, to: &out)
                    out += pad + "</" + name + ">\n"
                }
            case .literal(let literal):
                out += pad + "<" + name
                if let language = literal.language {
                    out += " xml:lang=\"" + (try RDFXMLWriter.attributeEscaped(language)) + "\""
                } else if literal.datatype != XSD.string {
                    out += " rdf:datatype=\"" + (try RDFXMLWriter.iriAttribute(literal.datatype)) + "\""
                }
                out += ">" + (try RDFXMLWriter.textEscaped(literal.lexicalForm)) + "</" + name + ">\n"
            }
        }

        /// One member of a `rdf:parseType="Collection"` list: a node element.
        mutating func writeMember(_ item: Term, indent: Int, to out: inout String) throws {
            let pad = String(repeating: "    ", count: indent)
            switch item {
            case .iri(let iri):
                out += pad + "<rdf:Description rdf:about=\"" + (try RDFXMLWriter.iriAttribute(iri)) + "\"/>\n"
            case .blankNode(let label) where !groups.inlinable.contains(item) || indent > SubjectGroups.maximumNesting:
                if groups.inlinable.contains(item) { deferred.append(item) }
                out += pad + "<rdf:Description rdf:nodeID=\"" + nodeID(label) + "\"/>\n"
            default:
                try writeNode(item, nested: true, indent: indent, to: &out)
            }
        }
    }

    /// Where the local name of `iri` starts: the longest suffix that is an XML NCName, or nil when
    /// there is none or nothing is left for the namespace.
    static func splitName(_ iri: String) -> String.Index? {
        let scalars = iri.unicodeScalars
        var start = scalars.endIndex
        while start > scalars.startIndex {
            let before = scalars.index(before: start)
            guard isNameCharacter(scalars[before]) else { break }
            start = before
        }
        while start < scalars.endIndex, !isNameStart(scalars[start]) { start = scalars.index(after: start) }
        guard start < scalars.endIndex, start > scalars.startIndex else { return nil }
        return start
    }

    static func isUsablePrefix(_ prefix: String) -> Bool {
        guard let first = prefix.unicodeScalars.first, isNameStart(first),
              !prefix.lowercased().hasPrefix("xml") else { return false }
        return prefix.unicodeScalars.allSatisfy(isNameCharacter)
    }

    /// XML `NameStartChar` without `:`.
    static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0x5F: return true
        case 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D, 0x37F...0x1FFF, 0x200C...0x200D,
             0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFFD, 0x10000...0xEFFFF:
            return true
        default: return false
        }
    }

    /// XML `NameChar` without `:`.
    static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2D, 0x2E, 0x30...0x39, 0xB7, 0x300...0x36F, 0x203F...0x2040: return true
        default: return isNameStart(scalar)
        }
    }

    /// Text content: `&`, `<`, `>` as entities, carriage returns as `&#xD;` (a parser would turn a
    /// raw one into a line feed).
    static func textEscaped(_ text: String) throws -> String {
        try escaped(text, attribute: false)
    }

    /// An IRI as an attribute value, with the characters IRIs forbid percent-encoded so that it reads back.
    static func iriAttribute(_ iri: String) throws -> String {
        try attributeEscaped(RDFModelIRI.percentEncodingForbiddenCharacters(iri))
    }

    /// An attribute value: also `"` and the whitespace a parser would normalise.
    static func attributeEscaped(_ text: String) throws -> String {
        try escaped(text, attribute: true)
    }

    private static func escaped(_ text: String, attribute: Bool) throws -> String {
        guard let escaped = TextEscaping.xml(text, attribute: attribute) else {
            let forbidden = text.unicodeScalars.first { !TextEscaping.isXMLCharacter($0) }
            let code = forbidden.map { String($0.value, radix: 16, uppercase: true) } ?? "?"
            throw RDFParsingError.io(path: "<rdfxml>", message: "RDF/XML (XML 1.0) cannot express the character U+\(code) in \(TextEscaping.clippedForMessage(NTriplesWriter.escapeString(text)))")
        }
        return escaped
    }
}
