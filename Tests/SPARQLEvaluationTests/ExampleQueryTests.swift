import Foundation
import RDFModel
import RDFParsing
import RDFStore
import SPARQLEvaluation
import SPARQLSyntax
import TestSupport
import Testing

/// Runs every query in `queries/` against the bundled ontology and checks its answer with an independent
/// computation over the store (plain triple lookups and graph walks, no SPARQL).
@Suite("Example queries")
struct ExampleQueryTests {
    static let panet = "http://purl.org/pan-science/PaNET/"
    static let techniqueRoot = panet + "PaNET00001"
    static let specifierRoot = panet + "PaNET2000000"

    /// The bundled ontology and an index of its named hierarchy.
    struct Ontology {
        let store: TripleStore
        var parents: [String: Set<String>] = [:]
        var children: [String: Set<String>] = [:]

        init() throws {
            store = try TripleStore(loading: .file(TestPaths.bundledOntology))
            for triple in store.triples(predicate: .iri(RDFS.subClassOf)) {
                guard case .iri(let child) = triple.subject, case .iri(let parent) = triple.object else { continue }
                parents[child, default: []].insert(parent)
                children[parent, default: []].insert(child)
            }
        }

        func descendants(of root: String) -> Set<String> {
            var seen = Set<String>()
            var stack = [root]
            while let node = stack.popLast() {
                for child in children[node] ?? [] where seen.insert(child).inserted { stack.append(child) }
            }
            return seen
        }

        func ancestors(of node: String) -> Set<String> {
            var seen = Set<String>()
            var stack = [node]
            while let current = stack.popLast() {
                for parent in parents[current] ?? [] where seen.insert(parent).inserted { stack.append(parent) }
            }
            return seen
        }

        func objects(_ subject: String, _ predicate: String) -> [Term] {
            store.triples(subject: .iri(subject), predicate: .iri(predicate)).map(\.object)
        }

        func strings(_ subject: String, _ predicate: String) -> [String] {
            objects(subject, predicate).compactMap { $0.literalValue?.lexicalForm }
        }
    }

    static let ontology = Result { try Ontology() }

    func run(_ name: String) throws -> QueryResult {
        let path = TestPaths.repositoryRoot.appendingPathComponent("queries/\(name)").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let query = try SPARQLParser.parse(query: text, baseIRI: IRIFilePath.absoluteFileIRI(path))
        return try QueryEngine.evaluate(query, on: try Self.ontology.get().store)
    }

    func rows(_ name: String) throws -> [[String: Term]] {
        guard case .solutions(let table) = try run(name) else { throw SPARQLEvaluationError.unsupported("not SELECT") }
        return table.rows.map { row in
            var result: [String: Term] = [:]
            for (variable, term) in zip(table.variables, row) { if let term { result[variable] = term } }
            return result
        }
    }

    func iris(_ rows: [[String: Term]], _ variable: String) -> Set<String> {
        Set(rows.compactMap { $0[variable]?.iriString })
    }

    func int(_ term: Term?) -> Int? { term?.literalValue.flatMap { Int($0.lexicalForm) } }

