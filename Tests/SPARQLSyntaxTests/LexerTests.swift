import SPARQLSyntax
import Testing

@Suite("SPARQL lexer")
struct LexerTests {
    @Test("a prefixed name keeps its prefix and local part")
    func prefixedName() throws {
        var lexer = SPARQLLexer("ex:a.b ?x")
        let tokens = try lexer.tokenize().map(\.token)
        #expect(tokens == [.prefixedName(prefix: "ex", local: "a.b"), .variable("x"), .end])
    }
}
