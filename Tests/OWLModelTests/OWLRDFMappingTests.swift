import OWLModel
import RDFModel
import RDFParsing
import RDFStore
import Testing

private let ex = "http://example.org/"
private func c(_ name: String) -> OWLClassExpression { .class(ex + name) }
private func p(_ name: String) -> OWLObjectPropertyExpression { .property(ex + name) }
private func i(_ name: String) -> OWLIndividual { .named(ex + name) }
private func x(_ name: String) -> String { ex + name }
private let xsdInteger = XSD.integer
private let label = OWLAnnotation(property: RDFS.label, value: .literal(Literal("note")))

/// Parses Turtle with the project's loader, with `:`, owl, rdf, rdfs and xsd declared.
func turtleTriples(_ body: String) throws -> [Triple] {
    let text = """
        @prefix : <http://example.org/> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

        """ + body
    return try TripleStore(loading: .text(text, name: "expected.ttl"), format: .turtle).triples()
}

/// Each construct of "OWL 2 Mapping to RDF Graphs" section 2 on a one-axiom ontology, against the
/// triples the spec's tables give, written in Turtle.
@Suite struct OWLRDFMappingTests {
    static let cases: [(String, OWLAxiom, String)] = [
        // Declarations (Table 4 / 2.2).
        ("Declaration Class", OWLAxiom(.declaration(OWLEntity(.class, x("A")))), ":A a owl:Class ."),
        ("Declaration Datatype", OWLAxiom(.declaration(OWLEntity(.datatype, x("D")))), ":D a rdfs:Datatype ."),
        ("Declaration ObjectProperty", OWLAxiom(.declaration(OWLEntity(.objectProperty, x("p")))), ":p a owl:ObjectProperty ."),
        ("Declaration DataProperty", OWLAxiom(.declaration(OWLEntity(.dataProperty, x("d")))), ":d a owl:DatatypeProperty ."),
        ("Declaration AnnotationProperty", OWLAxiom(.declaration(OWLEntity(.annotationProperty, x("n")))), ":n a owl:AnnotationProperty ."),
        ("Declaration NamedIndividual", OWLAxiom(.declaration(OWLEntity(.namedIndividual, x("a")))), ":a a owl:NamedIndividual ."),
        // Class expressions (Table 13).
        ("ObjectIntersectionOf", OWLAxiom(.subClassOf(c("A"), .objectIntersectionOf([c("B"), c("C")]))),
         ":A rdfs:subClassOf [ a owl:Class ; owl:intersectionOf ( :B :C ) ] ."),
        ("ObjectUnionOf", OWLAxiom(.subClassOf(c("A"), .objectUnionOf([c("B"), c("C"), c("D")]))),
         ":A rdfs:subClassOf [ a owl:Class ; owl:unionOf ( :B :C :D ) ] ."),
        ("ObjectComplementOf", OWLAxiom(.subClassOf(c("A"), .objectComplementOf(c("B")))),
         ":A rdfs:subClassOf [ a owl:Class ; owl:complementOf :B ] ."),
        ("ObjectOneOf", OWLAxiom(.subClassOf(c("A"), .objectOneOf([i("a"), i("b")]))),
         ":A rdfs:subClassOf [ a owl:Class ; owl:oneOf ( :a :b ) ] ."),
        ("ObjectSomeValuesFrom", OWLAxiom(.subClassOf(c("A"), .objectSomeValuesFrom(p("p"), c("B")))),
         ":A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :p ; owl:someValuesFrom :B ] ."),
        ("ObjectAllValuesFrom with ObjectInverseOf", OWLAxiom(.subClassOf(c("A"), .objectAllValuesFrom(.inverseOf(x("p")), c("B")))),
         ":A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty [ owl:inverseOf :p ] ; owl:allValuesFrom :B ] ."),
        ("ObjectHasValue", OWLAxiom(.subClassOf(c("A"), .objectHasValue(p("p"), i("a")))),
         ":A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :p ; owl:hasValue :a ] ."),
        ("ObjectHasSelf", OWLAxiom(.subClassOf(c("A"), .objectHasSelf(p("p")))),
         ":A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :p ; owl:hasSelf true ] ."),
        ("ObjectMinCardinality unqualified", OWLAxiom(.subClassOf(c("A"), .objectCardinality(.min, 2, p("p"), filler: nil))),
         ":A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :p ; owl:minCardinality \"2\"^^xsd:nonNegativeInteger ] ."),
        ("ObjectExactCardinality qualified", OWLAxiom(.subClassOf(c("A"), .objectCardinality(.exact, 1, p("p"), filler: c("B")))),
         ":A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :p ; owl:qualifiedCardinality \"1\"^^xsd:nonNegativeInteger ; owl:onClass :B ] ."),
        ("ObjectMaxCardinality qualified", OWLAxiom(.subClassOf(c("A"), .objectCardinality(.max, 3, p("p"), filler: c("B")))),
         ":A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :p ; owl:maxQualifiedCardinality \"3\"^^xsd:nonNegativeInteger ; owl:onClass :B ] ."),
        ("DataSomeValuesFrom with DatatypeRestriction",
         OWLAxiom(.subClassOf(c("A"), .dataSomeValuesFrom([x("d")], .restriction(datatype: xsdInteger, facets: [
             OWLFacetRestriction(facet: XSD.namespace + "minInclusive", value: Literal("5", datatype: xsdInteger))])))),
         ":A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :d ; owl:someValuesFrom [ a rdfs:Datatype ; owl:onDatatype xsd:integer ; owl:withRestrictions ( [ xsd:minInclusive 5 ] ) ] ] ."),
        ("DataAllValuesFrom over two properties", OWLAxiom(.subClassOf(c("A"), .dataAllValuesFrom([x("d"), x("e")], .datatype(XSD.string)))),
         ":A rdfs:subClassOf [ a owl:Restriction ; owl:onProperties ( :d :e ) ; owl:allValuesFrom xsd:string ] ."),
        ("DataHasValue", OWLAxiom(.subClassOf(c("A"), .dataHasValue(x("d"), Literal("eV")))),
         ":A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :d ; owl:hasValue \"eV\" ] ."),
        ("DataMaxCardinality qualified", OWLAxiom(.subClassOf(c("A"), .dataCardinality(.max, 1, x("d"), filler: .datatype(XSD.string)))),
         ":A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :d ; owl:maxQualifiedCardinality \"1\"^^xsd:nonNegativeInteger ; owl:onDataRange xsd:string ] ."),
        ("DataMinCardinality unqualified", OWLAxiom(.subClassOf(c("A"), .dataCardinality(.min, 0, x("d"), filler: nil))),
         ":A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :d ; owl:minCardinality \"0\"^^xsd:nonNegativeInteger ] ."),
        // Data ranges (Table 12).
        ("DataIntersectionOf", OWLAxiom(.dataPropertyRange(x("d"), .intersectionOf([.datatype(XSD.integer), .datatype(XSD.decimal)]))),
         ":d rdfs:range [ a rdfs:Datatype ; owl:intersectionOf ( xsd:integer xsd:decimal ) ] ."),
        ("DataUnionOf", OWLAxiom(.dataPropertyRange(x("d"), .unionOf([.datatype(XSD.integer), .datatype(XSD.string)]))),
         ":d rdfs:range [ a rdfs:Datatype ; owl:unionOf ( xsd:integer xsd:string ) ] ."),
        ("DataComplementOf", OWLAxiom(.dataPropertyRange(x("d"), .complementOf(.datatype(XSD.integer)))),
         ":d rdfs:range [ a rdfs:Datatype ; owl:datatypeComplementOf xsd:integer ] ."),
        ("DataOneOf", OWLAxiom(.dataPropertyRange(x("d"), .oneOf([Literal("a"), Literal("b", language: "en")]))),
         ":d rdfs:range [ a rdfs:Datatype ; owl:oneOf ( \"a\" \"b\"@en ) ] ."),
        // Class axioms.
        ("EquivalentClasses of three", OWLAxiom(.equivalentClasses([c("A"), c("B"), c("C")])),
         ":A owl:equivalentClass :B . :B owl:equivalentClass :C ."),
        ("DisjointClasses of two", OWLAxiom(.disjointClasses([c("A"), c("B")])), ":A owl:disjointWith :B ."),
        ("DisjointClasses of three", OWLAxiom(.disjointClasses([c("A"), c("B"), c("C")])),
         "[ a owl:AllDisjointClasses ; owl:members ( :A :B :C ) ] ."),
        ("DisjointUnion", OWLAxiom(.disjointUnion(x("A"), [c("B"), c("C")])), ":A owl:disjointUnionOf ( :B :C ) ."),
        // Object property axioms.
        ("SubObjectPropertyOf", OWLAxiom(.subObjectPropertyOf(p("p"), p("q"))), ":p rdfs:subPropertyOf :q ."),
        ("ObjectPropertyChain", OWLAxiom(.subPropertyChainOf([p("p"), .inverseOf(x("q"))], p("r"))),
         ":r owl:propertyChainAxiom ( :p [ owl:inverseOf :q ] ) ."),
        ("EquivalentObjectProperties", OWLAxiom(.equivalentObjectProperties([p("p"), p("q")])), ":p owl:equivalentProperty :q ."),
        ("DisjointObjectProperties of two", OWLAxiom(.disjointObjectProperties([p("p"), p("q")])), ":p owl:propertyDisjointWith :q ."),
        ("DisjointObjectProperties of three", OWLAxiom(.disjointObjectProperties([p("p"), p("q"), p("r")])),
         "[ a owl:AllDisjointProperties ; owl:members ( :p :q :r ) ] ."),
        ("InverseObjectProperties", OWLAxiom(.inverseObjectProperties(p("p"), p("q"))), ":p owl:inverseOf :q ."),
        ("ObjectPropertyDomain", OWLAxiom(.objectPropertyDomain(p("p"), c("A"))), ":p rdfs:domain :A ."),
        ("ObjectPropertyRange", OWLAxiom(.objectPropertyRange(p("p"), c("A"))), ":p rdfs:range :A ."),
        ("FunctionalObjectProperty", OWLAxiom(.objectPropertyCharacteristic(.functional, p("p"))), ":p a owl:FunctionalProperty ."),
        ("InverseFunctionalObjectProperty", OWLAxiom(.objectPropertyCharacteristic(.inverseFunctional, p("p"))), ":p a owl:InverseFunctionalProperty ."),
        ("ReflexiveObjectProperty", OWLAxiom(.objectPropertyCharacteristic(.reflexive, p("p"))), ":p a owl:ReflexiveProperty ."),
        ("IrreflexiveObjectProperty", OWLAxiom(.objectPropertyCharacteristic(.irreflexive, p("p"))), ":p a owl:IrreflexiveProperty ."),
        ("SymmetricObjectProperty", OWLAxiom(.objectPropertyCharacteristic(.symmetric, p("p"))), ":p a owl:SymmetricProperty ."),
        ("AsymmetricObjectProperty", OWLAxiom(.objectPropertyCharacteristic(.asymmetric, p("p"))), ":p a owl:AsymmetricProperty ."),
        ("TransitiveObjectProperty on an inverse", OWLAxiom(.objectPropertyCharacteristic(.transitive, .inverseOf(x("p")))),
         "[ owl:inverseOf :p ] a owl:TransitiveProperty ."),
        // Data property axioms.
        ("SubDataPropertyOf", OWLAxiom(.subDataPropertyOf(x("d"), x("e"))), ":d rdfs:subPropertyOf :e ."),
        ("EquivalentDataProperties", OWLAxiom(.equivalentDataProperties([x("d"), x("e")])), ":d owl:equivalentProperty :e ."),
        ("DisjointDataProperties of three", OWLAxiom(.disjointDataProperties([x("d"), x("e"), x("f")])),
         "[ a owl:AllDisjointProperties ; owl:members ( :d :e :f ) ] ."),
        ("DataPropertyDomain", OWLAxiom(.dataPropertyDomain(x("d"), c("A"))), ":d rdfs:domain :A ."),
        ("FunctionalDataProperty", OWLAxiom(.functionalDataProperty(x("d"))), ":d a owl:FunctionalProperty ."),
        ("DatatypeDefinition", OWLAxiom(.datatypeDefinition(x("D"), .datatype(XSD.integer))), ":D owl:equivalentClass xsd:integer ."),
        ("HasKey", OWLAxiom(.hasKey(c("A"), objectProperties: [p("p")], dataProperties: [x("d")])), ":A owl:hasKey ( :p :d ) ."),
        // Assertions.
        ("SameIndividual of three", OWLAxiom(.sameIndividual([i("a"), i("b"), i("c")])), ":a owl:sameAs :b . :b owl:sameAs :c ."),
        ("DifferentIndividuals of two", OWLAxiom(.differentIndividuals([i("a"), i("b")])), ":a owl:differentFrom :b ."),
        ("DifferentIndividuals of three", OWLAxiom(.differentIndividuals([i("a"), i("b"), i("c")])),
         "[ a owl:AllDifferent ; owl:members ( :a :b :c ) ] ."),
        ("ClassAssertion", OWLAxiom(.classAssertion(c("A"), i("a"))), ":a a :A ."),
        ("ObjectPropertyAssertion", OWLAxiom(.objectPropertyAssertion(p("p"), i("a"), i("b"))), ":a :p :b ."),
        ("ObjectPropertyAssertion with an inverse", OWLAxiom(.objectPropertyAssertion(.inverseOf(x("p")), i("a"), i("b"))), ":b :p :a ."),
        ("NegativeObjectPropertyAssertion", OWLAxiom(.negativeObjectPropertyAssertion(p("p"), i("a"), i("b"))),
         "[ a owl:NegativePropertyAssertion ; owl:sourceIndividual :a ; owl:assertionProperty :p ; owl:targetIndividual :b ] ."),
        ("DataPropertyAssertion on an anonymous individual", OWLAxiom(.dataPropertyAssertion(x("d"), .anonymous("_:genid1"), Literal("7", datatype: XSD.integer))),
         "[] :d 7 ."),
        ("NegativeDataPropertyAssertion", OWLAxiom(.negativeDataPropertyAssertion(x("d"), i("a"), Literal("x"))),
         "[ a owl:NegativePropertyAssertion ; owl:sourceIndividual :a ; owl:assertionProperty :d ; owl:targetValue \"x\" ] ."),
        // Annotation axioms.
        ("AnnotationAssertion", OWLAxiom(.annotationAssertion(property: RDFS.label, subject: .iri(x("A")), value: .literal(Literal("A", language: "en")))),
         ":A rdfs:label \"A\"@en ."),
        ("SubAnnotationPropertyOf", OWLAxiom(.subAnnotationPropertyOf(x("n"), RDFS.label)), ":n rdfs:subPropertyOf rdfs:label ."),
        ("AnnotationPropertyDomain", OWLAxiom(.annotationPropertyDomain(x("n"), x("A"))), ":n rdfs:domain :A ."),
        ("AnnotationPropertyRange", OWLAxiom(.annotationPropertyRange(x("n"), XSD.string)), ":n rdfs:range xsd:string ."),
        // Annotated axioms (2.3): reified with owl:Axiom, or annotated on their blank node.
        ("annotated SubClassOf", OWLAxiom(.subClassOf(c("A"), c("B")), annotations: [label]), """
         :A rdfs:subClassOf :B .
         [ a owl:Axiom ; owl:annotatedSource :A ; owl:annotatedProperty rdfs:subClassOf ; owl:annotatedTarget :B ; rdfs:label "note" ] .
         """),
        ("annotated annotation on an axiom",
         OWLAxiom(.declaration(OWLEntity(.class, x("A"))), annotations: [OWLAnnotation(property: RDFS.comment, value: .iri(x("src")), annotations: [label])]), """
         :A a owl:Class .
         _:ax a owl:Axiom ; owl:annotatedSource :A ; owl:annotatedProperty rdf:type ; owl:annotatedTarget owl:Class ; rdfs:comment :src .
         [ a owl:Annotation ; owl:annotatedSource _:ax ; owl:annotatedProperty rdfs:comment ; owl:annotatedTarget :src ; rdfs:label "note" ] .
         """),
        ("annotated EquivalentClasses of three reifies each triple", OWLAxiom(.equivalentClasses([c("A"), c("B"), c("C")]), annotations: [label]), """
         :A owl:equivalentClass :B . :B owl:equivalentClass :C .
         [ a owl:Axiom ; owl:annotatedSource :A ; owl:annotatedProperty owl:equivalentClass ; owl:annotatedTarget :B ; rdfs:label "note" ] .
         [ a owl:Axiom ; owl:annotatedSource :B ; owl:annotatedProperty owl:equivalentClass ; owl:annotatedTarget :C ; rdfs:label "note" ] .
         """),
        ("annotated DisjointClasses of three", OWLAxiom(.disjointClasses([c("A"), c("B"), c("C")]), annotations: [label]),
         "[ a owl:AllDisjointClasses ; owl:members ( :A :B :C ) ; rdfs:label \"note\" ] ."),
        ("annotated NegativeObjectPropertyAssertion", OWLAxiom(.negativeObjectPropertyAssertion(p("p"), i("a"), i("b")), annotations: [label]),
         "[ a owl:NegativePropertyAssertion ; owl:sourceIndividual :a ; owl:assertionProperty :p ; owl:targetIndividual :b ; rdfs:label \"note\" ] ."),
        ("annotated SubClassOf with an anonymous subject", OWLAxiom(.subClassOf(.objectSomeValuesFrom(p("p"), c("B")), c("A")), annotations: [label]), """
         _:r a owl:Restriction ; owl:onProperty :p ; owl:someValuesFrom :B ; rdfs:subClassOf :A .
         [ a owl:Axiom ; owl:annotatedSource _:r ; owl:annotatedProperty rdfs:subClassOf ; owl:annotatedTarget :A ; rdfs:label "note" ] .
         """),
    ]

