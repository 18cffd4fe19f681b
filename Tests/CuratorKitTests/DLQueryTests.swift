import CuratorKit
import Foundation
import OntologyKit
import RDFParsing
import RDFStore
import TestSupport
import Testing

/// DL queries must answer what classifying the expression as a named class answers.
@Suite("DL query")
struct DLQueryTests {
    static let unreasonedPath = "ontology/unreasoned/PaNET-1.3.0-unreasoned.owl"

    static func load(_ turtle: String) throws -> ClassifiedOntology {
        ClassifiedOntology(ontology: Ontology(store: try TripleStore(loading: .text(turtle, name: "q.ttl"), format: .turtle)))
    }

    /// A random EL ontology over C0…C(n-1) and r0…r2: subclass links, existentials and definitions.
    static func randomTurtle(seed: UInt64, classes: Int) -> String {
        var g = SeededGenerator(state: seed)
        var text = """
            @prefix : <http://e/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            :r0 a owl:ObjectProperty . :r1 a owl:ObjectProperty . :r2 a owl:ObjectProperty .

            """
        for index in 0..<classes { text += ":C\(index) a owl:Class .\n" }
        func some(_ r: Int, _ c: Int) -> String { "[ a owl:Restriction ; owl:onProperty :r\(r) ; owl:someValuesFrom :C\(c) ]" }
        for _ in 0..<22 {
            let a = g.next(classes), b = g.next(classes), c = g.next(classes), r = g.next(3)
            switch g.next(6) {
            case 0, 1: text += ":C\(a) rdfs:subClassOf :C\(b) .\n"
            case 2: text += ":C\(a) rdfs:subClassOf \(some(r, b)) .\n"
            case 3: text += "\(some(r, a)) rdfs:subClassOf :C\(b) .\n"
            case 4: text += ":C\(a) owl:equivalentClass [ owl:intersectionOf ( :C\(b) \(some(r, c)) ) ] .\n"
            default: text += g.next(4) == 0 ? ":C\(a) owl:disjointWith :C\(b) .\n" : ":C\(a) rdfs:subClassOf :C\(c) .\n"
            }
        }
        return text
    }

    @Test("on random EL ontologies the answer equals classifying the expression as a named class",
          arguments: Array(UInt64(1)...UInt64(30)))
    func agreesWithNamedClass(seed: UInt64) throws {
        let classes = 9
        let base = Self.randomTurtle(seed: seed &* 6_700_417, classes: classes)
        var g = SeededGenerator(state: seed)
        let a = g.next(classes), b = g.next(classes), r = g.next(3)
        let manchester = "C\(a) and (r\(r) some C\(b))"
        let withQuery = base + ":Q a owl:Class ; owl:equivalentClass [ owl:intersectionOf ( :C\(a) "
            + "[ a owl:Restriction ; owl:onProperty :r\(r) ; owl:someValuesFrom :C\(b) ] ) ] .\n"
        let kb = try Self.load(base)
        let named = try Self.load(withQuery)
        let query = try #require(named.ontology.classID(of: "http://e/Q"))
        let expected = named.classification.completeHierarchy
        func iris(_ ids: [ClassID], _ kb: ClassifiedOntology) -> Set<String> { Set(ids.map { kb.ontology[$0].iri }) }
        for all in [true, false] {
            let placement = kb.place(try DLQuery.expression(manchester, in: kb), all: all)
            if named.classification.unsatisfiable.contains(query) {
                #expect(!placement.isSatisfiable, "seed \(seed)")
                continue
            }
            #expect(placement.isSatisfiable, "seed \(seed)")
            let equivalents = iris(expected.equivalents[Int(query)], named)
            let supers = all ? iris(expected.superclasses[Int(query)], named).subtracting(equivalents)
                : iris(expected.parents[Int(query)], named)
            let subs = all ? iris(expected.descendants(of: query), named).subtracting(equivalents)
                : iris(expected.children[Int(query)], named)
            #expect(iris(placement.equivalents, kb) == equivalents, "seed \(seed) all \(all)")
            #expect(iris(placement.superclasses, kb) == supers, "seed \(seed) all \(all)")
            #expect(iris(placement.subclasses, kb) == subs, "seed \(seed) all \(all)")
        }
    }

    @Test("on PaNET a class's definition finds the class, its parents and its children; properties go by label")
    func panetDefinition() throws {
        try #require(TestPaths.hasShared, "../shared is missing")
        let kb = try ClassifiedOntology.load(path: TestPaths.shared(Self.unreasonedPath), useCache: false)
        let technique = try #require(kb.resolver.resolve("x-ray diffraction")?.classID)
        let placement = kb.place(try DLQuery.expression("'x-ray probe' and PaNET01022", in: kb))
        #expect(placement.isSatisfiable)
        #expect(placement.equivalents == [technique])
        #expect(Set(placement.superclasses) == Set(kb.hierarchy().parents[Int(technique)]))
        #expect(Set(placement.subclasses) == Set(kb.hierarchy().children[Int(technique)]))
        let diffraction = try #require(kb.ontology.classID(of: "http://purl.org/pan-science/PaNET/PaNET01022"))
        let byProperty = kb.place(try DLQuery.expression("'definedbyprocess' some PaNET2020018", in: kb))
        #expect(byProperty.equivalents == [diffraction])
    }

    @Test("unknown names, syntax errors and constructs outside EL are errors with positions")
    func errors() throws {
        let kb = try Self.load(Self.randomTurtle(seed: 3, classes: 4) + ":C0 <http://www.w3.org/2000/01/rdf-schema#label> \"alpha\" .\n")
        #expect(throws: DLQueryError.unknownName(expression: "C1 and (r0 some 'alpah')", position: 17, name: "alpah",
                                                 isProperty: false, suggestions: ["'alpha' (C0)"])) {
            try DLQuery.expression("C1 and (r0 some 'alpah')", in: kb)
        }
        #expect(throws: DLQueryError.unknownName(expression: "C1 and (r7 some C2)", position: 9, name: "r7",
                                                 isProperty: true, suggestions: [])) {
            try DLQuery.expression("C1 and (r7 some C2)", in: kb)
        }
        #expect(throws: DLQueryError.outsideEL(expression: "C1 and not C2", position: 8, construct: "not")) {
            try DLQuery.expression("C1 and not C2", in: kb)
        }
        #expect(throws: CuratorError.self) { try DLQuery.expression("C1 and (r0 some C2", in: kb) }
    }

    @Test("dl-query prints the placement; bad expressions exit 2 naming the position")
    func command() throws {
        try #require(TestPaths.hasShared, "../shared is missing")
        let path = TestPaths.shared(Self.unreasonedPath)
        let result = try PanetProcess.run(["dl-query", "'x-ray probe' and PaNET01022", "--format", "json", "--ontology", path])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(object["satisfiable"] as? Bool == true)
        #expect((object["equivalents"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["PaNET01216"])
        let unknown = try PanetProcess.run(["dl-query", "'x-ray probe' and 'difraction'", "--ontology", path])
        #expect(unknown.status == 2)
        #expect(unknown.standardOutput.isEmpty)
        #expect(unknown.standardError.contains("character 19: no class named 'difraction'; did you mean"))
        let syntax = try PanetProcess.run(["dl-query", "'x-ray probe' and (", "--ontology", path])
        #expect(syntax.status == 2)
        #expect(syntax.standardOutput.isEmpty)
    }
}
