import OntologyKit
import RDFModel
import RDFStore

extension OntologyValidator {
    /// Annotation properties whose values must be text (`xsd:string` or a language-tagged string).
    static let textProperties: Set<String> = [
        RDFS.label, RDFS.comment, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, SKOS.definition, OBO.iaoDefinition,
        OBO.hasExactSynonym, OBO.hasRelatedSynonym, OBO.hasBroadSynonym, OBO.hasNarrowSynonym,
        "http://purl.org/dc/terms/title", "http://purl.org/dc/elements/1.1/title",
    ]

    func datatypeFindings() -> [Finding] {
        var findings: [Finding] = []
        let store = ontology.store
        for property in OntologyValidator.textProperties.sorted() {
            for triple in store.triples(predicate: .iri(property)) {
                guard let subject = subjectIRI(triple.subject) else { continue }
                switch triple.object {
                case .literal(let literal) where literal.datatype == XSD.string || literal.datatype == RDF.langString:
                    continue
                case .literal(let literal):
                    findings.append(Finding(level: .error, rule: .wrongDatatype, subject: subject, subjectLabel: label(subject),
                                            property: property, value: "\"\(literal.lexicalForm)\"^^<\(literal.datatype)>",
                                            detail: "expected a string, found \(OntologyValidator.shortDatatype(literal.datatype))"))
                case .iri(let iri):
                    findings.append(Finding(level: .error, rule: .wrongDatatype, subject: subject, subjectLabel: label(subject),
                                            property: property, value: iri, detail: "expected a string, found an IRI"))
                case .blankNode:
                    findings.append(Finding(level: .error, rule: .wrongDatatype, subject: subject, subjectLabel: label(subject),
                                            property: property, detail: "expected a string, found a blank node"))
                }
            }
        }
        for triple in store.triples(predicate: .iri(OWL.deprecated)) {
            guard let subject = subjectIRI(triple.subject) else { continue }
            guard case .literal(let literal) = triple.object else {
                findings.append(Finding(level: .error, rule: .wrongDatatype, subject: subject, subjectLabel: label(subject),
                                        property: OWL.deprecated, value: triple.object.displayText,
                                        detail: "owl:deprecated takes \"true\"^^xsd:boolean"))
                continue
            }
            if literal.datatype != XSD.boolean {
                let valid = ["true", "false", "1", "0"].contains(literal.lexicalForm)
                findings.append(Finding(level: valid ? .warn : .error, rule: .wrongDatatype, subject: subject,
                                        subjectLabel: label(subject), property: OWL.deprecated,
                                        value: "\"\(literal.lexicalForm)\"^^<\(literal.datatype)>",
                                        detail: "owl:deprecated takes \"true\"^^xsd:boolean, found "
                                            + OntologyValidator.shortDatatype(literal.datatype)))
            }
        }
        for (property, wantsIRI) in [(OBO.iaoReplacedBy, true), (OWL.versionIRI, true), (OWL.versionInfo, false)] {
            for triple in store.triples(predicate: .iri(property)) {
                guard let subject = subjectIRI(triple.subject) else { continue }
                if wantsIRI, case .literal(let literal) = triple.object {
                    findings.append(Finding(level: property == OWL.versionIRI ? .error : .warn, rule: .wrongDatatype,
                                            subject: subject, subjectLabel: label(subject), property: property,
                                            value: literal.lexicalForm, detail: "expected an IRI, found a literal"))
                } else if !wantsIRI, case .iri(let iri) = triple.object {
                    findings.append(Finding(level: .warn, rule: .wrongDatatype, subject: subject, subjectLabel: label(subject),
                                            property: property, value: iri, detail: "expected a literal, found an IRI"))
                }
            }
        }
        findings += invalidLiteralFindings()
        return findings
    }

    /// Literals whose lexical form is not valid for their XSD datatype.
    func invalidLiteralFindings() -> [Finding] {
        var findings: [Finding] = []
        let store = ontology.store
        for (id, term) in store.dictionary.allTerms {
            guard case .literal(let literal) = term, let valid = XSDLexical.isValid(literal.lexicalForm, datatype: literal.datatype),
                  !valid else { continue }
            for quad in store.matches(IDPattern(object: id)) {
                let subject = store.term(quad.subject)
                let property = store.term(quad.predicate).iriString
                let subjectText = subjectIRI(subject) ?? subject.displayText
                findings.append(Finding(level: .error, rule: .invalidLiteral, subject: subjectText, subjectLabel: label(subjectText),
                                        property: property, value: literal.lexicalForm,
                                        detail: "not a valid \(OntologyValidator.shortDatatype(literal.datatype))"))
            }
        }
        return findings
    }

