import OWLModel
import RDFModel

/// The functional structure both OWL/XML and the Functional Syntax are read into before they
/// become model values: `Name(arguments)` elements whose arguments are elements, IRIs (already
/// absolute), literals, blank nodes or numbers. OWL/XML's `<Class IRI="..."/>` becomes
/// `Class(<...>)`, so one builder serves both syntaxes.
struct OWLSyntaxNode {
    enum Kind {
        /// `Name(...)`; the empty name is a bare parenthesised group (HasKey's property lists).
        case element(String)
        case iri(String)
        case literal(Literal)
        case blankNode(String)
        case number(String)
    }

    var kind: Kind
    var children: [OWLSyntaxNode] = []
    var offset: Int

    var elementName: String? { if case .element(let name) = kind { return name } else { return nil } }

    /// How the node is named in messages.
    var summary: String {
        switch kind {
        case .element(let name): return name.isEmpty ? "a parenthesised list" : name
        case .iri(let iri): return "the IRI " + OWLParsingError.quote(iri)
        case .literal(let literal): return "the literal " + OWLParsingError.quote(literal.lexicalForm)
        case .blankNode(let id): return "the anonymous individual " + OWLParsingError.quote("_:" + id)
        case .number(let text): return "the number " + text
        }
    }
}

/// Every element name of the OWL 2 structural specification this reader understands.
let knownElementNames: Set<String> = [
    "Ontology", "Prefix", "Import", "Annotation", "Declaration",
    "Class", "ObjectProperty", "DataProperty", "AnnotationProperty", "NamedIndividual", "Datatype",
    "AnonymousIndividual", "Literal", "IRI", "AbbreviatedIRI", "ObjectInverseOf", "ObjectPropertyChain",
    "ObjectIntersectionOf", "ObjectUnionOf", "ObjectComplementOf", "ObjectOneOf", "ObjectSomeValuesFrom",
    "ObjectAllValuesFrom", "ObjectHasValue", "ObjectHasSelf", "ObjectMinCardinality", "ObjectMaxCardinality",
    "ObjectExactCardinality", "DataSomeValuesFrom", "DataAllValuesFrom", "DataHasValue", "DataMinCardinality",
    "DataMaxCardinality", "DataExactCardinality", "DataIntersectionOf", "DataUnionOf", "DataComplementOf",
    "DataOneOf", "DatatypeRestriction", "FacetRestriction",
    "SubClassOf", "EquivalentClasses", "DisjointClasses", "DisjointUnion", "SubObjectPropertyOf",
    "EquivalentObjectProperties", "DisjointObjectProperties", "InverseObjectProperties", "ObjectPropertyDomain",
    "ObjectPropertyRange", "FunctionalObjectProperty", "InverseFunctionalObjectProperty", "ReflexiveObjectProperty",
    "IrreflexiveObjectProperty", "SymmetricObjectProperty", "AsymmetricObjectProperty", "TransitiveObjectProperty",
    "SubDataPropertyOf", "EquivalentDataProperties", "DisjointDataProperties", "DataPropertyDomain",
    "DataPropertyRange", "FunctionalDataProperty", "DatatypeDefinition", "HasKey", "SameIndividual",
    "DifferentIndividuals", "ClassAssertion", "ObjectPropertyAssertion", "NegativeObjectPropertyAssertion",
    "DataPropertyAssertion", "NegativeDataPropertyAssertion", "AnnotationAssertion", "SubAnnotationPropertyOf",
    "AnnotationPropertyDomain", "AnnotationPropertyRange",
]

/// Turns syntax nodes into model values, failing with the position of the offending node.
struct OWLStructureBuilder {
    let bytes: [UInt8]
    let path: String

    func error(_ node: OWLSyntaxNode, _ message: String) -> OWLParsingError {
        OWLParsingError.at(node.offset, in: bytes, path: path, message)
    }

    func error(at offset: Int, _ message: String) -> OWLParsingError {
        OWLParsingError.at(offset, in: bytes, path: path, message)
    }

    /// "expected X, found Y", or "unknown element" when Y is no OWL element at all.
    private func unexpected(_ node: OWLSyntaxNode, expected: String) -> OWLParsingError {
        if let name = node.elementName, !name.isEmpty, !knownElementNames.contains(name) {
            return error(node, "unknown element \(OWLParsingError.quote(name)) where \(expected) was expected")
        }
        return error(node, "expected \(expected), found \(node.summary)")
    }

