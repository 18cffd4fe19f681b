import Foundation
import TestSupport
import Testing

/// The term commands on PaNET 1.3.0: own classes only, twins told apart, failures visible to scripts.
@Suite("term commands")
struct TermCommandTests {
    func run(_ arguments: [String]) throws -> ProcessResult {
        try PanetProcess.run(arguments, environment: ["PANET_NO_CACHE": "1"])
    }

    func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    @Test("roots and the tree list PaNET's two roots, not foaf:Person")
    func roots() throws {
        let roots = try run(["roots", "--format", "json"])
        #expect(roots.status == 0)
        let ids = try #require(try json(roots.standardOutput) as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(ids == ["PaNET00001", "PaNET2000000"])
        let tree = try run(["tree", "--depth", "0", "--format", "tsv"])
        #expect(tree.standardOutput.split(separator: "\n").count == 3, "\(tree.standardOutput)")
        #expect(!tree.standardOutput.contains("foaf") && !tree.standardOutput.contains("Person"))
    }

    @Test("Wikidata's Q133900 is no parent and no step of a path; lookup lists it as an equivalent")
    func foreignEquivalent() throws {
        let parents = try run(["parents", "XRD", "--format", "tsv"])
        #expect(parents.status == 0)
        #expect(!parents.standardOutput.contains("Q133900"))
        #expect(parents.standardOutput.split(separator: "\n").count == 3)
        let path = try run(["path", "ptychography"])
        #expect(path.standardOutput.split(separator: "\n").count == 5)
        #expect(!path.standardOutput.contains("Q133900"))
        let lookup = try run(["lookup", "PaNET01022"])
        #expect(lookup.standardOutput.contains("equivalent to      https://www.wikidata.org/wiki/Q133900"))
        let foreign = try run(["lookup", "https://www.wikidata.org/wiki/Q133900", "--format", "json"])
        let object = try #require(try json(foreign.standardOutput) as? [String: Any])
        #expect(object["kind"] as? String == "foreign")
        #expect(foreign.standardError.contains("not one of the ontology's own classes; it is equivalent to diffraction (PaNET01022)"))
        let expanded = try run(["expand", "https://www.wikidata.org/wiki/Q133900"])
        #expect(expanded.standardOutput.split(separator: "\n").first == "PaNET01022")
        #expect(!expanded.standardOutput.contains("Q133900"))
    }