    @Test("every query file has a test and a description")
    func everyQueryIsDocumented() throws {
        let directory = TestPaths.repositoryRoot.appendingPathComponent("queries")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".rq") }
        #expect(files.count >= 12)
        let readme = try String(contentsOf: directory.appendingPathComponent("README.md"), encoding: .utf8)
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            #expect(text.hasPrefix("#"), "\(file) starts with a comment")
            #expect(readme.contains("`\(file)`"), "\(file) is listed in queries/README.md")
        }
    }

    @Test("count-triples counts every triple")
    func countTriples() throws {
        let ontology = try Self.ontology.get()
        #expect(int(try rows("count-triples.rq").first?["triples"]) == ontology.store.count)
        #expect(ontology.store.count == 4265)
    }

    @Test("named-classes lists every IRI typed owl:Class")
    func namedClasses() throws {
        let ontology = try Self.ontology.get()
        let expected = Set(ontology.store.triples(predicate: .iri(RDF.type), object: .iri(OWL.Class)).compactMap(\.subject.iriString))
        #expect(iris(try rows("named-classes.rq"), "class") == expected)
    }

    @Test("technique-acronyms finds the acronym synonyms of techniques")
    func acronyms() throws {
        let ontology = try Self.ontology.get()
        var expected = Set<String>()
        for technique in ontology.descendants(of: Self.techniqueRoot) {
            for alt in ontology.strings(technique, SKOS.altLabel)
            where !alt.contains(" ") && alt.filter({ $0.isUppercase && $0.isASCII }).count >= 2
                && ontology.strings(technique, RDFS.label).isEmpty == false {
                expected.insert(technique + " " + alt)
            }
        }
        let actual = Set(try rows("technique-acronyms.rq").map { ($0["technique"]?.iriString ?? "") + " " + ($0["acronym"]?.literalValue?.lexicalForm ?? "") })
        #expect(actual == expected)
        #expect(!actual.isEmpty)
    }

    @Test("techniques-without-definition lists techniques lacking IAO_0000115")
    func withoutDefinition() throws {
        let ontology = try Self.ontology.get()
        let expected = ontology.descendants(of: Self.techniqueRoot).filter { ontology.objects($0, OBO.iaoDefinition).isEmpty }
        #expect(iris(try rows("techniques-without-definition.rq"), "technique") == expected)
    }

    @Test("sub-techniques follows rdfs:subClassOf at any depth")
    func subTechniques() throws {
        let ontology = try Self.ontology.get()
        let parents = ontology.store.triples(predicate: .iri(RDFS.label), object: .literal("diffraction")).compactMap(\.subject.iriString)
        let expected = parents.reduce(into: Set<String>()) { $0.formUnion(ontology.descendants(of: $1)) }
        let actual = iris(try rows("sub-techniques.rq"), "sub")
        #expect(actual == expected)
        #expect(actual.count > 15)
    }

    @Test("shared-labels finds names used by both a technique and a specifier")
    func sharedLabels() throws {
        let ontology = try Self.ontology.get()
        func names(_ root: String) -> [String: Set<String>] {
            var result: [String: Set<String>] = [:]
            for node in ontology.descendants(of: root) {
                for name in ontology.strings(node, RDFS.label) + ontology.strings(node, SKOS.altLabel) {
                    result[name.lowercased(), default: []].insert(node)
                }
            }
            return result
        }
        let techniques = names(Self.techniqueRoot), specifiers = names(Self.specifierRoot)
        var expected = Set<String>()
        for (name, nodes) in techniques {
            for technique in nodes { for specifier in specifiers[name] ?? [] { expected.insert("\(name)|\(technique)|\(specifier)") } }
        }
        let actual = Set(try rows("shared-labels.rq").map {
            "\($0["name"]?.literalValue?.lexicalForm ?? "")|\($0["technique"]?.iriString ?? "")|\($0["specifier"]?.iriString ?? "")"
        })
        #expect(actual == expected)
    }

    @Test("depth-statistics summarises ancestor counts of techniques")
    func depthStatistics() throws {
        let ontology = try Self.ontology.get()
        let counts = ontology.descendants(of: Self.techniqueRoot).map { ontology.ancestors(of: $0).count }
        let row = try #require(try rows("depth-statistics.rq").first)
        #expect(int(row["techniques"]) == counts.count)
        #expect(int(row["minimum"]) == counts.min())
        #expect(int(row["maximum"]) == counts.max())
        let average = try #require(Double(row["average"]?.literalValue?.lexicalForm ?? ""))
        #expect(abs(average - Double(counts.reduce(0, +)) / Double(counts.count)) < 1e-9)
    }

    @Test("most-children ranks classes by direct subclasses")
    func mostChildren() throws {
        let ontology = try Self.ontology.get()
        let counts = ontology.children.mapValues(\.count)
        let result = try rows("most-children.rq")
        #expect(result.count == 10)
        #expect(int(result.first?["children"]) == counts.values.max())
        for row in result {
            #expect(int(row["children"]) == counts[row["class"]?.iriString ?? ""])
        }
    }

    @Test("leaf-techniques lists techniques without children")
    func leaves() throws {
        let ontology = try Self.ontology.get()
        let expected = ontology.descendants(of: Self.techniqueRoot).filter { (ontology.children[$0] ?? []).isEmpty }
        #expect(iris(try rows("leaf-techniques.rq"), "technique") == expected)
    }

    @Test("multiple-parents lists classes with several named superclasses")
    func multipleParents() throws {
        let ontology = try Self.ontology.get()
        let expected = Set(ontology.parents.filter { $0.value.count > 1 }.keys)
        let result = try rows("multiple-parents.rq")
        #expect(iris(result, "class") == expected)
        for row in result { #expect(int(row["parents"]) == ontology.parents[row["class"]?.iriString ?? ""]?.count) }
    }

    @Test("duplicate-labels finds labels shared by several classes")
    func duplicateLabels() throws {
        let ontology = try Self.ontology.get()
        var byName: [String: Set<Term>] = [:]
        for triple in ontology.store.triples(predicate: .iri(RDFS.label)) {
            if let text = triple.object.literalValue?.lexicalForm { byName[text.lowercased(), default: []].insert(triple.subject) }
        }
        let expected = Set(byName.filter { $0.value.count > 1 }.keys)
        let actual = Set(try rows("duplicate-labels.rq").compactMap { $0["name"]?.literalValue?.lexicalForm })
        #expect(actual == expected)
    }

    @Test("ontology-metadata reports the version and creators")
    func metadata() throws {
        let ontology = try Self.ontology.get()
        let row = try #require(try rows("ontology-metadata.rq").first)
        let subject = try #require(row["ontology"]?.iriString)
        #expect(row["version"]?.literalValue?.lexicalForm == ontology.strings(subject, OWL.versionInfo).first)
        #expect(int(row["creators"]) == ontology.objects(subject, "http://purl.org/dc/terms/creator").count)
    }

    @Test("named-hierarchy constructs the named subclass graph")
    func namedHierarchy() throws {
        let ontology = try Self.ontology.get()
        guard case .graph(let triples) = try run("named-hierarchy.rq") else {
            Issue.record("not a graph")
            return
        }
        let edges = ontology.parents.values.reduce(0) { $0 + $1.count }
        let labels = ontology.parents.keys.reduce(0) { $0 + ontology.objects($1, RDFS.label).count }
        #expect(triples.count == edges + labels)
    }

    @Test("hierarchy-has-cycle answers no for the bundled release")
    func acyclic() throws {
        let ontology = try Self.ontology.get()
        let cyclic = ontology.parents.keys.contains { ontology.ancestors(of: $0).contains($0) }
        #expect(try run("hierarchy-has-cycle.rq") == .boolean(cyclic))
        #expect(!cyclic)
    }
}