    private func arguments(_ node: OWLSyntaxNode, _ count: Int) throws(OWLParsingError) -> [OWLSyntaxNode] {
        guard node.children.count == count else {
            throw error(node, "\(node.summary) takes \(count) argument\(count == 1 ? "" : "s"), found \(node.children.count)")
        }
        return node.children
    }

    private func atLeast(_ node: OWLSyntaxNode, _ count: Int, _ children: [OWLSyntaxNode]) throws(OWLParsingError) {
        guard children.count >= count else {
            throw error(node, "\(node.summary) takes at least \(count) arguments, found \(children.count)")
        }
    }

    // MARK: Entities and terms

    /// The IRI of an entity node: a bare IRI, or `Kind(<iri>)` with the given element name.
    func entityIRI(_ node: OWLSyntaxNode, kind: String) throws(OWLParsingError) -> String {
        switch node.kind {
        case .iri(let iri): return iri
        case .element(let name) where name == kind:
            let inner = try arguments(node, 1)[0]
            guard case .iri(let iri) = inner.kind else { throw unexpected(inner, expected: "an IRI") }
            return iri
        default: throw unexpected(node, expected: "a \(kind) IRI")
        }
    }

    func iri(_ node: OWLSyntaxNode) throws(OWLParsingError) -> String {
        guard case .iri(let iri) = node.kind else { throw unexpected(node, expected: "an IRI") }
        return iri
    }

    func literal(_ node: OWLSyntaxNode) throws(OWLParsingError) -> Literal {
        guard case .literal(let literal) = node.kind else { throw unexpected(node, expected: "a literal") }
        return literal
    }

    func individual(_ node: OWLSyntaxNode) throws(OWLParsingError) -> OWLIndividual {
        switch node.kind {
        case .iri(let iri): return .named(iri)
        case .blankNode(let id): return .anonymous(id)
        case .element("NamedIndividual"): return .named(try entityIRI(node, kind: "NamedIndividual"))
        default: throw unexpected(node, expected: "an individual")
        }
    }

    func objectProperty(_ node: OWLSyntaxNode) throws(OWLParsingError) -> OWLObjectPropertyExpression {
        if node.elementName == "ObjectInverseOf" {
            return .inverseOf(try entityIRI(try arguments(node, 1)[0], kind: "ObjectProperty"))
        }
        return .property(try entityIRI(node, kind: "ObjectProperty"))
    }

    func isObjectProperty(_ node: OWLSyntaxNode) -> Bool {
        node.elementName == "ObjectProperty" || node.elementName == "ObjectInverseOf"
    }

    func dataProperty(_ node: OWLSyntaxNode) throws(OWLParsingError) -> String {
        try entityIRI(node, kind: "DataProperty")
    }

    func annotationProperty(_ node: OWLSyntaxNode) throws(OWLParsingError) -> String {
        try entityIRI(node, kind: "AnnotationProperty")
    }

    func entity(_ node: OWLSyntaxNode) throws(OWLParsingError) -> OWLEntity {
        guard let name = node.elementName, let kind = OWLEntityKind(rawValue: name) else {
            throw unexpected(node, expected: "an entity (Class, ObjectProperty, DataProperty, AnnotationProperty, NamedIndividual or Datatype)")
        }
        return OWLEntity(kind, try entityIRI(node, kind: name))
    }

    // MARK: Annotations

    /// Leading `Annotation` arguments, and the rest.
    func splitAnnotations(_ children: [OWLSyntaxNode]) throws(OWLParsingError) -> ([OWLAnnotation], ArraySlice<OWLSyntaxNode>) {
        var annotations: [OWLAnnotation] = []
        var rest = children[...]
        while let first = rest.first, first.elementName == "Annotation" {
            annotations.append(try annotation(first))
            rest = rest.dropFirst()
        }
        return (annotations, rest)
    }

