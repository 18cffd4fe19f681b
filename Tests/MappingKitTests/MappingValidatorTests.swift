@testable import MappingKit
import OntologyKit
import Testing
import TestSupport

@Suite struct MappingValidatorTests {
    @Test("a clean set has no findings")
    func cleanSetIsClean() throws {
        let result = try findings("ex:A\talpha\tskos:exactMatch\twd:1\tone\tsemapv:ManualMappingCuration\t0.9\n",
                                  ontology: try miniOntology())
        #expect(result.isEmpty)
    }

    @Test("missing columns and metadata")
    func missingColumnsAndMetadata() throws {
        let result = try findings("ex:A\tskos:exactMatch\n", header: "# curie_map:\n#   ex: http://example.org/onto/\nsubject_id\tpredicate_id\n")
        #expect(summary(result) == ["0 error missing_metadata", "0 error missing_metadata",
                                    "3 error missing_column", "3 error missing_column"])
        #expect(result.map(\.message).contains("the table has no 'mapping_justification' column"))
        #expect(result[0].fix == "add 'mapping_set_id: …' to the header (or to the --metadata file)")
    }

    @Test("empty required cell")
    func missingValue() throws {
        let result = try findings("ex:A\talpha\tskos:exactMatch\t\tone\tsemapv:ManualMappingCuration\t1\n")
        #expect(summary(result) == ["8 error missing_value"])
    }

    @Test("predicate and justification vocabularies")
    func vocabularies() throws {
        let result = try findings("""
            ex:A\talpha\tskos:sameMatch\twd:1\tone\tsemapv:ManualMappingCuration\t1
            ex:A\talpha\towl:equivalentClass\twd:2\ttwo\tsemapv:Guessing\t1
            ex:A\talpha\trdfs:subClassOf\twd:3\tthree\tsemapv:LexicalMatching\t1

            """)
        #expect(summary(result) == ["8 error unknown_predicate", "9 error unknown_justification"])
    }

    @Test("CURIE syntax and undeclared prefixes, case-sensitive, with the fix")
    func curiesAndPrefixes() throws {
        let result = try findings("""
            EX:A\talpha\tskos:exactMatch\twd:1\tone\tsemapv:ManualMappingCuration\t1
            ex:C\tgamma\tskos:exactMatch\tzz:1\tone\tsemapv:ManualMappingCuration\t1
            ex:D\tdelta\tskos:exactMatch\tnot a curie\tone\tsemapv:ManualMappingCuration\t1

            """)
        #expect(summary(result) == ["8 error undeclared_prefix", "9 error undeclared_prefix", "10 error invalid_curie"])
        #expect(result[0].message == "prefix 'EX' of subject_id 'EX:A' is not declared (prefixes are case-sensitive)")
        #expect(result[0].fix == "write 'ex:A'")
        #expect(result[1].fix == "declare 'zz' in the curie_map")
    }

    @Test("confidence outside 0...1")
    func confidence() throws {
        let result = try findings("ex:A\talpha\tskos:exactMatch\twd:1\tone\tsemapv:ManualMappingCuration\t1.5\n")
        #expect(summary(result) == ["8 error invalid_confidence"])
    }

    @Test("stray whitespace: an error in ids, a warning in labels")
    func whitespace() throws {
        let result = try findings("ex:A\talpha \tskos:exactMatch\twd:1 \tone  two\tsemapv:ManualMappingCuration\t1\n")
        #expect(result.count == 3)
        #expect(Set(result.map { "\($0.level.rawValue) \($0.fix)" })
            == ["warning write 'alpha'", "error write 'wd:1'", "warning write 'one two'"])
    }

    @Test("duplicate rows, compared by IRI")
    func duplicateRows() throws {
        let result = try findings("""
            ex:A\talpha\tskos:closeMatch\twd:1\tone\tsemapv:ManualMappingCuration\t1
            ex:A\talpha\tskos:closeMatch\twd:1\tone again\tsemapv:ManualMappingCuration\t0.5

            """)
        #expect(summary(result) == ["9 warning duplicate_row"])
        #expect(result[0].message == "repeats the mapping of line 8 (ex:A skos:closeMatch wd:1)")
    }

    @Test("id and label columns swapped")
    func swappedColumns() throws {
        let result = try findings("alpha\tex:A\tskos:exactMatch\twd:1\tone\tsemapv:ManualMappingCuration\t1\n")
        #expect(result.contains { $0.rule == .swappedColumns && $0.line == 8 && $0.fix == "swap the subject_id and subject_label columns" })
    }

    @Test("exactMatch from one subject to two objects")
    func cardinality() throws {
        let result = try findings("""
            ex:A\talpha\tskos:exactMatch\twd:1\tone\tsemapv:ManualMappingCuration\t1
            ex:A\talpha\tskos:closeMatch\twd:2\ttwo\tsemapv:ManualMappingCuration\t1
            ex:A\talpha\tskos:exactMatch\twd:3\tthree\tsemapv:ManualMappingCuration\t1

            """)
        #expect(summary(result) == ["10 warning cardinality_conflict"])
        #expect(result[0].message == "ex:A is an exact match of both wd:1 (line 8) and wd:3")
    }

    @Test("against the ontology: unknown ids, deprecated terms, stale labels")
    func ontologyChecks() throws {
        let result = try findings("""
            ex:Z\tzeta\tskos:exactMatch\twd:1\tone\tsemapv:ManualMappingCuration\t1
            ex:B\tbeta\tskos:exactMatch\twd:2\ttwo\tsemapv:ManualMappingCuration\t1
            ex:A\told alpha\tskos:exactMatch\twd:3\tthree\tsemapv:ManualMappingCuration\t1
            wd:9\tnine\tskos:exactMatch\tex:A\talpha\tsemapv:ManualMappingCuration\t1

            """, ontology: try miniOntology())
        #expect(summary(result) == ["8 error unknown_subject", "9 warning deprecated_subject", "10 warning stale_label"])
        #expect(result[1].fix == "map A instead")
        #expect(result[2].message == "subject_label 'old alpha' differs from the current label 'alpha' of A")
        #expect(result[2].fix == "write 'alpha'")
    }

    @Test("mapping_WFL.csv: its real findings")
    func realWayforlightFindings() throws {
        let ontology = try ClassifiedOntology.load(path: TestPaths.bundledOntology, useCache: false).ontology
        let set = try SSSOMReader.read(path: TestPaths.shared("mappings/mapping_WFL.csv"))
        let result = MappingValidator(ontology: ontology).validate(set)
        #expect(!result.contains { $0.level == .error })
        #expect(result.filter { $0.rule == .whitespace }.count == 10)
        #expect(result.filter { $0.rule == .staleLabel }.map(\.line) == [27, 28, 38, 164])
        let stale = try #require(result.first { $0.rule == .staleLabel && $0.line == 164 })
        #expect(stale.fix == "write 'grazing incidence wide angle x-ray scattering'")
        let spaced = try #require(result.first { $0.rule == .whitespace && $0.line == 30 })
        #expect(spaced.message == "subject_label 'angle resolved photoemission spectroscopy ' has leading or trailing whitespace")
        #expect(result.filter { $0.rule == .cardinalityConflict }.map(\.line) == [71])
    }

    @Test("mapping_IUPAC.csv: wrong-case prefixes, stray whitespace in ids, ids that do not exist")
    func realGoldbookFindings() throws {
        let ontology = try ClassifiedOntology.load(path: TestPaths.bundledOntology, useCache: false).ontology
        let set = try SSSOMReader.read(path: TestPaths.shared("mappings/mapping_IUPAC.csv"))
        let result = MappingValidator(ontology: ontology).validate(set)
        let prefix = result.filter { $0.rule == .undeclaredPrefix }
        #expect(prefix.count == 146)
        #expect(prefix.allSatisfy { $0.message.hasPrefix("prefix 'Panet' of subject_id") && $0.fix.hasPrefix("write 'panet:") })
        #expect(result.contains { $0.line == 20 && $0.rule == .whitespace && $0.level == .error
            && $0.message.hasPrefix("object_id 'goldbook:A00043 '") })
        let unknown = result.filter { $0.rule == .unknownSubject }
        #expect(unknown.map(\.line) == [197, 199])
        #expect(unknown.first?.message == "subject_id 'panet:PaNETPaNET00206' is not a term of the ontology")
        #expect(result.filter { $0.rule == .duplicateRow }.map(\.line) == [158, 170, 189])
    }
}
