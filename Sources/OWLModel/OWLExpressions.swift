public import RDFModel

/// The kinds of OWL 2 entities.
public enum OWLEntityKind: String, Hashable, Sendable, CaseIterable {
    case `class` = "Class"
    case objectProperty = "ObjectProperty"
    case dataProperty = "DataProperty"
    case annotationProperty = "AnnotationProperty"
    case namedIndividual = "NamedIndividual"
    case datatype = "Datatype"
}

/// A named entity: its kind and its IRI.
public struct OWLEntity: Hashable, Sendable {
    public var kind: OWLEntityKind
    public var iri: String

    public init(_ kind: OWLEntityKind, _ iri: String) {
        self.kind = kind
        self.iri = iri
    }
}

/// A named individual (by IRI) or an anonymous one (by its node id).
public enum OWLIndividual: Hashable, Sendable {
    case named(String)
    case anonymous(String)
}

/// An object property or the inverse of one (`ObjectInverseOf`).
public enum OWLObjectPropertyExpression: Hashable, Sendable {
    case property(String)
    case inverseOf(String)
}

/// A facet of a `DatatypeRestriction`, such as `xsd:minInclusive "5.0"^^xsd:float`.
public struct OWLFacetRestriction: Hashable, Sendable {
    public var facet: String
    public var value: Literal

    public init(facet: String, value: Literal) {
        self.facet = facet
        self.value = value
    }
}

/// An OWL 2 data range.
public indirect enum OWLDataRange: Hashable, Sendable {
    case datatype(String)
    case intersectionOf([OWLDataRange])
    case unionOf([OWLDataRange])
    case complementOf(OWLDataRange)
    case oneOf([Literal])
    case restriction(datatype: String, facets: [OWLFacetRestriction])
}

/// Which bound a cardinality restriction sets.
public enum OWLCardinality: Hashable, Sendable {
    case min, max, exact
}

/// An OWL 2 class expression.
public indirect enum OWLClassExpression: Hashable, Sendable {
    case `class`(String)
    case objectIntersectionOf([OWLClassExpression])
    case objectUnionOf([OWLClassExpression])
    case objectComplementOf(OWLClassExpression)
    case objectOneOf([OWLIndividual])
    case objectSomeValuesFrom(OWLObjectPropertyExpression, OWLClassExpression)
    case objectAllValuesFrom(OWLObjectPropertyExpression, OWLClassExpression)
    case objectHasValue(OWLObjectPropertyExpression, OWLIndividual)
    case objectHasSelf(OWLObjectPropertyExpression)
    /// `Object{Min,Max,Exact}Cardinality(n P [C])`; `filler` nil for the unqualified form.
    case objectCardinality(OWLCardinality, Int, OWLObjectPropertyExpression, filler: OWLClassExpression?)
    /// `DataSomeValuesFrom(P1 ... Pn D)`: one or more data properties.
    case dataSomeValuesFrom([String], OWLDataRange)
    case dataAllValuesFrom([String], OWLDataRange)
    case dataHasValue(String, Literal)
    case dataCardinality(OWLCardinality, Int, String, filler: OWLDataRange?)
}

/// What an annotation is about: an IRI or an anonymous individual.
public enum OWLAnnotationSubject: Hashable, Sendable {
    case iri(String)
    case anonymous(String)
}

/// The value of an annotation: an IRI, a literal or an anonymous individual.
public enum OWLAnnotationValue: Hashable, Sendable {
    case iri(String)
    case literal(Literal)
    case anonymous(String)
}

/// An annotation, possibly itself annotated.
public struct OWLAnnotation: Hashable, Sendable {
    public var property: String
    public var value: OWLAnnotationValue
    public var annotations: [OWLAnnotation]

    public init(property: String, value: OWLAnnotationValue, annotations: [OWLAnnotation] = []) {
        self.property = property
        self.value = value
        self.annotations = annotations
    }
}
