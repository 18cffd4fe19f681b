/// IRIs of the RDF vocabulary.
public enum RDF {
    public static let namespace = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    public static let type = namespace + "type"
    public static let langString = namespace + "langString"
    public static let first = namespace + "first"
    public static let rest = namespace + "rest"
    public static let `nil` = namespace + "nil"
    public static let List = namespace + "List"
    public static let Property = namespace + "Property"
    public static let XMLLiteral = namespace + "XMLLiteral"
    public static let HTML = namespace + "HTML"
}

/// IRIs of the RDF Schema vocabulary.
public enum RDFS {
    public static let namespace = "http://www.w3.org/2000/01/rdf-schema#"
    public static let subClassOf = namespace + "subClassOf"
    public static let subPropertyOf = namespace + "subPropertyOf"
    public static let label = namespace + "label"
    public static let comment = namespace + "comment"
    public static let domain = namespace + "domain"
    public static let range = namespace + "range"
    public static let seeAlso = namespace + "seeAlso"
    public static let Class = namespace + "Class"
}

/// IRIs of the XML Schema datatypes.
public enum XSD {
    public static let namespace = "http://www.w3.org/2001/XMLSchema#"
    public static let string = namespace + "string"
    public static let boolean = namespace + "boolean"
    public static let integer = namespace + "integer"
    public static let decimal = namespace + "decimal"
    public static let double = namespace + "double"
    public static let float = namespace + "float"
    public static let dateTime = namespace + "dateTime"
    public static let date = namespace + "date"
    public static let anyURI = namespace + "anyURI"
}

/// IRIs of the OWL 2 vocabulary.
public enum OWL {
    public static let namespace = "http://www.w3.org/2002/07/owl#"
    public static let Ontology = namespace + "Ontology"
    public static let Class = namespace + "Class"
    public static let ObjectProperty = namespace + "ObjectProperty"
    public static let DatatypeProperty = namespace + "DatatypeProperty"
    public static let AnnotationProperty = namespace + "AnnotationProperty"
    public static let NamedIndividual = namespace + "NamedIndividual"
    public static let Restriction = namespace + "Restriction"
    public static let Thing = namespace + "Thing"
    public static let Nothing = namespace + "Nothing"
    public static let equivalentClass = namespace + "equivalentClass"
    public static let disjointWith = namespace + "disjointWith"
    public static let intersectionOf = namespace + "intersectionOf"
    public static let unionOf = namespace + "unionOf"
    public static let complementOf = namespace + "complementOf"
    public static let oneOf = namespace + "oneOf"
    public static let onProperty = namespace + "onProperty"
    public static let someValuesFrom = namespace + "someValuesFrom"
    public static let allValuesFrom = namespace + "allValuesFrom"
    public static let hasValue = namespace + "hasValue"
    public static let cardinality = namespace + "cardinality"
    public static let minCardinality = namespace + "minCardinality"
    public static let maxCardinality = namespace + "maxCardinality"
    public static let qualifiedCardinality = namespace + "qualifiedCardinality"
    public static let minQualifiedCardinality = namespace + "minQualifiedCardinality"
    public static let maxQualifiedCardinality = namespace + "maxQualifiedCardinality"
    public static let hasSelf = namespace + "hasSelf"
    public static let inverseOf = namespace + "inverseOf"
    public static let propertyChainAxiom = namespace + "propertyChainAxiom"
    public static let TransitiveProperty = namespace + "TransitiveProperty"
    public static let SymmetricProperty = namespace + "SymmetricProperty"
    public static let FunctionalProperty = namespace + "FunctionalProperty"
    public static let InverseFunctionalProperty = namespace + "InverseFunctionalProperty"
    public static let ReflexiveProperty = namespace + "ReflexiveProperty"
    public static let IrreflexiveProperty = namespace + "IrreflexiveProperty"
    public static let AsymmetricProperty = namespace + "AsymmetricProperty"
    public static let equivalentProperty = namespace + "equivalentProperty"
    public static let AllDisjointClasses = namespace + "AllDisjointClasses"
    public static let members = namespace + "members"
    public static let disjointUnionOf = namespace + "disjointUnionOf"
    public static let deprecated = namespace + "deprecated"
    public static let versionInfo = namespace + "versionInfo"
    public static let versionIRI = namespace + "versionIRI"
    public static let imports = namespace + "imports"
    public static let Axiom = namespace + "Axiom"
}

/// IRIs of SKOS annotation properties.
public enum SKOS {
    public static let namespace = "http://www.w3.org/2004/02/skos/core#"
    public static let prefLabel = namespace + "prefLabel"
    public static let altLabel = namespace + "altLabel"
    public static let hiddenLabel = namespace + "hiddenLabel"
    public static let definition = namespace + "definition"
}

/// IRIs of the OBO and IAO annotation properties common in OBO-style ontologies.
public enum OBO {
    public static let iaoDefinition = "http://purl.obolibrary.org/obo/IAO_0000115"
    public static let iaoDefinitionSource = "http://purl.obolibrary.org/obo/IAO_0000119"
    public static let iaoReplacedBy = "http://purl.obolibrary.org/obo/IAO_0100001"
    public static let oboInOwl = "http://www.geneontology.org/formats/oboInOwl#"
    public static let hasExactSynonym = oboInOwl + "hasExactSynonym"
    public static let hasRelatedSynonym = oboInOwl + "hasRelatedSynonym"
    public static let hasBroadSynonym = oboInOwl + "hasBroadSynonym"
    public static let hasNarrowSynonym = oboInOwl + "hasNarrowSynonym"
}
