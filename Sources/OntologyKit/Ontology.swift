public import RDFModel
public import RDFStore

/// Text with an optional language tag.
public struct LocalizedText: Hashable, Sendable, Codable {
    public var value: String
    public var language: String?

    public init(_ value: String, language: String? = nil) {
        self.value = value
        self.language = language
    }
}

/// The kinds of synonym annotation an ontology may use.
public enum SynonymKind: String, Sendable, Codable, CaseIterable {
    case altLabel = "skos:altLabel"
    case prefLabel = "skos:prefLabel"
    case hiddenLabel = "skos:hiddenLabel"
    case exact = "oboInOwl:hasExactSynonym"
    case related = "oboInOwl:hasRelatedSynonym"
    case broad = "oboInOwl:hasBroadSynonym"
    case narrow = "oboInOwl:hasNarrowSynonym"

    /// The annotation property IRI.
    public var propertyIRI: String {
        switch self {
        case .altLabel: return SKOS.altLabel
        case .prefLabel: return SKOS.prefLabel
        case .hiddenLabel: return SKOS.hiddenLabel
        case .exact: return OBO.hasExactSynonym
        case .related: return OBO.hasRelatedSynonym
        case .broad: return OBO.hasBroadSynonym
        case .narrow: return OBO.hasNarrowSynonym
        }
    }

    /// True for synonyms that name the same concept (alt, pref, hidden, exact).
    public var isExact: Bool {
        switch self {
        case .altLabel, .prefLabel, .hiddenLabel, .exact: return true
        case .related, .broad, .narrow: return false
        }
    }
}

/// A synonym of a class.
public struct Synonym: Hashable, Sendable, Codable {
    public var value: String
    public var language: String?
    public var kind: SynonymKind
}

/// A named class with its annotations.
public struct OntologyClass: Hashable, Sendable {
    /// The class IRI.
    public var iri: String
    /// The local name of the IRI (`PaNET01188`).
    public var shortID: String
    public var labels: [LocalizedText] = []
    public var synonyms: [Synonym] = []
    public var definitions: [LocalizedText] = []
    public var definitionSources: [String] = []
    public var comments: [LocalizedText] = []
    public var isDeprecated = false
    /// IRIs of the replacement terms (IAO_0100001, term replaced by).
    public var replacedBy: [String] = []

    /// The preferred label: English, then untagged, then any.
    public var label: String? {
        labels.first { $0.language == "en" }?.value ?? labels.first { $0.language == nil }?.value ?? labels.first?.value
    }

    /// The preferred definition, chosen like `label`.
    public var definition: String? {
        definitions.first { $0.language == "en" }?.value ?? definitions.first { $0.language == nil }?.value
            ?? definitions.first?.value
    }
}

/// The OWL view of a store: named classes, their annotations, and ontology metadata.
///
/// Works for any OWL ontology; PaNET's conventions (IAO definitions, skos:altLabel synonyms,
/// `PaNET` CURIE prefix) are defaults, not requirements.
public struct Ontology: Sendable {
    /// The triples the view was built from (from a snapshot, decoded on first use).
    public var store: TripleStore { storage.value }
    private let storage: Deferred<TripleStore>
    /// The file or name it was loaded from.
    public let source: String
    /// The `owl:Ontology` IRI.
    public let ontologyIRI: String?
    public let versionIRI: String?
    public let versionInfo: String?
    /// Named classes, sorted by IRI. A class's position is its `ClassID`.
    public let classes: [OntologyClass]
    /// Object property IRIs, sorted.
    public let objectProperties: [String]
    /// Prefixes for CURIEs (`PaNET:PaNET01188`), from well-known ones plus the ontology's namespace.
    public let prefixes: PrefixMap
    let classIDByIRI: [String: ClassID]

