public import RDFModel

/// The characteristics an object property can be declared to have.
public enum OWLObjectPropertyCharacteristic: String, Hashable, Sendable, CaseIterable {
    case functional = "FunctionalObjectProperty"
    case inverseFunctional = "InverseFunctionalObjectProperty"
    case reflexive = "ReflexiveObjectProperty"
    case irreflexive = "IrreflexiveObjectProperty"
    case symmetric = "SymmetricObjectProperty"
    case asymmetric = "AsymmetricObjectProperty"
    case transitive = "TransitiveObjectProperty"
}

/// The logical content of an OWL 2 axiom (its annotations are on `OWLAxiom`).
public enum OWLAxiomContent: Hashable, Sendable {
    case declaration(OWLEntity)
    case subClassOf(OWLClassExpression, OWLClassExpression)
    case equivalentClasses([OWLClassExpression])
    case disjointClasses([OWLClassExpression])
    case disjointUnion(String, [OWLClassExpression])
    case subObjectPropertyOf(OWLObjectPropertyExpression, OWLObjectPropertyExpression)
    /// `SubObjectPropertyOf(ObjectPropertyChain(P1 ... Pn) P)`.
    case subPropertyChainOf([OWLObjectPropertyExpression], OWLObjectPropertyExpression)
    case equivalentObjectProperties([OWLObjectPropertyExpression])
    case disjointObjectProperties([OWLObjectPropertyExpression])
    case inverseObjectProperties(OWLObjectPropertyExpression, OWLObjectPropertyExpression)
    case objectPropertyDomain(OWLObjectPropertyExpression, OWLClassExpression)
    case objectPropertyRange(OWLObjectPropertyExpression, OWLClassExpression)
    case objectPropertyCharacteristic(OWLObjectPropertyCharacteristic, OWLObjectPropertyExpression)
    case subDataPropertyOf(String, String)
    case equivalentDataProperties([String])
    case disjointDataProperties([String])
    case dataPropertyDomain(String, OWLClassExpression)
    case dataPropertyRange(String, OWLDataRange)
    case functionalDataProperty(String)
    case datatypeDefinition(String, OWLDataRange)
    case hasKey(OWLClassExpression, objectProperties: [OWLObjectPropertyExpression], dataProperties: [String])
    case sameIndividual([OWLIndividual])
    case differentIndividuals([OWLIndividual])
    case classAssertion(OWLClassExpression, OWLIndividual)
    case objectPropertyAssertion(OWLObjectPropertyExpression, OWLIndividual, OWLIndividual)
    case negativeObjectPropertyAssertion(OWLObjectPropertyExpression, OWLIndividual, OWLIndividual)
    case dataPropertyAssertion(String, OWLIndividual, Literal)
    case negativeDataPropertyAssertion(String, OWLIndividual, Literal)
    case annotationAssertion(property: String, subject: OWLAnnotationSubject, value: OWLAnnotationValue)
    case subAnnotationPropertyOf(String, String)
    case annotationPropertyDomain(String, String)
    case annotationPropertyRange(String, String)
}

/// An axiom with its annotations.
public struct OWLAxiom: Hashable, Sendable {
    public var content: OWLAxiomContent
    public var annotations: [OWLAnnotation]

    public init(_ content: OWLAxiomContent, annotations: [OWLAnnotation] = []) {
        self.content = content
        self.annotations = annotations
    }
}

/// An ontology as read from a document: header, prefixes and axioms in document order.
public struct OWLOntologyDocument: Hashable, Sendable {
    public var ontologyIRI: String?
    public var versionIRI: String?
    public var imports: [String]
    public var annotations: [OWLAnnotation]
    public var prefixes: PrefixMap
    public var axioms: [OWLAxiom]

    public init(ontologyIRI: String? = nil, versionIRI: String? = nil, imports: [String] = [],
                annotations: [OWLAnnotation] = [], prefixes: PrefixMap = PrefixMap(), axioms: [OWLAxiom] = []) {
        self.ontologyIRI = ontologyIRI
        self.versionIRI = versionIRI
        self.imports = imports
        self.annotations = annotations
        self.prefixes = prefixes
        self.axioms = axioms
    }

    public static func == (lhs: OWLOntologyDocument, rhs: OWLOntologyDocument) -> Bool {
        lhs.ontologyIRI == rhs.ontologyIRI && lhs.versionIRI == rhs.versionIRI && lhs.imports == rhs.imports
            && lhs.annotations == rhs.annotations && lhs.prefixes == rhs.prefixes && lhs.axioms == rhs.axioms
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ontologyIRI)
        hasher.combine(axioms)
    }
}
