@testable import MappingKit
import Testing

@Suite struct YAMLSubsetTests {
    func read(_ text: String) throws -> [(String, YAMLValue)] {
        let lines = SSSOMReader.splitLines(text).enumerated().map { YAMLLine(line: $0.offset + 1, column: 1, text: $0.element) }
        var reader = try YAMLSubsetReader(lines: lines, source: "m.yml")
        return try reader.readDocument()
    }

    @Test("maps, lists, quoted and continued scalars")
    func readsTheSubset() throws {
        let members = try read("""
            curie_map:
              a: http://x/a#   # comment
              b: "http://x/#b"
            mapping_set_version: '2025-11-12'
            description: first part
              second part
            creator_id:
            - orcid:1
            - 'orcid:2'
            """)
        #expect(members.map(\.0) == ["curie_map", "mapping_set_version", "description", "creator_id"])
        #expect(members[0].1 == .map([("a", .scalar("http://x/a#")), ("b", .scalar("http://x/#b"))]))
        #expect(members[1].1 == .scalar("2025-11-12"))
        #expect(members[2].1 == .scalar("first part second part"))
        #expect(members[3].1 == .list([.scalar("orcid:1"), .scalar("orcid:2")]))
    }

    @Test("errors carry line and column")
    func errorsArePositioned() {
        #expect(throws: MappingError.yamlSyntax(source: "m.yml", line: 2, column: 4,
                                                message: "quoted value is never closed; add the closing '")) {
            try read("a: 1\nb: 'open\n")
        }
        #expect(throws: MappingError.yamlSyntax(source: "m.yml", line: 2, column: 1,
                                                message: "key 'a' appears twice; keep one")) {
            try read("a: 1\na: 2\n")
        }
        #expect(throws: MappingError.yamlSyntax(source: "m.yml", line: 1, column: 4,
                                                message: "flow collections ('{') are not supported; use block style")) {
            try read("a: {x: 1}\n")
        }
        #expect(throws: MappingError.yamlSyntax(source: "m.yml", line: 2, column: 1,
                                                message: "expected 'key: value', found 'just words'")) {
            try read("a: 1\njust words\n")
        }
    }
}
