import ArgumentParser
import CuratorKit
import RDFModel
import RDFParsing

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Builds the ontology from a ROBOT template (CSV) and an ontology header.",
        discussion: """
            The template's second row holds ROBOT template strings: ID, LABEL, A/AT/AL/AI <property>, TYPE, \
            SC %, EC % (several in a row form one intersection), DC %, C % and CI with CLASS_TYPE, SP %, DOMAIN, \
            RANGE, CHARACTERISTIC, SPLIT=|, and for individuals (a TYPE naming a class) TI % and I <property>. Class expressions are Manchester syntax (and, or, not, some, \
            only, parentheses, 'quoted labels', CURIEs, <IRIs>); a label two rows share resolves to the \
            later row, as ROBOT does, with a warning. --metadata merges the ontology header; --reason adds \
            the inferred direct subclass axioms and drops redundant stated ones (ROBOT reason). A Turtle \
            header whose short strings hold raw line breaks is refused unless --lenient. The \
            output format follows -o's extension (.nt, .ttl, .owl/.rdf); it is written atomically, or to \
            stdout as Turtle without -o. Exit 0 on success, 1 when reasoning finds unsatisfiable classes, \
            2 for unreadable input, a malformed template or an unknown name (with row and column).
            """
    )

    @Argument(help: ArgumentHelp("The ROBOT template (.csv or .tsv).", valueName: "template"))
    var template: String

    @Option(help: ArgumentHelp("The ontology header to merge (Turtle, RDF/XML ...).", valueName: "file"))
    var metadata: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the ontology here (.nt, .ttl, .owl, .rdf).", valueName: "file"))
    var output: String?

    @Flag(help: "Classify and add the inferred direct rdfs:subClassOf axioms.")
    var reason = false

    @Flag(help: "With --reason, also remove stated subclass axioms implied by the inferred ones.")
    var removeRedundant = false

    @Option(help: ArgumentHelp("Add owl:versionInfo to the ontology header.", valueName: "version"))
    var versionInfo: String?

    @Flag(help: "Accept a Turtle header whose short strings hold raw line breaks (PaNET 1.0.0 and 1.1.0), with a warning per line.")
    var lenient = false

    @Option(name: .customLong("prefix"), help: ArgumentHelp("A CURIE prefix, as NAME=IRI (repeatable).", valueName: "name=iri"))
    var prefixes: [String] = []

    func validate() throws {
        if let output, RDFFormat(fileExtensionOf: output).map({ [.nTriples, .turtle, .rdfXML].contains($0) }) != true {
            throw ValidationError("cannot tell the output format of '\(output)'; use .nt, .ttl, .owl or .rdf")
        }
        for prefix in prefixes where !prefix.contains("=") {
            throw ValidationError("--prefix takes NAME=IRI, got '\(prefix)'")
        }
    }

    func run() throws {
        let pairs = prefixes.compactMap { text -> (String, String)? in
            guard let equals = text.firstIndex(of: "=") else { return nil }
            return (String(text[..<equals]), String(text[text.index(after: equals)...]))
        }
        let options = TemplateBuildOptions(metadataPath: metadata, versionInfo: versionInfo, reason: reason,
                                          removeRedundantSubClassAxioms: removeRedundant, prefixes: pairs,
                                          lenientHeader: lenient)
        let result = try reportingErrors {
            try refuseEmpty(template)
            if let metadata { try refuseEmpty(metadata) }
            return try TemplateBuilder.build(templatePath: template, options: options)
        }
        for warning in result.warnings { printError("panet: warning: \(warning.source ?? template):\(warning)") }
        let text: String
        switch output.flatMap({ RDFFormat(fileExtensionOf: $0) }) {
        case .nTriples: text = NTriplesWriter.string(result.triples)
        case .rdfXML: text = try reportingErrors { try RDFXMLWriter.string(result.triples, prefixes: result.prefixes) }
        default: text = TurtleWriter(prefixes: result.prefixes).string(result.triples)
        }
        try emit(text, to: output)
        var summary = "panet: build: \(result.triples.count) triples"
        if reason {
            summary += ", \(result.inferredSubClassAxioms) inferred subclass axioms added"
            if removeRedundant { summary += ", \(result.redundantSubClassAxioms) redundant ones removed" }
        }
        if let output { summary += ", written to \(output)" }
        printError(summary)
        if !result.unsatisfiable.isEmpty { throw ExitCode(1) }
    }
}
