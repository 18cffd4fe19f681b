import ArgumentParser
import RDFModel
import RDFParsing
import RDFStore

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        
        abstract: "Converts RDF between syntaxes.",
        discussion: """
            Reads IN (RDF/XML, Turtle, N-Triples, N-Quads or TriG; `-` for stdin) and writes it as \
            N-Triples, N-Quads or Turtle. Relative IRIs resolve against --base, by default IN's file:// URL. \
            With -o the output is written to a temporary file and renamed, so a failed run leaves \
            nothing behind. An empty N-Triples or Turtle input is an empty graph. IRIs holding characters \
            IRIs forbid (a space, <, {, ...) are refused, in RDF/XML kept with a warning under --lenient, \
            and always written percent-encoded (a%20b), so the output reads back. \
            Exit 2 on a parse or I/O error (with file:line:column).
            """
    )

    enum Target: String, CaseIterable, ExpressibleByArgument {
        case ntriples, nquads, turtle
    }

    @Argument(help: ArgumentHelp("Input file, or - for stdin.", valueName: "in"))
    var input: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file (default: stdout).", valueName: "out"))
    var output: String?

    @Option(help: "Output syntax.")
    var to: Target

    @Option(help: ArgumentHelp("Base IRI for relative IRIs.", valueName: "iri"))
    var base: String?

    @Option(help: "Input syntax when the extension does not say: rdfxml, turtle, ntriples, nquads, trig.")
    var inputFormat: String?

    @Flag(help: """
        Keep RDF/XML IRIs that hold characters IRIs forbid (a space, <, {, ...), with a warning; \
        they are written percent-encoded.
        """)
    var lenient = false

    func validate() throws {
        if let inputFormat, RDFFormat(name: inputFormat) == nil {
            throw ValidationError("unknown --input-format '\(inputFormat)'; use rdfxml, turtle, ntriples, nquads or trig")
        }
        if input == "-" && inputFormat == nil {
            throw ValidationError("reading stdin needs --input-format")
        }
        if let base, !IRI.isAbsolute(base) {
            throw ValidationError("--base must be an absolute IRI, got '\(base)'")
        }
    }

    func run() throws {
        let store = try loadStore([input], format: inputFormat.flatMap(RDFFormat.init(name:)), baseIRI: base,
                                  isLenient: lenient)
        var text = ""
        switch to {
        case .ntriples:
            for triple in store.triples() { NTriplesWriter.write(triple, to: &text) }
            if !store.graphIDs().isEmpty {
                printError("panet: warning: \(input) has named graphs; N-Triples holds the default graph only (use --to nquads)")
            }
        case .nquads:
            store.matches(IDPattern(graph: nil)).forEachQuad { quad in
                let graph = quad.graph == 0 ? nil : store.term(quad.graph)
                NTriplesWriter.write(Quad(store.term(quad.subject), store.term(quad.predicate), store.term(quad.object),
                                          graph: graph), to: &text)
            }
        case .turtle:
            text = TurtleWriter(prefixes: .standard).string(store.triples())
            if !store.graphIDs().isEmpty {
                printError("panet: warning: \(input) has named graphs; Turtle holds the default graph only (use --to nquads)")
            }
        }
        try emit(text, to: output)
    }
}
