import CuratorKit
import Foundation
import OntologyKit
import TestSupport
import Testing

@Suite("Term list checker")
struct TermListTests {
    static func checker() throws -> TermListChecker {
        TermListChecker(ontology: try ClassifiedOntology.load(path: TestPaths.fixture("CuratorKitTests", "terms.ttl"), useCache: false))
    }

    static func check(_ text: String) throws -> TermCheck {
        try checker().check(TermListEntry(line: 1, text: text))
    }

    @Test("ids, labels and synonyms match, and say how")
    func matches() throws {
        let byID = try Self.check("PaNET01188")
        #expect(byID.status == .matched && byID.matchKind == .id)
        let bySynonym = try Self.check("saxs")
        #expect(bySynonym.status == .matched && bySynonym.matchKind == .synonym)
        #expect(try Self.checker().ontology.ontology[try #require(bySynonym.classID)].shortID == "PaNET01188")
    }

    @Test("a label shared by a technique and its specifier matches the technique")
    func techniquePreferred() throws {
        let result = try Self.check("diffraction")
        #expect(result.status == .matched)
        #expect(try Self.checker().ontology.ontology[try #require(result.classID)].shortID == "PaNET01022")
        #expect(result.alternatives.count == 1)
    }

    @Test("a name two techniques share is ambiguous")
    func ambiguous() throws {
        let result = try Self.check("tomography")
        #expect(result.status == .ambiguous)
        #expect(result.alternatives.count == 1)
    }

    @Test("a deprecated term is reported with its replacement")
    func deprecated() throws {
        let result = try Self.check("old scattering")
        #expect(result.status == .deprecated)
        #expect(result.replacements == ["http://purl.org/pan-science/PaNET/PaNET01188"])
    }

    @Test("an unknown term gets scored suggestions")
    func unknown() throws {
        let result = try Self.check("small angle x-ray scatering")
        #expect(result.status == .unknown)
        #expect(result.classID == nil)
        let first = try #require(result.suggestions.first)
        #expect(try Self.checker().ontology.ontology[first.classID].shortID == "PaNET01188")
        #expect(first.score > 0 && first.score <= 100)
    }

    @Test("a text list skips blank lines and comments and keeps line numbers")
    func textList() {
        let entries = TermListReader.lineEntries("SAXS\r\n\r\n# a comment\n  diffraction  \n")
        #expect(entries == [TermListEntry(line: 1, text: "SAXS"), TermListEntry(line: 4, text: "diffraction")])
    }

    @Test("a CSV column is chosen by name, case-insensitively, with the record's line")
    func csvColumn() throws {
        let text = "facility,Technique\nESRF,\"small angle\nx-ray scattering\"\nILL,SAXS\n"
        let entries = try TermListReader.tableEntries(text, source: "list.csv", column: "technique")
        #expect(entries == [TermListEntry(line: 2, text: "small angle\nx-ray scattering"), TermListEntry(line: 4, text: "SAXS")])
        #expect(throws: CuratorError.columnNotFound(source: "list.csv", column: "method", available: ["facility", "Technique"])) {
            try TermListReader.tableEntries(text, source: "list.csv", column: "method")
        }
    }

    @Test("a UTF-16 term list with BOM is read; a Latin-1 list is refused")
    func encodings() throws {
        let directory = try TestPaths.temporaryDirectory()
        let utf16 = directory.appendingPathComponent("utf16.txt")
        try Data([0xFF, 0xFE] + Array("SAXS\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }).write(to: utf16)
        #expect(try TermListReader.read(path: utf16.path) == [TermListEntry(line: 1, text: "SAXS")])
        let latin1 = directory.appendingPathComponent("latin1.txt")
        try Data(Array("d".utf8) + [0xE9] + Array("tecteur\n".utf8)).write(to: latin1)
        #expect(throws: CuratorError.unknownEncoding(source: latin1.path, line: 1, byteOffset: 1)) {
            try TermListReader.read(path: latin1.path)
        }
    }
}
