import CuratorKit
@testable import MappingKit
import OntologyKit
import RDFModel
import RDFParsing
import RDFStore
import Testing
import TestSupport

/// A small ontology: `alpha` (current), `beta` (deprecated, replaced by alpha).
let miniOntologyTurtle = """
    @prefix owl: <http://www.w3.org/2002/07/owl#> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix ex: <http://example.org/onto/> .
    ex:A a owl:Class ; rdfs:label "alpha" .
    ex:B a owl:Class ; rdfs:label "beta" ; owl:deprecated true ;
        <http://purl.obolibrary.org/obo/IAO_0100001> ex:A .
    """

/// A header declaring `ex`, `wd`, `orcid`; license and mapping_set_id given.
let miniHeader = """
    # curie_map:
    #   ex: http://example.org/onto/
    #   wd: http://example.org/other/
    #   orcid: https://orcid.org/
    # mapping_set_id: https://example.org/set.sssom.tsv
    # license: https://creativecommons.org/licenses/by/4.0/
    subject_id\tsubject_label\tpredicate_id\tobject_id\tobject_label\tmapping_justification\tconfidence

    """

func miniOntology() throws -> Ontology {
    Ontology(store: try TripleStore(loading: .text(miniOntologyTurtle, name: "mini.ttl"), format: .turtle))
}

/// Findings for a table of rows below `miniHeader` (rows start at line 8).
func findings(_ rows: String, header: String = miniHeader, ontology: Ontology? = nil) throws -> [MappingFinding] {
    let set = try SSSOMReader.parse(header + rows, source: "t.sssom.tsv")
    return MappingValidator(ontology: ontology).validate(set)
}

func summary(_ findings: [MappingFinding]) -> [String] {
    findings.map { "\($0.line) \($0.level.rawValue) \($0.rule.rawValue)" }
}

@Suite struct SSSOMReaderTests {
    @Test("the PaNET CSV shape: comma-padded header, continued description, line numbers")
    func readsPaNETCSV() throws {
        let set = try SSSOMReader.read(path: TestPaths.shared("mappings/mapping_WFL.csv"))
        #expect(set.curieMap.map(\.prefix) == ["panet", "rdf", "rdfs", "skos", "sssom", "wfl", "orcid", "semapv"])
        #expect(set.namespace(for: "wfl") == "https://www.wayforlight.eu/technique/")
        #expect(set.metadataValue("mapping_set_id") == "mapping_WFL_PaNET_v1.0.0")
        #expect(set.metadataValue("mapping_set_version") == "2025-11-12")
        #expect(set.metadataValue("mapping_set_description")
            == "Manually curated alignment of the PaNET ontology with wayforlight. Intended to be used for ontological analysis.")
        #expect(set.headerLine == 18)
        #expect(set.mappings.count == 151)
        #expect(set.mappings[0].line == 19)
        #expect(set.mappings[0]["subject_id"] == "panet:PaNET00410")
        #expect(set.mappings[0]["confidence"] == "1")
        #expect(set.columns.first == "subject_id" && set.columns.last == "confidence")
    }

    @Test("RFC 4180 quoting in CSV, and a quoted header cell")
    func readsQuotedCSV() throws {
        let text = """
            "# mapping_set_id: s, with a comma",,,
            # license: L,,,
            subject_id,subject_label,predicate_id,object_id,mapping_justification
            ex:1,"a, ""quoted"" label",skos:exactMatch,ex:2,semapv:ManualMappingCuration

            """
        let set = try SSSOMReader.parse(text, source: "q.csv")
        #expect(set.metadataValue("mapping_set_id") == "s, with a comma")
        #expect(set.mappings.count == 1)
        #expect(set.mappings[0]["subject_label"] == "a, \"quoted\" label")
        #expect(set.mappings[0].line == 4)
    }

    @Test("external metadata fills in what the file lacks; the file's own header wins")
    func mergesExternalMetadata() throws {
        let table = try Paths.write("# license: own\nsubject_id\tpredicate_id\tobject_id\tmapping_justification\nx:1\tskos:exactMatch\ty:2\tsemapv:LexicalMatching\n",
                                    named: "ext.sssom.tsv")
        let metadata = try Paths.write("curie_map:\n  x: http://x/\n  y: http://y/\nmapping_set_id: ext\nlicense: other\n",
                                       named: "ext.sssom.yml")
        let set = try SSSOMReader.read(path: table, metadataPath: metadata)
        #expect(set.metadataValue("license") == "own")
        #expect(set.metadataValue("mapping_set_id") == "ext")
        #expect(set.expand("y:2") == "http://y/2")
        #expect(MappingValidator().validate(set).isEmpty)
    }

    @Test("malformed input names file, line and column")
    func malformedInputIsPositioned() {
        #expect(throws: MappingError.yamlSyntax(source: "bad.tsv", line: 2, column: 3,
                                                message: "expected 'key: value', found 'not yaml'")) {
            try SSSOMReader.parse("# a: 1\n# not yaml\nsubject_id\tobject_id\n", source: "bad.tsv")
        }
        #expect(throws: MappingError.yamlSyntax(source: "bad.tsv", line: 2, column: 2, message:
                                                "unexpected indentation; align the line with the entries it belongs to")) {
            try SSSOMReader.parse("# a: 1\n#b: 2\nsubject_id\tobject_id\n", source: "bad.tsv")
        }
        #expect(throws: CuratorError.csvSyntax(source: "bad.csv", line: 3, column: 1,
                                               message: "quoted field is never closed; add the closing '\"'")) {
            try SSSOMReader.parse("# a: 1\nsubject_id,object_id\n\"x,y\n", source: "bad.csv")
        }
        #expect(throws: MappingError.syntax(source: "bad.csv", line: 3, column: 3,
                                            message: "field 3 has no column (the header names 2); add a column name or remove the value 'z'")) {
            try SSSOMReader.parse("# a: 1\nsubject_id,object_id\nx,y,z\n", source: "bad.csv")
        }
        #expect(throws: MappingError.noTable(source: "empty.tsv")) {
            try SSSOMReader.parse("# mapping_set_id: x\n", source: "empty.tsv")
        }
        #expect(throws: MappingError.syntax(source: "bad.json", line: 2, column: 18,
                                            message: "unexpected '}', expected a value")) {
            try SSSOMReader.parse("{\"mappings\": [\n  {\"subject_id\": }]}", source: "bad.json")
        }
    }
}

/// Temporary files for tests.
enum Paths {
    static func write(_ text: String, named name: String) throws -> String {
        try TestPaths.writeTemporaryFile(text, named: name)
    }
}