    @Test("any ontology: a foreign superclass is no root and no parent, but lookup shows the mapping")
    func foreignMapping() throws {
        let path = try TestPaths.writeTemporaryFile("""
            @prefix : <http://example.org/onto/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            <http://example.org/onto.owl> a owl:Ontology .
            :Root a owl:Class ; rdfs:label "root" .
            :A a owl:Class ; rdfs:label "alpha" ; rdfs:subClassOf :Root , <http://www.wikidata.org/entity/Q1> .
            :B a owl:Class ; rdfs:label "beta" ; <http://www.w3.org/2004/02/skos/core#altLabel> "B1" .
            <http://www.wikidata.org/entity/Q1> a owl:Class ; rdfs:label "wiki thing" ;
                <http://www.w3.org/2004/02/skos/core#altLabel> "WT" .
            """, named: "foreign-mapping.ttl")
        let roots = try run(["roots", "--ontology", path, "--format", "tsv"])
        #expect(roots.standardOutput == "id\tlabel\tiri\nB\tbeta\thttp://example.org/onto/B\nRoot\troot\thttp://example.org/onto/Root\n")
        let lookup = try run(["lookup", "alpha", "--ontology", path, "--format", "json"])
        let object = try #require(try json(lookup.standardOutput) as? [String: Any])
        #expect((object["parents"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["Root"])
        #expect((object["foreign_parents"] as? [[String: Any]])?.compactMap { $0["iri"] as? String }
                == ["http://www.wikidata.org/entity/Q1"])
        let synonyms = try run(["export", "synonyms", "--ontology", path])
        #expect(synonyms.standardOutput.split(separator: "\n").dropFirst() == ["beta, b1"])
    }

    @Test("search and lookup --all tell the technique from its specifier twin")
    func twins() throws {
        let search = try run(["search", "diffraction", "--limit", "2", "--format", "tsv"])
        let rows = search.standardOutput.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        #expect(rows.first?.last == "kind")
        #expect(Set(rows.dropFirst().map { String($0[1]) + " " + String($0.last ?? "") })
                == ["PaNET01022 technique", "PaNET2020018 specifier"])
        let all = try run(["lookup", "diffraction", "--all", "--format", "json"])
        let records = try #require(try json(all.standardOutput) as? [[String: Any]])
        #expect(records.compactMap { $0["kind"] as? String } == ["technique", "specifier", "technique"])
        let table = try run(["lookup", "diffraction", "--all"])
        let kinds = table.standardOutput.split(separator: "\n").filter { $0.hasPrefix("kind ") }
            .map { $0.split(separator: " ").last.map(String.init) ?? "" }
        #expect(kinds == ["technique", "specifier", "technique"])
    }

    @Test("the ambiguity note offers --all only where the command has it")
    func ambiguityNote() throws {
        let lookup = try run(["lookup", "diffraction"])
        #expect(lookup.standardError.contains("--all lists every match"))
        for command in ["parents", "children", "path"] {
            let result = try run([command, "diffraction"])
            #expect(result.status == 0)
            #expect(result.standardError.contains("is ambiguous; using PaNET01022"))
            #expect(!result.standardError.contains("--all"), "\(command): \(result.standardError)")
        }
    }

    @Test("an unknown term with --format json prints a JSON error object and exits 1")
    func unknownTermJSON() throws {
        for command in ["lookup", "parents", "path", "tree", "expand"] {
            let result = try run([command, "foo", "--format", "json"])
            #expect(result.status == 1, "\(command)")
            let object = try #require(try json(result.standardOutput) as? [String: Any], "\(command): \(result.standardOutput)")
            let error = try #require(object["error"] as? [String: Any])
            #expect(error["message"] as? String == "unknown term 'foo'")
            #expect(error["term"] as? String == "foo")
            #expect(error["suggestions"] is [Any])
            #expect(result.standardError.contains("unknown term 'foo'"))
        }
        let table = try run(["lookup", "foo"])
        #expect(table.status == 1 && table.standardOutput.isEmpty)
    }

    @Test("expand --where names the names that matched nothing on stderr")
    func unresolvedWhere() throws {
        let result = try run(["expand", "--where", #"{"or":[{"name":"unknownthing"},{"name":"SAXS"},{"pid":"nope"}]}"#])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("PaNET01188"))
        #expect(result.standardError.contains("no technique matches 'unknownthing', 'nope'"))
        let resolved = try run(["expand", "--where", #"{"name":"SAXS"}"#])
        #expect(resolved.standardError.isEmpty)
    }

    @Test("a mistyped subcommand gets a suggestion and exit 64; an unknown one with --help too")
    func unknownSubcommand() throws {
        let typo = try run(["lokup", "SAXS"])
        #expect(typo.status == 64)
        #expect(typo.standardError.contains("unknown command 'lokup'; did you mean 'lookup'?"))
        #expect(typo.standardOutput.isEmpty)
        let help = try run(["show", "--help"])
        #expect(help.status == 64)
        #expect(help.standardError.contains("unknown command 'show'"))
        #expect(help.standardOutput.isEmpty)
        #expect(try run(["--help"]).status == 0)
        #expect(try run(["help", "lookup"]).status == 0)
        #expect(try run(["lookup", "--help"]).status == 0)
    }

    @Test("expand --format es and panosc end with a newline")
    func expandNewline() throws {
        for format in ["es", "panosc", "json", "ids", "iris"] {
            let result = try run(["expand", "SAXS", "--format", format])
            #expect(result.status == 0)
            #expect(result.standardOutput.hasSuffix("}\n") || result.standardOutput.hasSuffix("]\n")
                    || result.standardOutput.hasSuffix("PaNET01287\n"), "\(format)")
        }
    }
}