    func annotation(_ node: OWLSyntaxNode) throws(OWLParsingError) -> OWLAnnotation {
        let (nested, rest) = try splitAnnotations(node.children)
        guard rest.count == 2 else {
            throw error(node, "Annotation takes an annotation property and a value, found \(rest.count) arguments")
        }
        return OWLAnnotation(property: try annotationProperty(rest[rest.startIndex]),
                             value: try annotationValue(rest[rest.startIndex + 1]), annotations: nested)
    }

    func annotationValue(_ node: OWLSyntaxNode) throws(OWLParsingError) -> OWLAnnotationValue {
        switch node.kind {
        case .iri(let iri): return .iri(iri)
        case .literal(let literal): return .literal(literal)
        case .blankNode(let id): return .anonymous(id)
        default: throw unexpected(node, expected: "an IRI, literal or anonymous individual")
        }
    }

    func annotationSubject(_ node: OWLSyntaxNode) throws(OWLParsingError) -> OWLAnnotationSubject {
        switch node.kind {
        case .iri(let iri): return .iri(iri)
        case .blankNode(let id): return .anonymous(id)
        default: throw unexpected(node, expected: "an IRI or anonymous individual")
        }
    }

    // MARK: Data ranges and class expressions

    func dataRange(_ node: OWLSyntaxNode) throws(OWLParsingError) -> OWLDataRange {
        if case .iri(let iri) = node.kind { return .datatype(iri) }
        switch node.elementName {
        case "Datatype": return .datatype(try entityIRI(node, kind: "Datatype"))
        case "DataIntersectionOf":
            try atLeast(node, 2, node.children)
            return .intersectionOf(try node.children.map { (child) throws(OWLParsingError) in try dataRange(child) })
        case "DataUnionOf":
            try atLeast(node, 2, node.children)
            return .unionOf(try node.children.map { (child) throws(OWLParsingError) in try dataRange(child) })
        case "DataComplementOf": return .complementOf(try dataRange(try arguments(node, 1)[0]))
        case "DataOneOf":
            try atLeast(node, 1, node.children)
            return .oneOf(try node.children.map { (child) throws(OWLParsingError) in try literal(child) })
        case "DatatypeRestriction":
            try atLeast(node, 2, node.children)
            let datatype = try entityIRI(node.children[0], kind: "Datatype")
            var facets: [OWLFacetRestriction] = []
            var index = 1
            while index < node.children.count {
                let child = node.children[index]
                if child.elementName == "FacetRestriction" {
                    let parts = try arguments(child, 2)
                    facets.append(OWLFacetRestriction(facet: try iri(parts[0]), value: try literal(parts[1])))
                    index += 1
                } else {
                    guard index + 1 < node.children.count else { throw unexpected(child, expected: "a facet and its value") }
                    facets.append(OWLFacetRestriction(facet: try iri(child), value: try literal(node.children[index + 1])))
                    index += 2
                }
            }
            return .restriction(datatype: datatype, facets: facets)
        default: throw unexpected(node, expected: "a data range")
        }
    }

    /// The leading non-negative integer of a cardinality restriction, and the other arguments.
    private func cardinality(_ node: OWLSyntaxNode) throws(OWLParsingError) -> (Int, ArraySlice<OWLSyntaxNode>) {
        guard let first = node.children.first, case .number(let text) = first.kind else {
            throw error(node, "\(node.summary) needs a cardinality (a non-negative integer)")
        }
        guard let value = Int(text), value >= 0 else {
            throw error(first, "the cardinality \(OWLParsingError.quote(text)) is not a non-negative integer")
        }
        let rest = node.children.dropFirst()
        guard rest.count == 1 || rest.count == 2 else {
            throw error(node, "\(node.summary) takes a property and an optional filler after the cardinality")
        }
        return (value, rest)
    }

    private static let cardinalityKinds: [String: OWLCardinality] = ["Min": .min, "Max": .max, "Exact": .exact]

