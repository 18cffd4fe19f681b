import RDFModel
import SPARQLSyntax
import Testing

@Suite("SPARQL parser")
struct ParserTests {
    func parse(_ text: String) throws -> Query { try SPARQLParser.parse(query: text) }

    @Test("a syntax error reports line and column")
    func syntaxErrorPosition() {
        let error = #expect(throws: SPARQLSyntaxError.self) {
            _ = try parse("SELECT *\nWHERE {\n  ?s ?p \n}")
        }
        #expect(error?.line == 4)
        #expect(error?.column == 1)
        #expect(error.map { "\($0)" }?.contains("4:1") == true)
    }

    @Test("an undeclared prefix is named in the error")
    func unknownPrefix() {
        let error = #expect(throws: SPARQLSyntaxError.self) {
            _ = try parse("SELECT * WHERE { ?s ex:p ?o }")
        }
        guard case .undefinedPrefix(let prefix, let line, let column)? = error else {
            Issue.record("expected undefinedPrefix, got \(String(describing: error))")
            return
        }
        #expect(prefix == "ex" && line == 1 && column == 21)
    }

    @Test("an unterminated string is an invalid token")
    func unterminatedString() {
        #expect(throws: SPARQLSyntaxError.self) { _ = try parse("SELECT * WHERE { ?s ?p \"abc }") }
    }

    @Test("'a' abbreviates rdf:type and prefixes expand")
    func typeShorthand() throws {
        let query = try parse("PREFIX ex: <http://example.org/> SELECT ?s WHERE { ?s a ex:C }")
        guard case .project(.bgp(let patterns), let variables) = query.algebra else {
            Issue.record("unexpected algebra \(query.algebra)")
            return
        }
        #expect(variables == ["s"])
        #expect(patterns == [TriplePattern(.variable("s"), .term(.iri(RDF.type)), .term(.iri("http://example.org/C")))])
    }

    @Test("BASE resolves relative IRIs")
    func baseResolution() throws {
        let query = try parse("BASE <http://example.org/a/> SELECT * WHERE { <b> <../c> ?o }")
        guard case .project(.bgp(let patterns), _) = query.algebra else {
            Issue.record("unexpected algebra")
            return
        }
        #expect(patterns.first?.subject == .term(.iri("http://example.org/a/b")))
        #expect(patterns.first?.predicate == .term(.iri("http://example.org/c")))
    }

    @Test("a collection becomes rdf:first / rdf:rest triples")
    func collections() throws {
        let query = try parse("SELECT * WHERE { ?s <http://p> (1 2) }")
        guard case .project(.bgp(let patterns), _) = query.algebra else {
            Issue.record("unexpected algebra")
            return
        }
        #expect(patterns.count == 5)
        #expect(patterns.contains { $0.object == .term(.iri(RDF.nil)) })
    }

    @Test("a property path sequence is split into triple patterns")
    func pathSequence() throws {
        let query = try parse("SELECT * WHERE { ?s <http://p>/<http://q> ?o }")
        guard case .project(.bgp(let patterns), _) = query.algebra else {
            Issue.record("unexpected algebra \(query.algebra)")
            return
        }
        #expect(patterns.count == 2)
    }

    @Test("closures and negated property sets stay path patterns")
    func pathOperators() throws {
        let query = try parse("SELECT * WHERE { ?s (<http://p>|^<http://q>)+ ?o . ?o !(<http://r>|^<http://s>) ?z }")
        var paths: [PropertyPath] = []
        func collect(_ algebra: Algebra) {
            switch algebra {
            case .path(_, let path, _): paths.append(path)
            case .join(let a, let b): collect(a); collect(b)
            case .project(let a, _): collect(a)
            default: break
            }
        }
        collect(query.algebra)
        #expect(paths.contains(.oneOrMore(.alternative(.predicate("http://p"), .inverse(.predicate("http://q"))))))
        #expect(paths.contains(.negated(forward: ["http://r"], inverse: ["http://s"])))
    }

    @Test("aggregates become a group with internal variables")
    func aggregates() throws {
        let query = try parse("SELECT ?g (COUNT(DISTINCT ?x) AS ?n) (GROUP_CONCAT(?x; SEPARATOR=\", \") AS ?all) WHERE { ?g <http://p> ?x } GROUP BY ?g")
        var found: [AggregateBinding] = []
        func walk(_ algebra: Algebra) {
            switch algebra {
            case .group(_, _, let aggregates): found = aggregates
            case .project(let a, _), .extend(let a, _, _): walk(a)
            default: break
            }
        }
        walk(query.algebra)
        #expect(found.count == 2)
        #expect(found.first?.aggregate.distinct == true)
        #expect(found.last?.aggregate.separator == ", ")
    }

    @Test("a projected variable outside GROUP BY is rejected")
    func ungroupedVariable() {
        let error = #expect(throws: SPARQLSyntaxError.self) {
            _ = try parse("SELECT ?x (COUNT(*) AS ?n) WHERE { ?x ?p ?o }")
        }
        guard case .ungroupedVariable("x", _, _)? = error else {
            Issue.record("expected ungroupedVariable, got \(String(describing: error))")
            return
        }
    }

    @Test("BIND to a variable already in scope is rejected")
    func bindScope() {
        #expect(throws: SPARQLSyntaxError.self) {
            _ = try parse("SELECT * WHERE { ?s ?p ?o BIND(1 AS ?o) }")
        }
    }

    @Test("an aggregate inside FILTER is rejected")
    func aggregateInFilter() {
        #expect(throws: SPARQLSyntaxError.self) {
            _ = try parse("SELECT * WHERE { ?s ?p ?o FILTER(COUNT(?o) > 1) }")
        }
    }

    @Test("a blank node label used in two basic graph patterns is rejected")
    func blankNodeReuse() {
        #expect(throws: SPARQLSyntaxError.self) {
            _ = try parse("SELECT * WHERE { _:a ?p ?o OPTIONAL { _:a ?q ?z } }")
        }
    }

    @Test("VALUES rows must match the variable list")
    func valuesArity() {
        #expect(throws: SPARQLSyntaxError.self) {
            _ = try parse("SELECT * WHERE { VALUES (?a ?b) { (1) } }")
        }
    }

    @Test("numeric and boolean literals get XSD datatypes")
    func literals() throws {
        let query = try parse("SELECT * WHERE { VALUES ?v { 1 -2.5 3e2 true \"x\"@EN \"y\"^^<http://d> } }")
        guard case .project(.values(_, let rows), _) = query.algebra else {
            Issue.record("unexpected algebra")
            return
        }
        #expect(rows.map { $0[0] } == [
            .literal("1", datatype: XSD.integer), .literal("-2.5", datatype: XSD.decimal),
            .literal("3e2", datatype: XSD.double), .literal("true", datatype: XSD.boolean),
            .literal("x", language: "en"), .literal("y", datatype: "http://d"),
        ])
    }

    @Test("CONSTRUCT WHERE uses the pattern as template")
    func constructWhere() throws {
        let query = try parse("CONSTRUCT WHERE { ?s <http://p> ?o }")
        guard case .construct(let template) = query.form else {
            Issue.record("not a construct")
            return
        }
        #expect(template.count == 1)
    }

    @Test("keywords are case-insensitive")
    func caseInsensitiveKeywords() throws {
        _ = try parse("select distinct ?s where { ?s ?p ?o } order by desc(?s) limit 1 offset 2")
    }
}
