import OWLModel
import OWLParsing
import RDFModel
import Testing

/// One small ontology in OWL/XML and in the Functional Syntax, and the RDF graph the mapping
/// gives for it, written by hand in Turtle.
@Suite struct OWLSyntaxAgreementTests {
    static let owlXML = """
        <?xml version="1.0"?>
        <!-- a comment before the root -->
        <Ontology xmlns="http://www.w3.org/2002/07/owl#" xml:base="http://example.org/onto"
             xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#"
             ontologyIRI="http://example.org/onto" versionIRI="http://example.org/onto/1.0">
            <Prefix name="" IRI="http://example.org/onto#"/>
            <Prefix name="xsd" IRI="http://www.w3.org/2001/XMLSchema#"/>
            <Import>http://example.org/base</Import>
            <Annotation>
                <AnnotationProperty abbreviatedIRI="rdfs:comment"/>
                <Literal xml:lang="en">A &lt;small&gt; test &amp; more</Literal>
            </Annotation>
            <Declaration><Class IRI="#A"/></Declaration>
            <Declaration><Class abbreviatedIRI=":B"/></Declaration>
            <Declaration><ObjectProperty IRI="#p"/></Declaration>
            <Declaration><DataProperty IRI="#d"/></Declaration>
            <SubClassOf>
                <Annotation>
                    <AnnotationProperty abbreviatedIRI="rdfs:comment"/>
                    <Literal><![CDATA[why <this>]]></Literal>
                </Annotation>
                <Class IRI="#A"/>
                <ObjectSomeValuesFrom>
                    <ObjectInverseOf><ObjectProperty IRI="#p"/></ObjectInverseOf>
                    <Class IRI="#B"/>
                </ObjectSomeValuesFrom>
            </SubClassOf>
            <EquivalentClasses>
                <Class IRI="#C"/>
                <ObjectIntersectionOf>
                    <Class IRI="#A"/>
                    <ObjectMinCardinality cardinality="2"><ObjectProperty IRI="#p"/><Class IRI="#B"/></ObjectMinCardinality>
                    <DataSomeValuesFrom>
                        <DataProperty IRI="#d"/>
                        <DatatypeRestriction>
                            <Datatype abbreviatedIRI="xsd:integer"/>
                            <FacetRestriction facet="http://www.w3.org/2001/XMLSchema#maxExclusive">
                                <Literal datatypeIRI="http://www.w3.org/2001/XMLSchema#integer">10</Literal>
                            </FacetRestriction>
                        </DatatypeRestriction>
                    </DataSomeValuesFrom>
                </ObjectIntersectionOf>
            </EquivalentClasses>
            <DisjointClasses><Class IRI="#A"/><Class IRI="#B"/><Class IRI="#C"/></DisjointClasses>
            <SubObjectPropertyOf>
                <ObjectPropertyChain><ObjectProperty IRI="#p"/><ObjectProperty IRI="#q"/></ObjectPropertyChain>
                <ObjectProperty IRI="#p"/>
            </SubObjectPropertyOf>
            <TransitiveObjectProperty><ObjectProperty IRI="#q"/></TransitiveObjectProperty>
            <HasKey><Class IRI="#A"/><ObjectProperty IRI="#p"/><DataProperty IRI="#d"/></HasKey>
            <ClassAssertion><Class IRI="#A"/><AnonymousIndividual nodeID="x1"/></ClassAssertion>
            <NegativeDataPropertyAssertion>
                <DataProperty IRI="#d"/><NamedIndividual IRI="#i"/><Literal datatypeIRI="http://www.w3.org/2001/XMLSchema#integer">3</Literal>
            </NegativeDataPropertyAssertion>
            <AnnotationAssertion>
                <AnnotationProperty abbreviatedIRI="rdfs:label"/>
                <IRI>#A</IRI>
                <Literal xml:lang="EN">Ä &#x263A; &#65;</Literal>
            </AnnotationAssertion>
            <AnnotationAssertion>
                <AnnotationProperty abbreviatedIRI="rdfs:seeAlso"/>
                <AbbreviatedIRI>:A</AbbreviatedIRI>
                <AnonymousIndividual nodeID="x1"/>
            </AnnotationAssertion>
        </Ontology>
        """

    static let functional = """
        # written as ROBOT writes it
        Prefix(:=<http://example.org/onto#>)
        Prefix(rdfs:=<http://www.w3.org/2000/01/rdf-schema#>)
        Prefix(xsd:=<http://www.w3.org/2001/XMLSchema#>)

        Ontology(<http://example.org/onto> <http://example.org/onto/1.0>
        Import(<http://example.org/base>)
        Annotation(rdfs:comment "A <small> test & more"@en)

        Declaration(Class(:A))
        Declaration(Class(:B))
        Declaration(ObjectProperty(:p))
        Declaration(DataProperty(<http://example.org/onto#d>))
        SubClassOf(Annotation(rdfs:comment "why <this>") :A ObjectSomeValuesFrom(ObjectInverseOf(:p) :B))
        EquivalentClasses(:C ObjectIntersectionOf(:A ObjectMinCardinality(2 :p :B)
            DataSomeValuesFrom(:d DatatypeRestriction(xsd:integer xsd:maxExclusive "10"^^xsd:integer))))
        DisjointClasses(:A :B :C)
        SubObjectPropertyOf(ObjectPropertyChain(:p :q) :p)
        TransitiveObjectProperty(:q)
        HasKey(:A (:p) (:d))
        ClassAssertion(:A _:x1)
        NegativeDataPropertyAssertion(:d :i "3"^^xsd:integer)
        AnnotationAssertion(rdfs:label :A "Ä ☺ A"@en) # a trailing comment
        AnnotationAssertion(rdfs:seeAlso :A _:x1)
        )
        """