    func classExpression(_ node: OWLSyntaxNode) throws(OWLParsingError) -> OWLClassExpression {
        if case .iri(let iri) = node.kind { return .class(iri) }
        guard let name = node.elementName else { throw unexpected(node, expected: "a class expression") }
        func operands(_ minimum: Int) throws(OWLParsingError) -> [OWLClassExpression] {
            try atLeast(node, minimum, node.children)
            return try node.children.map { (child) throws(OWLParsingError) in try classExpression(child) }
        }
        switch name {
        case "Class": return .class(try entityIRI(node, kind: "Class"))
        case "ObjectIntersectionOf": return .objectIntersectionOf(try operands(2))
        case "ObjectUnionOf": return .objectUnionOf(try operands(2))
        case "ObjectComplementOf": return .objectComplementOf(try classExpression(try arguments(node, 1)[0]))
        case "ObjectOneOf":
            try atLeast(node, 1, node.children)
            return .objectOneOf(try node.children.map { (child) throws(OWLParsingError) in try individual(child) })
        case "ObjectSomeValuesFrom":
            let parts = try arguments(node, 2)
            return .objectSomeValuesFrom(try objectProperty(parts[0]), try classExpression(parts[1]))
        case "ObjectAllValuesFrom":
            let parts = try arguments(node, 2)
            return .objectAllValuesFrom(try objectProperty(parts[0]), try classExpression(parts[1]))
        case "ObjectHasValue":
            let parts = try arguments(node, 2)
            return .objectHasValue(try objectProperty(parts[0]), try individual(parts[1]))
        case "ObjectHasSelf": return .objectHasSelf(try objectProperty(try arguments(node, 1)[0]))
        case "ObjectMinCardinality", "ObjectMaxCardinality", "ObjectExactCardinality":
            let kind = Self.cardinalityKinds[String(name.dropFirst(6).dropLast(11))]!
            let (value, rest) = try cardinality(node)
            let filler = rest.count == 2 ? try classExpression(rest[rest.startIndex + 1]) : nil
            return .objectCardinality(kind, value, try objectProperty(rest[rest.startIndex]), filler: filler)
        case "DataSomeValuesFrom", "DataAllValuesFrom":
            try atLeast(node, 2, node.children)
            let properties = try node.children.dropLast().map { (child) throws(OWLParsingError) in try dataProperty(child) }
            let range = try dataRange(node.children[node.children.count - 1])
            return name == "DataSomeValuesFrom" ? .dataSomeValuesFrom(properties, range) : .dataAllValuesFrom(properties, range)
        case "DataHasValue":
            let parts = try arguments(node, 2)
            return .dataHasValue(try dataProperty(parts[0]), try literal(parts[1]))
        case "DataMinCardinality", "DataMaxCardinality", "DataExactCardinality":
            let kind = Self.cardinalityKinds[String(name.dropFirst(4).dropLast(11))]!
            let (value, rest) = try cardinality(node)
            let filler = rest.count == 2 ? try dataRange(rest[rest.startIndex + 1]) : nil
            return .dataCardinality(kind, value, try dataProperty(rest[rest.startIndex]), filler: filler)
        default: throw unexpected(node, expected: "a class expression")
        }
    }

    // MARK: Axioms