    /// The IRI of `term`, or of the named entity whose axiom holds the blank node `term`.
    func subjectIRI(_ term: Term) -> String? {
        if let iri = term.iriString { return iri }
        return owningEntity(of: term, via: "")?.0
    }

    static func shortDatatype(_ iri: String) -> String {
        if iri.hasPrefix(XSD.namespace) { return "xsd:" + iri.dropFirst(XSD.namespace.count) }
        if iri.hasPrefix(RDF.namespace) { return "rdf:" + iri.dropFirst(RDF.namespace.count) }
        return "<\(iri)>"
    }
}

/// Lexical checks for the common XSD datatypes (XML Schema 1.1 Part 2, §3.3).
enum XSDLexical {
    /// Whether `text` is a valid lexical form of `datatype`; nil for datatypes not checked.
    static func isValid(_ text: String, datatype: String) -> Bool? {
        let bytes = Array(text.utf8)
        switch datatype {
        case XSD.boolean:
            return ["true", "false", "1", "0"].contains(text)
        case XSD.integer, XSD.namespace + "int", XSD.namespace + "long", XSD.namespace + "short",
             XSD.namespace + "nonNegativeInteger", XSD.namespace + "positiveInteger":
            var body = bytes[...]
            if let first = body.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { body = body.dropFirst() }
            guard !body.isEmpty, body.allSatisfy(isDigit) else { return false }
            if datatype.hasSuffix("nonNegativeInteger") || datatype.hasSuffix("positiveInteger") {
                return bytes.first != UInt8(ascii: "-")
            }
            return true
        case XSD.decimal:
            var body = bytes[...]
            if let first = body.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { body = body.dropFirst() }
            let parts = body.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
            guard parts.count <= 2, parts.contains(where: { !$0.isEmpty }) else { return false }
            return parts.allSatisfy { $0.allSatisfy(isDigit) }
        case XSD.double, XSD.float:
            if ["INF", "-INF", "+INF", "NaN"].contains(text) { return true }
            return Double(text) != nil && !text.contains(where: { $0.isWhitespace })
        case XSD.date:
            return isDate(bytes[...], allowTimezone: true)
        case XSD.dateTime:
            guard let t = bytes.firstIndex(of: UInt8(ascii: "T")) else { return false }
            return isDate(bytes[..<t], allowTimezone: false) && isTime(bytes[(t + 1)...])
        default:
            return nil
        }
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.allSatisfy(isDigit) else { return nil }
        return bytes.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    static func isDate(_ bytes: ArraySlice<UInt8>, allowTimezone: Bool) -> Bool {
        var body = bytes
        if body.first == UInt8(ascii: "-") { body = body.dropFirst() }
        let parts = body.split(separator: UInt8(ascii: "-"), maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count >= 4, parts[1].count == 2, parts[2].count >= 2,
              number(parts[0]) != nil, let month = number(parts[1]), (1...12).contains(month) else { return false }
        let dayPart = parts[2].prefix(2)
        guard let day = number(dayPart), (1...31).contains(day) else { return false }
        let zone = parts[2].dropFirst(2)
        if zone.isEmpty { return true }
        return allowTimezone && isTimezone(zone)
    }

    static func isTime(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.count >= 8 else { return false }
        let clock = bytes.prefix(8)
        let fields = clock.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard fields.count == 3, let hour = number(fields[0]), let minute = number(fields[1]), let second = number(fields[2]),
              hour <= 24, minute < 60, second < 61 else { return false }
        var rest = bytes.dropFirst(8)
        if rest.first == UInt8(ascii: ".") {
            rest = rest.dropFirst()
            let digits = rest.prefix(while: isDigit)
            guard !digits.isEmpty else { return false }
            rest = rest.dropFirst(digits.count)
        }
        return rest.isEmpty || isTimezone(rest)
    }

    static func isTimezone(_ bytes: ArraySlice<UInt8>) -> Bool {
        if bytes.elementsEqual([UInt8(ascii: "Z")]) { return true }
        guard bytes.count == 6, let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"),
              bytes[bytes.startIndex + 3] == UInt8(ascii: ":"),
              let hours = number(bytes.dropFirst().prefix(2)), let minutes = number(bytes.suffix(2)) else { return false }
        return hours <= 14 && minutes < 60
    }
}