    /// Builds the view over `store`.
    public init(store: TripleStore, source: String = "") {
        storage = Deferred(store)
        self.source = source
        let typeID = store.id(of: .iri(RDF.type))
        func subjects(ofType type: String) -> [String] {
            guard let typeID, let classID = store.id(of: .iri(type)) else { return [] }
            return store.matches(IDPattern(predicate: typeID, object: classID)).compactMap {
                store.term($0.subject).iriString
            }
        }
        let ontologyIRIs = subjects(ofType: OWL.Ontology).sorted()
        ontologyIRI = ontologyIRIs.first
        func annotation(_ subject: String?, _ property: String) -> Term? {
            guard let subject else { return nil }
            return store.triples(subject: .iri(subject), predicate: .iri(property)).first?.object
        }
        versionIRI = annotation(ontologyIRI, OWL.versionIRI)?.iriString
        versionInfo = annotation(ontologyIRI, OWL.versionInfo)?.literalValue?.lexicalForm

        let classIRIs = Set(subjects(ofType: OWL.Class) + subjects(ofType: RDFS.Class))
            .subtracting([OWL.Thing, OWL.Nothing]).sorted()
        var index: [String: ClassID] = [:]
        var classes: [OntologyClass] = []
        classes.reserveCapacity(classIRIs.count)
        let properties = AnnotationIDs(store)
        for iri in classIRIs {
            index[iri] = ClassID(classes.count)
            classes.append(Ontology.describe(iri, in: store, properties: properties))
        }
        self.classes = classes
        self.classIDByIRI = index
        objectProperties = Set(subjects(ofType: OWL.ObjectProperty)).sorted()

        var prefixes = PrefixMap.standard
        prefixes.set("obo", "http://purl.obolibrary.org/obo/")
        prefixes.set("oboInOwl", OBO.oboInOwl)
        prefixes.set("PaNET", "http://purl.org/pan-science/PaNET/")
        if let namespace = Ontology.dominantNamespace(classIRIs), namespace != "http://purl.org/pan-science/PaNET/" {
            let name = Ontology.prefixName(for: namespace)
            if prefixes.namespace(for: name) == nil { prefixes.set(name, namespace) }
        }
        self.prefixes = prefixes
    }

    /// A view read back from a snapshot, with its store still to decode.
    init(store: Deferred<TripleStore>, source: String, ontologyIRI: String?, versionIRI: String?, versionInfo: String?,
         classes: [OntologyClass], objectProperties: [String], prefixes: PrefixMap) {
        storage = store
        self.source = source
        self.ontologyIRI = ontologyIRI
        self.versionIRI = versionIRI
        self.versionInfo = versionInfo
        self.classes = classes
        self.objectProperties = objectProperties
        self.prefixes = prefixes
        var index: [String: ClassID] = [:]
        index.reserveCapacity(classes.count)
        for (id, item) in classes.enumerated() { index[item.iri] = ClassID(id) }
        classIDByIRI = index
    }

    /// The class id of `iri`, when it names a class of this ontology.
    public func classID(of iri: String) -> ClassID? {
        classIDByIRI[iri]
    }

    /// The class with id `id`. Inlinable, so that reading one field does not copy the whole class.
    @inlinable
    public subscript(id: ClassID) -> OntologyClass {
        classes[Int(id)]
    }

    /// Every class id.
    @inlinable
    public var classIDs: Range<ClassID> { 0..<ClassID(classes.count) }

    /// Ids of the annotation properties the view reads, looked up once per store.
    struct AnnotationIDs {
        let label, iaoDefinition, skosDefinition, definitionSource, comment, deprecated, replacedBy: TermID?
        let synonyms: [TermID: SynonymKind]

        init(_ store: TripleStore) {
            func id(_ iri: String) -> TermID? { store.id(of: .iri(iri)) }
            label = id(RDFS.label)
            iaoDefinition = id(OBO.iaoDefinition)
            skosDefinition = id(SKOS.definition)
            definitionSource = id(OBO.iaoDefinitionSource)
            comment = id(RDFS.comment)
            deprecated = id(OWL.deprecated)
            replacedBy = id(OBO.iaoReplacedBy)
            var synonyms: [TermID: SynonymKind] = [:]
            for kind in SynonymKind.allCases { if let value = id(kind.propertyIRI) { synonyms[value] = kind } }
            self.synonyms = synonyms
        }
    }

