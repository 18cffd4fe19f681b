public import OWLModel
import RDFModel

/// Reads OWL/XML ("OWL 2 Web Ontology Language XML Serialization") documents, as Protégé and the
/// OWL API write them.
public enum OWLXMLReader {
    /// Reads the document in `bytes`; `path` names it in errors (`path:line:column: message`).
    /// Relative IRIs resolve against `xml:base`, then against `baseIRI`.
    public static func read(bytes: [UInt8], path: String, baseIRI: String? = nil) throws(OWLParsingError) -> OWLOntologyDocument {
        try LargeStack.run { () -> Result<OWLOntologyDocument, OWLParsingError> in
            do throws(OWLParsingError) {
                return .success(try readOnCurrentThread(bytes: bytes, path: path, baseIRI: baseIRI))
            } catch {
                return .failure(error)
            }
        }.get()
    }

    private static func readOnCurrentThread(bytes: [UInt8], path: String, baseIRI: String?) throws(OWLParsingError) -> OWLOntologyDocument {
        let root = try XMLDocumentReader.read(bytes: bytes, path: path)
        var converter = OWLXMLConverter(builder: OWLStructureBuilder(bytes: bytes, path: path))
        guard root.namespace == OWL.namespace, root.localName == "Ontology" else {
            throw converter.builder.error(at: root.offset,
                "the root element is \(OWLParsingError.quote(root.qualifiedName)), not an OWL/XML Ontology (namespace \(OWL.namespace))")
        }
        let base = converter.base(of: root, inherited: baseIRI)
        for child in root.children where child.namespace == OWL.namespace && child.localName == "Prefix" {
            try converter.declarePrefix(child, base: base)
        }
        var ontology = OWLSyntaxNode(kind: .element("Ontology"), offset: root.offset)
        if let attribute = root.attribute("ontologyIRI") {
            ontology.children.append(OWLSyntaxNode(kind: .iri(try converter.resolve(attribute.value, base: base, at: attribute.offset)),
                                                   offset: attribute.offset))
            if let version = root.attribute("versionIRI") {
                ontology.children.append(OWLSyntaxNode(kind: .iri(try converter.resolve(version.value, base: base, at: version.offset)),
                                                       offset: version.offset))
            }
        }
        try converter.rejectText(in: root)
        for child in root.children {
            if child.namespace == OWL.namespace, child.localName == "Prefix" { continue }
            ontology.children.append(try converter.convert(child, base: base))
        }
        return try converter.builder.document(ontology, prefixes: converter.prefixes)
    }
}

/// Turns OWL/XML elements into syntax nodes: entity elements become `Kind(<iri>)`, `IRI`,
/// `AbbreviatedIRI`, `Literal` and `AnonymousIndividual` become terms, and `cardinality` and
/// `facet` attributes become leading arguments.
struct OWLXMLConverter {
    let builder: OWLStructureBuilder
    var prefixes = OWLPrefixTable.predeclared

    init(builder: OWLStructureBuilder) {
        self.builder = builder
    }

    func base(of element: XMLElement, inherited: String?) -> String? {
        guard let attribute = element.attribute("base", namespace: XMLDocumentReader.xmlNamespace) else { return inherited }
        return IRI.resolve(attribute.value, against: inherited)
    }

    mutating func declarePrefix(_ element: XMLElement, base: String?) throws(OWLParsingError) {
        guard let name = element.attribute("name"), let iri = element.attribute("IRI") else {
            throw builder.error(at: element.offset, "Prefix needs the attributes 'name' and 'IRI'")
        }
        guard prefixes.declare(name.value, try resolve(iri.value, base: base, at: iri.offset)) else {
            throw builder.error(at: element.offset, "more than \(OWLPrefixTable.maximumCount) prefix declarations")
        }
    }

    func resolve(_ reference: String, base: String?, at offset: Int) throws(OWLParsingError) -> String {
        if let bad = IRI.firstForbiddenCharacter(in: reference) {
            throw builder.error(at: offset, "the IRI \(OWLParsingError.quote(reference)) contains the forbidden character \(OWLParsingError.quote(String(bad)))")
        }
        if IRI.isAbsolute(reference) { return reference }
        guard let base else {
            throw builder.error(at: offset, "the IRI \(OWLParsingError.quote(reference)) is relative and there is no base IRI to resolve it against")
        }
        return try builder.checkedIRI(IRI.resolve(reference, against: base), at: offset)
    }