    /// An axiom, or nil when the node is no axiom element.
    func axiom(_ node: OWLSyntaxNode) throws(OWLParsingError) -> OWLAxiom {
        guard let name = node.elementName else { throw unexpected(node, expected: "an axiom") }
        let (annotations, rest) = try splitAnnotations(node.children)
        let args = Array(rest)
        func exactly(_ count: Int) throws(OWLParsingError) -> [OWLSyntaxNode] {
            guard args.count == count else {
                throw error(node, "\(name) takes \(count) argument\(count == 1 ? "" : "s") after its annotations, found \(args.count)")
            }
            return args
        }
        func many(_ minimum: Int) throws(OWLParsingError) -> [OWLSyntaxNode] {
            try atLeast(node, minimum, args)
            return args
        }
        func classes(_ nodes: [OWLSyntaxNode]) throws(OWLParsingError) -> [OWLClassExpression] {
            try nodes.map { (child) throws(OWLParsingError) in try classExpression(child) }
        }
        func objectProperties(_ nodes: [OWLSyntaxNode]) throws(OWLParsingError) -> [OWLObjectPropertyExpression] {
            try nodes.map { (child) throws(OWLParsingError) in try objectProperty(child) }
        }
        func dataProperties(_ nodes: [OWLSyntaxNode]) throws(OWLParsingError) -> [String] {
            try nodes.map { (child) throws(OWLParsingError) in try dataProperty(child) }
        }
        func individuals(_ nodes: [OWLSyntaxNode]) throws(OWLParsingError) -> [OWLIndividual] {
            try nodes.map { (child) throws(OWLParsingError) in try individual(child) }
        }
        let content: OWLAxiomContent
        switch name {
        case "Declaration": content = .declaration(try entity(try exactly(1)[0]))
        case "SubClassOf":
            let parts = try exactly(2)
            content = .subClassOf(try classExpression(parts[0]), try classExpression(parts[1]))
        case "EquivalentClasses": content = .equivalentClasses(try classes(try many(2)))
        case "DisjointClasses": content = .disjointClasses(try classes(try many(2)))
        case "DisjointUnion":
            let parts = try many(3)
            content = .disjointUnion(try entityIRI(parts[0], kind: "Class"), try classes(Array(parts.dropFirst())))
        case "SubObjectPropertyOf":
            let parts = try exactly(2)
            if parts[0].elementName == "ObjectPropertyChain" {
                try atLeast(parts[0], 2, parts[0].children)
                content = .subPropertyChainOf(try objectProperties(parts[0].children), try objectProperty(parts[1]))
            } else {
                content = .subObjectPropertyOf(try objectProperty(parts[0]), try objectProperty(parts[1]))
            }
        case "EquivalentObjectProperties": content = .equivalentObjectProperties(try objectProperties(try many(2)))
        case "DisjointObjectProperties": content = .disjointObjectProperties(try objectProperties(try many(2)))
        case "InverseObjectProperties":
            let parts = try exactly(2)
            content = .inverseObjectProperties(try objectProperty(parts[0]), try objectProperty(parts[1]))
        case "ObjectPropertyDomain":
            let parts = try exactly(2)
            content = .objectPropertyDomain(try objectProperty(parts[0]), try classExpression(parts[1]))
        case "ObjectPropertyRange":
            let parts = try exactly(2)
            content = .objectPropertyRange(try objectProperty(parts[0]), try classExpression(parts[1]))
        case "SubDataPropertyOf":
            let parts = try exactly(2)
            content = .subDataPropertyOf(try dataProperty(parts[0]), try dataProperty(parts[1]))
        case "EquivalentDataProperties": content = .equivalentDataProperties(try dataProperties(try many(2)))
        case "DisjointDataProperties": content = .disjointDataProperties(try dataProperties(try many(2)))
        case "DataPropertyDomain":
            let parts = try exactly(2)
            content = .dataPropertyDomain(try dataProperty(parts[0]), try classExpression(parts[1]))
        case "DataPropertyRange":
            let parts = try exactly(2)
            content = .dataPropertyRange(try dataProperty(parts[0]), try dataRange(parts[1]))
        case "FunctionalDataProperty": content = .functionalDataProperty(try dataProperty(try exactly(1)[0]))
        case "DatatypeDefinition":
            let parts = try exactly(2)
            content = .datatypeDefinition(try entityIRI(parts[0], kind: "Datatype"), try dataRange(parts[1]))
        case "HasKey":
            let parts = try many(1)
            let expression = try classExpression(parts[0])
            let keys = parts.dropFirst()
            if keys.count == 2, keys.allSatisfy({ $0.elementName == "" }) {
                // Functional Syntax: HasKey(CE (OPE*) (DPE*)).
                content = .hasKey(expression, objectProperties: try objectProperties(keys.first!.children),
                                  dataProperties: try dataProperties(keys.last!.children))
            } else {
                // OWL/XML: the object properties, then the data properties, as elements.
                let objectKeys = keys.prefix { isObjectProperty($0) }
                content = .hasKey(expression, objectProperties: try objectProperties(Array(objectKeys)),
                                  dataProperties: try dataProperties(Array(keys.dropFirst(objectKeys.count))))
            }
        case "SameIndividual": content = .sameIndividual(try individuals(try many(2)))
        case "DifferentIndividuals": content = .differentIndividuals(try individuals(try many(2)))
        case "ClassAssertion":
            let parts = try exactly(2)
            content = .classAssertion(try classExpression(parts[0]), try individual(parts[1]))
        case "ObjectPropertyAssertion", "NegativeObjectPropertyAssertion":
            let parts = try exactly(3)
            let property = try objectProperty(parts[0])
            let (source, target) = (try individual(parts[1]), try individual(parts[2]))
            content = name == "ObjectPropertyAssertion" ? .objectPropertyAssertion(property, source, target)
                : .negativeObjectPropertyAssertion(property, source, target)
        case "DataPropertyAssertion", "NegativeDataPropertyAssertion":
            let parts = try exactly(3)
            let property = try dataProperty(parts[0])
            let (source, value) = (try individual(parts[1]), try literal(parts[2]))
            content = name == "DataPropertyAssertion" ? .dataPropertyAssertion(property, source, value)
                : .negativeDataPropertyAssertion(property, source, value)
        case "AnnotationAssertion":
            let parts = try exactly(3)
            content = .annotationAssertion(property: try annotationProperty(parts[0]),
                                           subject: try annotationSubject(parts[1]), value: try annotationValue(parts[2]))
        case "SubAnnotationPropertyOf":
            let parts = try exactly(2)
            content = .subAnnotationPropertyOf(try annotationProperty(parts[0]), try annotationProperty(parts[1]))
        case "AnnotationPropertyDomain", "AnnotationPropertyRange":
            let parts = try exactly(2)
            let (property, target) = (try annotationProperty(parts[0]), try iri(parts[1]))
            content = name == "AnnotationPropertyDomain" ? .annotationPropertyDomain(property, target)
                : .annotationPropertyRange(property, target)
        default:
            if let characteristic = OWLObjectPropertyCharacteristic(rawValue: name) {
                content = .objectPropertyCharacteristic(characteristic, try objectProperty(try exactly(1)[0]))
            } else {
                throw unexpected(node, expected: "an axiom")
            }
        }
        return OWLAxiom(content, annotations: annotations)
    }