    @Test("each axiom maps to the triples of the spec's tables", arguments: cases)
    func axiomMapping(name: String, axiom: OWLAxiom, expected: String) throws {
        let document = OWLOntologyDocument(ontologyIRI: x("o"), axioms: [axiom])
        let actual = document.rdfTriples()
        let wanted = try turtleTriples("<http://example.org/o> a owl:Ontology .\n" + expected)
        #expect(GraphIsomorphism.areIsomorphic(actual, wanted),
                "\(name): got\n\(actual.map { "\($0.subject.displayText) \($0.predicate.displayText) \($0.object.displayText)" }.joined(separator: "\n"))")
    }

    @Test("the header maps to owl:Ontology, owl:versionIRI, owl:imports and annotations (annotated ones with owl:Annotation)")
    func header() throws {
        let document = OWLOntologyDocument(
            ontologyIRI: x("o"), versionIRI: x("o/1.0"), imports: [x("other")],
            annotations: [OWLAnnotation(property: RDFS.comment, value: .literal(Literal("c")), annotations: [label])])
        let wanted = try turtleTriples("""
            :o a owl:Ontology ; owl:versionIRI <http://example.org/o/1.0> ; owl:imports :other ; rdfs:comment "c" .
            [ a owl:Annotation ; owl:annotatedSource :o ; owl:annotatedProperty rdfs:comment ; owl:annotatedTarget "c" ; rdfs:label "note" ] .
            """)
        #expect(GraphIsomorphism.areIsomorphic(document.rdfTriples(), wanted))
    }

    @Test("an ontology without an IRI is a blank node; one anonymous individual is one blank node; duplicates collapse")
    func anonymousNodes() throws {
        let document = OWLOntologyDocument(axioms: [
            OWLAxiom(.declaration(OWLEntity(.class, x("A")))),
            OWLAxiom(.declaration(OWLEntity(.class, x("A")))),
            OWLAxiom(.classAssertion(c("A"), .anonymous("n1"))),
            OWLAxiom(.dataPropertyAssertion(x("d"), .anonymous("n1"), Literal("v"))),
        ])
        let wanted = try turtleTriples("[] a owl:Ontology . :A a owl:Class . _:n a :A ; :d \"v\" .")
        let actual = document.rdfTriples()
        #expect(actual.count == 4)
        #expect(GraphIsomorphism.areIsomorphic(actual, wanted))
    }
}
