import OntologyKit
import RDFParsing
import RDFStore
import Testing

/// Small hand-written ontologies, one per completion rule.
@Suite("EL classifier rules")
struct ReasonerRuleTests {
    static let header = """
        @prefix : <http://e/> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .

        """

    /// Classifies a Turtle ontology; every `:Name` mentioned is declared as a class.
    static func classify(_ body: String) throws -> (Ontology, Classification) {
        var declarations = ""
        let names = Set(body.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == ":") })
            .filter { $0.hasPrefix(":") && $0.count > 1 && $0.dropFirst().first!.isUppercase }.map(String.init))
        for name in names.sorted() { declarations += "\(name) a owl:Class .\n" }
        let store = try TripleStore(loading: .text(header + declarations + body, name: "test.ttl"), format: .turtle)
        let ontology = Ontology(store: store, source: "test.ttl")
        return (ontology, ontology.classify())
    }

    static func holds(_ ontology: Ontology, _ classification: Classification, _ sub: String, _ sup: String) -> Bool {
        guard let a = ontology.classID(of: "http://e/" + sub), let b = ontology.classID(of: "http://e/" + sup) else { return false }
        return classification.hierarchy.isSubclass(a, of: b)
    }

    @Test("told subsumptions are transitive")
    func transitivity() throws {
        let (o, c) = try Self.classify(":A rdfs:subClassOf :B . :B rdfs:subClassOf :C .")
        #expect(Self.holds(o, c, "A", "C"))
        #expect(!Self.holds(o, c, "C", "A"))
    }

    @Test("a definition by intersection classifies classes that have every conjunct")
    func conjunction() throws {
        let (o, c) = try Self.classify("""
            :XPD owl:equivalentClass [ owl:intersectionOf ( :XRay :Powder ) ] .
            :Special rdfs:subClassOf :XRay , :Powder .
            """)
        #expect(Self.holds(o, c, "Special", "XPD"))
        #expect(Self.holds(o, c, "XPD", "XRay") && Self.holds(o, c, "XPD", "Powder"))
    }

    @Test("existentials propagate through the filler's subsumers")
    func existential() throws {
        let (o, c) = try Self.classify("""
            :PhotonProbe owl:equivalentClass [ a owl:Restriction ; owl:onProperty :probe ; owl:someValuesFrom :Photon ] .
            :XRay rdfs:subClassOf :Photon .
            :XRD rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :probe ; owl:someValuesFrom :XRay ] .
            """)
        #expect(Self.holds(o, c, "XRD", "PhotonProbe"))
    }

    @Test("a class with many links (more than a short scan checks) gains every propagated subsumer")
    func manyLinks() throws {
        // :Hub has 40 existentials, over two roles where :sub ⊑ :r; each ∃r.Fi is defined as Di.
        var body = ":sub rdfs:subPropertyOf :r .\n"
        for index in 0..<40 {
            let role = index % 2 == 0 ? ":r" : ":sub"
            body += ":Hub rdfs:subClassOf [ a owl:Restriction ; owl:onProperty \(role) ; owl:someValuesFrom :F\(index) ] .\n"
            body += ":D\(index) owl:equivalentClass [ a owl:Restriction ; owl:onProperty :r ; owl:someValuesFrom :G\(index) ] .\n"
            body += ":F\(index) rdfs:subClassOf :G\(index) .\n"
        }
        body += ":Leaf rdfs:subClassOf :Hub .\n"
        let (o, c) = try Self.classify(body)
        let missing = (0..<40).flatMap { index in
            ["Hub", "Leaf"].filter { !Self.holds(o, c, $0, "D\(index)") }.map { "\($0) ⊑ D\(index)" }
        }
        #expect(missing.isEmpty, "not inferred: \(missing)")
        #expect(!Self.holds(o, c, "D0", "Hub"))
    }

    @Test("a conjunction completes whichever conjunct arrives last")
    func conjunctionOrder() throws {
        // :Popular is a conjunct of many definitions (the guard); ∃p.X is rare (the trigger). Both
        // orders of arrival must complete the definition.
        var body = ""
        for index in 0..<30 {
            body += ":Def\(index) owl:equivalentClass [ owl:intersectionOf ( :Popular [ a owl:Restriction ; owl:onProperty :p ; owl:someValuesFrom :X\(index) ] ) ] .\n"
        }
        body += """
            :GuardFirst rdfs:subClassOf :Popular , [ a owl:Restriction ; owl:onProperty :p ; owl:someValuesFrom :X3 ] .
            :TriggerFirst rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :p ; owl:someValuesFrom :Y ] .
            :Y rdfs:subClassOf :X7 .
            :TriggerFirst rdfs:subClassOf :Later .
            :Later rdfs:subClassOf :Popular .
            :NoGuard rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :p ; owl:someValuesFrom :X5 ] .

            """
        let (o, c) = try Self.classify(body)
        #expect(Self.holds(o, c, "GuardFirst", "Def3"))
        #expect(Self.holds(o, c, "TriggerFirst", "Def7"))
        #expect(!Self.holds(o, c, "NoGuard", "Def5"))
        #expect(!Self.holds(o, c, "GuardFirst", "Def4"))
    }

    @Test("nested intersections and existentials on both sides")
    func nested() throws {
        let (o, c) = try Self.classify("""
            :D owl:equivalentClass [ owl:intersectionOf ( :A [ a owl:Restriction ; owl:onProperty :r ;
                owl:someValuesFrom [ owl:intersectionOf ( :B [ a owl:Restriction ; owl:onProperty :s ; owl:someValuesFrom :C ] ) ] ] ) ] .
            :X rdfs:subClassOf :A , [ a owl:Restriction ; owl:onProperty :r ; owl:someValuesFrom :Y ] .
            :Y rdfs:subClassOf :B , [ a owl:Restriction ; owl:onProperty :s ; owl:someValuesFrom :Z ] .
            :Z rdfs:subClassOf :C .
            """)
        #expect(Self.holds(o, c, "X", "D"))
        #expect(!Self.holds(o, c, "Y", "D"))
    }

    @Test("rdfs:domain makes every class with an r-successor a subclass of the domain")
    func domain() throws {
        let (o, c) = try Self.classify("""
            :probe rdfs:domain :Technique .
            :Imaging rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :probe ; owl:someValuesFrom :Photon ] .
            """)
        #expect(Self.holds(o, c, "Imaging", "Technique"))
    }

    @Test("rdfs:range adds the range to every filler of the property")
    func range() throws {
        let (o, c) = try Self.classify("""
            :probe rdfs:range :Particle .
            :ParticleProbe owl:equivalentClass [ a owl:Restriction ; owl:onProperty :probe ; owl:someValuesFrom :Particle ] .
            :T rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :probe ; owl:someValuesFrom :Neutron ] .
            """)
        #expect(Self.holds(o, c, "T", "ParticleProbe"))
    }

    @Test("sub-properties and property chains carry existentials upwards")
    func roles() throws {
        let (o, c) = try Self.classify("""
            :partOf rdfs:subPropertyOf :relatedTo .
            :Related owl:equivalentClass [ a owl:Restriction ; owl:onProperty :relatedTo ; owl:someValuesFrom :Thing1 ] .
            :A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :partOf ; owl:someValuesFrom :Thing1 ] .
            :located owl:propertyChainAxiom ( :partOf :in ) .
            :InLab owl:equivalentClass [ a owl:Restriction ; owl:onProperty :located ; owl:someValuesFrom :Lab ] .
            :Thing1 rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :in ; owl:someValuesFrom :Lab ] .
            :anc a owl:TransitiveProperty .
            :P rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :anc ; owl:someValuesFrom :Q ] .
            :Q rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :anc ; owl:someValuesFrom :R ] .
            :HasR owl:equivalentClass [ a owl:Restriction ; owl:onProperty :anc ; owl:someValuesFrom :R ] .
            """)
        #expect(Self.holds(o, c, "A", "Related"))
        #expect(Self.holds(o, c, "A", "InLab"))
        #expect(Self.holds(o, c, "P", "HasR"))
    }

    @Test("disjointness and owl:Nothing make classes unsatisfiable, also through existentials")
    func unsatisfiable() throws {
        let (o, c) = try Self.classify("""
            :Photon owl:disjointWith :Neutron .
            :Both rdfs:subClassOf :Photon , :Neutron .
            :Bad rdfs:subClassOf owl:Nothing .
            :UsesBoth rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :r ; owl:someValuesFrom :Both ] .
            :Fine rdfs:subClassOf :Photon .
            """)
        let names = Set(c.unsatisfiable.map { o[$0].shortID })
        #expect(names == ["Both", "Bad", "UsesBoth"])
        #expect(Self.holds(o, c, "Fine", "Photon"))
    }

    @Test("an individual in an unsatisfiable class, or owl:Thing ⊑ owl:Nothing, makes the ontology inconsistent")
    func inconsistency() throws {
        let (_, consistent) = try Self.classify(":A owl:disjointWith :B . :Both rdfs:subClassOf :A , :B .")
        #expect(!consistent.isInconsistent, "an unsatisfiable class alone is not an inconsistency")
        let (_, withIndividual) = try Self.classify(":A owl:disjointWith :B . :Both rdfs:subClassOf :A , :B . :x a :Both .")
        #expect(withIndividual.inconsistencies.count == 1)
        let (_, empty) = try Self.classify("owl:Thing rdfs:subClassOf owl:Nothing . :A rdfs:subClassOf :B .")
        #expect(empty.inconsistencies.contains("owl:Thing is unsatisfiable"))
    }

    @Test("a subClassOf cycle means equivalence, not a hang")
    func cycles() throws {
        let (o, c) = try Self.classify(":A rdfs:subClassOf :B . :B rdfs:subClassOf :C . :C rdfs:subClassOf :A . :D rdfs:subClassOf :B .")
        #expect(c.equivalenceSets.map { $0.map { o[$0].shortID }.sorted() } == [["A", "B", "C"]])
        #expect(Self.holds(o, c, "D", "A"))
        let d = try #require(o.classID(of: "http://e/D"))
        #expect(c.hierarchy.parents[Int(d)].count == 3, "every class of the cycle is a direct parent")
    }

    @Test("descendants are every strict subclass, through cycles and equivalents, in both hierarchies")
    func descendantsMatchSuperclassLists() throws {
        let (o, c) = try Self.classify("""
            :A rdfs:subClassOf :B . :B rdfs:subClassOf :A . :C rdfs:subClassOf :B . :E rdfs:subClassOf :C .
            :F owl:equivalentClass :C . :G rdfs:subClassOf :F . :H rdfs:subClassOf :A .
            """)
        let kb = ClassifiedOntology(ontology: o)
        _ = c
        for hierarchy in [kb.hierarchy(), kb.hierarchy(asserted: true)] {
            for id in o.classIDs {
                let expected = o.classIDs.filter { other in
                    other != id && !hierarchy.equivalents[Int(id)].contains(other) && hierarchy.superclasses[Int(other)].contains(id)
                }
                #expect(hierarchy.descendants(of: id) == expected, "\(o[id].shortID)")
            }
        }
        let a = try #require(o.classID(of: "http://e/A"))
        #expect(kb.hierarchy().descendants(of: a).map { o[$0].shortID } == ["C", "E", "F", "G", "H"])
    }

    @Test("unions on the left are split; other constructs are counted as ignored")
    func unionsAndIgnored() throws {
        let (o, c) = try Self.classify("""
            [ owl:unionOf ( :A :B ) ] rdfs:subClassOf :C .
            :D rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :r ; owl:allValuesFrom :C ] .
            :E rdfs:subClassOf [ owl:complementOf :C ] .
            :F owl:equivalentClass [ owl:unionOf ( :A :B ) ] .
            """)
        #expect(Self.holds(o, c, "A", "C") && Self.holds(o, c, "B", "C"))
        #expect(Self.holds(o, c, "A", "F"))
        #expect(c.ignored["owl:allValuesFrom"] == 1)
        #expect(c.ignored["owl:complementOf"] == 1)
    }

    @Test("direct parents are the transitive reduction")
    func reduction() throws {
        let (o, c) = try Self.classify(":A rdfs:subClassOf :B , :C . :B rdfs:subClassOf :C .")
        let a = try #require(o.classID(of: "http://e/A"))
        #expect(c.hierarchy.parents[Int(a)].map { o[$0].shortID } == ["B"])
    }
}