    // MARK: Shared term checks

    /// An absolute IRI without characters IRIs forbid.
    func checkedIRI(_ text: String, at offset: Int) throws(OWLParsingError) -> String {
        if let bad = IRI.firstForbiddenCharacter(in: text) {
            throw error(at: offset, "the IRI \(OWLParsingError.quote(text)) contains the forbidden character \(OWLParsingError.quote(String(bad)))")
        }
        guard IRI.isAbsolute(text) else {
            throw error(at: offset, "the IRI \(OWLParsingError.quote(text)) is relative and there is no base IRI to resolve it against")
        }
        return text
    }

    /// A literal whose lexical form is checked for the numeric and boolean XSD datatypes.
    func checkedLiteral(_ lexical: String, language: String?, datatype: String?, at offset: Int) throws(OWLParsingError) -> Literal {
        if let language {
            if let datatype, datatype != RDF.langString {
                throw error(at: offset, "a literal cannot have both a language tag and the datatype \(OWLParsingError.quote(datatype))")
            }
            guard !language.isEmpty, language.split(separator: "-", omittingEmptySubsequences: false).allSatisfy({ part in
                !part.isEmpty && part.count <= 8 && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
            }) else {
                throw error(at: offset, "\(OWLParsingError.quote(language)) is not a valid language tag")
            }
            return Literal(lexical, language: language)
        }
        guard let datatype, datatype != XSD.string else { return Literal(lexical) }
        if datatype == RDF.namespace + "PlainLiteral", let at = lexical.lastIndex(of: "@") {
            // OWL 2's rdf:PlainLiteral: "text@lang", or "text@" for a simple literal.
            let tag = String(lexical[lexical.index(after: at)...])
            let text = String(lexical[..<at])
            return tag.isEmpty ? Literal(text) : try checkedLiteral(text, language: tag, datatype: nil, at: offset)
        }
        if datatype == RDF.langString {
            throw error(at: offset, "an rdf:langString literal needs a language tag")
        }
        if !XSDLexicalForms.isValid(lexical, datatype: datatype) {
            throw error(at: offset, "\(OWLParsingError.quote(lexical)) is not a valid \(OWLParsingError.quote(datatype)) value")
        }
        return Literal(lexical, datatype: datatype)
    }
}

/// Lexical-form checks for the XSD datatypes whose values are easy to get wrong by hand.
enum XSDLexicalForms {
    private static let integerTypes: Set<String> = [
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
        "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte",
    ].reduce(into: []) { $0.insert(XSD.namespace + $1) }