    static let expectedTurtle = """
        @prefix : <http://example.org/onto#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

        <http://example.org/onto> a owl:Ontology ;
            owl:versionIRI <http://example.org/onto/1.0> ;
            owl:imports <http://example.org/base> ;
            rdfs:comment "A <small> test & more"@en .
        :A a owl:Class . :B a owl:Class . :p a owl:ObjectProperty . :d a owl:DatatypeProperty .
        :A rdfs:subClassOf _:some .
        _:some a owl:Restriction ; owl:onProperty [ owl:inverseOf :p ] ; owl:someValuesFrom :B .
        [ a owl:Axiom ; owl:annotatedSource :A ; owl:annotatedProperty rdfs:subClassOf ; owl:annotatedTarget _:some ;
          rdfs:comment "why <this>" ] .
        :C owl:equivalentClass [ a owl:Class ; owl:intersectionOf ( :A
            [ a owl:Restriction ; owl:onProperty :p ; owl:minQualifiedCardinality "2"^^xsd:nonNegativeInteger ; owl:onClass :B ]
            [ a owl:Restriction ; owl:onProperty :d ; owl:someValuesFrom [ a rdfs:Datatype ; owl:onDatatype xsd:integer ;
                owl:withRestrictions ( [ xsd:maxExclusive 10 ] ) ] ] ) ] .
        [ a owl:AllDisjointClasses ; owl:members ( :A :B :C ) ] .
        :p owl:propertyChainAxiom ( :p :q ) .
        :q a owl:TransitiveProperty .
        :A owl:hasKey ( :p :d ) .
        _:x a :A .
        [ a owl:NegativePropertyAssertion ; owl:sourceIndividual :i ; owl:assertionProperty :d ; owl:targetValue 3 ] .
        :A rdfs:label "Ä ☺ A"@en .
        :A rdfs:seeAlso _:x .
        """

    @Test("OWL/XML and the Functional Syntax give the same model and the hand-written RDF graph")
    func agreement() throws {
        let fromXML = try readOWLXML(Self.owlXML)
        let fromOFN = try readOFN(Self.functional)
        #expect(fromXML.axioms == fromOFN.axioms)
        #expect(fromXML.annotations == fromOFN.annotations)
        #expect(fromXML.axioms.count == 14)
        let expected = try turtleTriples(Self.expectedTurtle)
        #expect(GraphIsomorphism.areIsomorphic(fromXML.rdfTriples(), fromOFN.rdfTriples()))
        #expect(GraphIsomorphism.areIsomorphic(fromXML.rdfTriples(), expected))
        #expect(GraphIsomorphism.areIsomorphic(fromOFN.rdfTriples(), expected))
    }

    @Test("xml:base on an inner element and the caller's base resolve relative IRIs")
    func nestedBase() throws {
        let document = try readOWLXML("""
            <Ontology xmlns="http://www.w3.org/2002/07/owl#">
              <Declaration xml:base="http://other.org/dir/"><Class IRI="../X"/></Declaration>
              <Declaration><Class IRI="Y"/></Declaration>
            </Ontology>
            """, baseIRI: "http://example.org/a/b")
        #expect(document.ontologyIRI == nil)
        #expect(document.axioms == [OWLAxiom(.declaration(OWLEntity(.class, "http://other.org/X"))),
                                    OWLAxiom(.declaration(OWLEntity(.class, "http://example.org/a/Y")))])
    }

    @Test("Functional Syntax: every data range, inverse assertions, n-ary data restrictions and unusual spacing")
    func functionalConstructs() throws {
        let document = try readOFN("""
            Prefix(:=<http://e.org/>)Ontology(
            DataPropertyRange(:d DataUnionOf(DataOneOf("a" "b\\"c") DataComplementOf(xsd:integer)))
            SubClassOf(:A DataAllValuesFrom(:d :e DataIntersectionOf(xsd:integer xsd:decimal)))
            ObjectPropertyAssertion(ObjectInverseOf(:p) :a :b)
            SubClassOf(:A ObjectExactCardinality(1 :p))
            DatatypeDefinition(:D xsd:integer)
            SameIndividual(:a :b)
            )
            """)
        #expect(document.axioms.map(\.content) == [
            .dataPropertyRange("http://e.org/d", .unionOf([.oneOf([Literal("a"), Literal("b\"c")]), .complementOf(.datatype(XSD.integer))])),
            .subClassOf(.class("http://e.org/A"), .dataAllValuesFrom(["http://e.org/d", "http://e.org/e"],
                                                                      .intersectionOf([.datatype(XSD.integer), .datatype(XSD.decimal)]))),
            .objectPropertyAssertion(.inverseOf("http://e.org/p"), .named("http://e.org/a"), .named("http://e.org/b")),
            .subClassOf(.class("http://e.org/A"), .objectCardinality(.exact, 1, .property("http://e.org/p"), filler: nil)),
            .datatypeDefinition("http://e.org/D", .datatype(XSD.integer)),
            .sameIndividual([.named("http://e.org/a"), .named("http://e.org/b")]),
        ])
    }
}