    func rejectText(in element: XMLElement) throws(OWLParsingError) {
        if let offset = element.textOffset {
            throw builder.error(at: offset, "text is not allowed directly inside <\(element.qualifiedName)>: \(OWLParsingError.quote(element.text.trimmingWhitespace))")
        }
    }

    private func rejectChildren(of element: XMLElement) throws(OWLParsingError) {
        if let child = element.children.first {
            throw builder.error(at: child.offset, "<\(element.qualifiedName)> cannot contain the element <\(child.qualifiedName)>")
        }
    }

    private func required(_ name: String, of element: XMLElement) throws(OWLParsingError) -> XMLAttribute {
        guard let attribute = element.attribute(name) else {
            throw builder.error(at: element.offset, "<\(element.qualifiedName)> needs the attribute '\(name)'")
        }
        return attribute
    }

    func convert(_ element: XMLElement, base inherited: String?) throws(OWLParsingError) -> OWLSyntaxNode {
        guard element.namespace == OWL.namespace else {
            throw builder.error(at: element.offset, "unknown element \(OWLParsingError.quote(element.qualifiedName)) (namespace \(OWLParsingError.quote(element.namespace)))")
        }
        let base = base(of: element, inherited: inherited)
        let name = element.localName
        switch name {
        case "IRI", "Import":
            try rejectChildren(of: element)
            let text = String(element.text.trimmingWhitespace)
            let offset = element.textOffset ?? element.offset
            let iri = OWLSyntaxNode(kind: .iri(try resolve(text, base: base, at: offset)), offset: offset)
            return name == "IRI" ? iri : OWLSyntaxNode(kind: .element(name), children: [iri], offset: element.offset)
        case "AbbreviatedIRI":
            try rejectChildren(of: element)
            let offset = element.textOffset ?? element.offset
            return OWLSyntaxNode(kind: .iri(try builder.expand(String(element.text.trimmingWhitespace), prefixes: prefixes, at: offset)),
                                 offset: offset)
        case "Literal":
            try rejectChildren(of: element)
            let language = element.attribute("lang", namespace: XMLDocumentReader.xmlNamespace)?.value
            var datatype: String?
            if let attribute = element.attribute("datatypeIRI") {
                datatype = try resolve(attribute.value, base: base, at: attribute.offset)
            }
            let literal = try builder.checkedLiteral(element.text, language: language?.isEmpty == true ? nil : language,
                                                     datatype: datatype, at: element.offset)
            return OWLSyntaxNode(kind: .literal(literal), offset: element.offset)
        case "AnonymousIndividual":
            try rejectChildren(of: element)
            let nodeID = try required("nodeID", of: element)
            guard !nodeID.value.isEmpty else { throw builder.error(at: nodeID.offset, "an empty nodeID") }
            return OWLSyntaxNode(kind: .blankNode(nodeID.value), offset: element.offset)
        default:
            break
        }
        try rejectText(in: element)
        var node = OWLSyntaxNode(kind: .element(name), offset: element.offset)
        if let attribute = element.attribute("IRI") {
            node.children.append(OWLSyntaxNode(kind: .iri(try resolve(attribute.value, base: base, at: attribute.offset)),
                                               offset: attribute.offset))
        } else if let attribute = element.attribute("abbreviatedIRI") {
            node.children.append(OWLSyntaxNode(kind: .iri(try builder.expand(attribute.value, prefixes: prefixes, at: attribute.offset)),
                                               offset: attribute.offset))
        }
        if name.hasSuffix("Cardinality") {
            let attribute = try required("cardinality", of: element)
            node.children.append(OWLSyntaxNode(kind: .number(attribute.value), offset: attribute.offset))
        }
        if name == "FacetRestriction" {
            let attribute = try required("facet", of: element)
            node.children.append(OWLSyntaxNode(kind: .iri(try resolve(attribute.value, base: base, at: attribute.offset)),
                                               offset: attribute.offset))
        }
        node.children.reserveCapacity(node.children.count + element.children.count)
        for child in element.children {
            node.children.append(try convert(child, base: base))
        }
        return node
    }
}