    static func isValid(_ text: String, datatype: String) -> Bool {
        let value = text.trimmingWhitespace
        if integerTypes.contains(datatype) { return isInteger(value) }
        switch datatype {
        case XSD.boolean: return ["true", "false", "1", "0"].contains(value)
        case XSD.decimal: return isDecimal(value)
        case XSD.double, XSD.float:
            if ["INF", "-INF", "+INF", "NaN"].contains(value) { return true }
            let parts = value.split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false)
                .flatMap { $0.split(separator: "E", maxSplits: 1, omittingEmptySubsequences: false) }
            guard parts.count <= 2, isDecimal(Substring(parts[0])) || isInteger(Substring(parts[0])) else { return false }
            return parts.count == 1 || isInteger(Substring(parts[1]))
        default: return true
        }
    }

    private static func isInteger(_ text: Substring) -> Bool {
        let digits = text.first == "+" || text.first == "-" ? text.dropFirst() : text
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    private static func isDecimal(_ text: Substring) -> Bool {
        let unsigned = text.first == "+" || text.first == "-" ? text.dropFirst() : text
        let parts = unsigned.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let digits = parts.joined()
        return !digits.isEmpty && parts.count <= 2 && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }
}

extension String {
    var trimmingWhitespace: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return self[endIndex...] }
        let end = lastIndex(where: { !isSpace($0) })!
        return self[start...end]
    }
}

extension OWLStructureBuilder {
    /// The document from an `Ontology([ontologyIRI [versionIRI]] Import* Annotation* axiom*)` node.
    func document(_ ontology: OWLSyntaxNode, prefixes: OWLPrefixTable) throws(OWLParsingError) -> OWLOntologyDocument {
        var document = OWLOntologyDocument(prefixes: prefixes.map)
        var rest = ontology.children[...]
        if let first = rest.first, case .iri(let iri) = first.kind {
            document.ontologyIRI = iri
            rest = rest.dropFirst()
            if let second = rest.first, case .iri(let version) = second.kind {
                document.versionIRI = version
                rest = rest.dropFirst()
            }
        }
        while let first = rest.first, first.elementName == "Import" {
            document.imports.append(try iri(try arguments(first, 1)[0]))
            rest = rest.dropFirst()
        }
        while let first = rest.first, first.elementName == "Annotation" {
            document.annotations.append(try annotation(first))
            rest = rest.dropFirst()
        }
        document.axioms.reserveCapacity(rest.count)
        for node in rest { document.axioms.append(try axiom(node)) }
        return document
    }

    /// `prefix:local` expanded with `prefixes`.
    func expand(_ name: String, prefixes: OWLPrefixTable, at offset: Int) throws(OWLParsingError) -> String {
        guard let colon = name.firstIndex(of: ":") else {
            throw error(at: offset, "\(OWLParsingError.quote(name)) is not an abbreviated IRI (prefix:name)")
        }
        let prefix = String(name[..<colon])
        guard let namespace = prefixes.lookup[prefix] else {
            throw error(at: offset, "the prefix \(OWLParsingError.quote(prefix + ":")) is not declared")
        }
        return try checkedIRI(namespace + name[name.index(after: colon)...], at: offset)
    }
}

/// The prefixes of a document: a dictionary for expansion, and the `PrefixMap` kept on the
/// document. The number of declarations is limited so building the map stays cheap.
struct OWLPrefixTable {
    static let maximumCount = 1_000

    private(set) var lookup: [String: String] = [:]
    private(set) var map = PrefixMap()

    /// The prefixes every OWL 2 document may use without declaring them.
    static let predeclared: OWLPrefixTable = {
        var table = OWLPrefixTable()
        for (prefix, namespace) in [("owl", OWL.namespace), ("rdf", RDF.namespace), ("rdfs", RDFS.namespace),
                                    ("xsd", XSD.namespace), ("xml", "http://www.w3.org/XML/1998/namespace")] {
            table.lookup[prefix] = namespace
        }
        return table
    }()

    /// Declares `prefix`; false when the limit is reached.
    mutating func declare(_ prefix: String, _ namespace: String) -> Bool {
        guard map.entries.count < Self.maximumCount else { return false }
        lookup[prefix] = namespace
        map.set(prefix, namespace)
        return true
    }
}