    static func describe(_ iri: String, in store: TripleStore, properties: AnnotationIDs) -> OntologyClass {
        var result = OntologyClass(iri: iri, shortID: shortID(of: iri))
        guard let subject = store.id(of: .iri(iri)) else { return result }
        store.matches(IDPattern(subject: subject)).forEachQuad { quad in
            let property = quad.predicate
            guard property == properties.label || property == properties.iaoDefinition || property == properties.skosDefinition
                || property == properties.definitionSource || property == properties.comment || property == properties.deprecated
                || property == properties.replacedBy || properties.synonyms[property] != nil else { return }
            let object = store.term(quad.object)
            switch property {
            case properties.label:
                if let literal = object.literalValue { result.labels.append(LocalizedText(literal.lexicalForm, language: literal.language)) }
            case properties.iaoDefinition, properties.skosDefinition:
                if let literal = object.literalValue { result.definitions.append(LocalizedText(literal.lexicalForm, language: literal.language)) }
            case properties.definitionSource:
                switch object {
                case .literal(let literal): result.definitionSources.append(literal.lexicalForm)
                case .iri(let value): result.definitionSources.append(value)
                case .blankNode: break
                }
            case properties.comment:
                if let literal = object.literalValue { result.comments.append(LocalizedText(literal.lexicalForm, language: literal.language)) }
            case properties.deprecated:
                if let literal = object.literalValue, literal.lexicalForm == "true" || literal.lexicalForm == "1" {
                    result.isDeprecated = true
                }
            case properties.replacedBy:
                if let value = object.iriString { result.replacedBy.append(value) }
                else if let literal = object.literalValue { result.replacedBy.append(literal.lexicalForm) }
            default:
                if let kind = properties.synonyms[property], let literal = object.literalValue {
                    result.synonyms.append(Synonym(value: literal.lexicalForm, language: literal.language, kind: kind))
                }
            }
        }
        if result.labels.count > 1 {
            result.labels.sort { ($0.language ?? "", $0.value) < ($1.language ?? "", $1.value) }
        }
        return result
    }

    /// The local name of an IRI: the part after the last `#` or `/`.
    public static func shortID(of iri: String) -> String {
        let name = localNameRange(of: iri)
        return String(iri[name])
    }

    /// Where the local name of an IRI lies: after its last `#` or `/`, trailing slashes left out.
    /// On UTF-8 bytes: `/` and `#` are ASCII, so every cut falls on a scalar boundary.
    static func localNameRange(of iri: String) -> Range<String.Index> {
        let bytes = iri.utf8
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[bytes.index(before: end)] == UInt8(ascii: "/") { end = bytes.index(before: end) }
        var start = end
        while start > bytes.startIndex {
            let before = bytes.index(before: start)
            if bytes[before] == UInt8(ascii: "/") || bytes[before] == UInt8(ascii: "#") { break }
            start = before
        }
        return start..<end
    }

    static func dominantNamespace(_ iris: [String]) -> String? {
        var counts: [String: Int] = [:]
        for iri in iris {
            let local = shortID(of: iri)
            counts[String(decoding: iri.utf8.dropLast(local.utf8.count), as: UTF8.self), default: 0] += 1
        }
        return counts.max { $0.value < $1.value }?.key
    }

    static func prefixName(for namespace: String) -> String {
        var trimmed = Substring(namespace)
        while let last = trimmed.last, last == "/" || last == "#" { trimmed = trimmed.dropLast() }
        let name = shortID(of: String(trimmed))
        let cleaned = name.filter { $0.isLetter || $0.isNumber || $0 == "_" }
        return cleaned.isEmpty || !(cleaned.first!.isLetter) ? "ns" : cleaned
    }
}

/// The position of a class in `Ontology.classes`.
public typealias ClassID = Int32
