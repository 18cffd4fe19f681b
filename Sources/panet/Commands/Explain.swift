import ArgumentParser
import OntologyKit
import RDFModel

/// `--format` values of `explain`.
enum ExplainFormat: String, CaseIterable, ExpressibleByArgument {
    case table, json, tsv, ofn
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explains an inference: a minimal set of the ontology's axioms that entails SUB ⊑ SUPER.",
        discussion: """
            Prints a justification: axioms of the loaded ontology, in Manchester syntax with labels, that \
            together entail SUB SubClassOf SUPER (or, with --unsatisfiable, TERM SubClassOf owl:Nothing), \
            none of which can be left out. An asserted subclass link is its own explanation. --all lists \
            every justification, up to --limit. --format ofn writes each justification as a small OWL \
            Functional Syntax ontology (declarations, labels, axioms) that another reasoner can check. \
            Exit 0 with an explanation, 1 when the ontology does not entail the pair or a term is unknown, \
            2 for an unreadable ontology or output file.
            """
    )

    @Argument(help: "The subclass (IRI, CURIE, id or label).")
    var sub: String

    @Argument(help: "The superclass; leave out with --unsatisfiable.")
    var sup: String?

    @Flag(help: "Explain why SUB is unsatisfiable (SUB ⊑ owl:Nothing).")
    var unsatisfiable = false

    @Flag(help: "Every justification, up to --limit, not only one.")
    var all = false

    @Option(help: "At most this many justifications with --all.")
    var limit = 10

    @Option(help: "Output format.")
    var format: ExplainFormat = .table

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
    var output: String?

    @OptionGroup var ontologyOptions: OntologyOptions

    func validate() throws {
        if unsatisfiable && sup != nil { throw ValidationError("give one term with --unsatisfiable, or SUB and SUPER without it") }
        if !unsatisfiable && sup == nil { throw ValidationError("give SUB and SUPER, or one term with --unsatisfiable") }
        if limit < 1 { throw ValidationError("--limit must be 1 or more") }
    }

    func run() throws {
        let kb = try TermSettings(ontology: ontologyOptions.ontology).load()
        let json = format == .json
        let subClass = try resolveTerm(sub, in: kb, json: json).classID
        let supClass = try sup.map { try resolveTerm($0, in: kb, json: json).classID }
        let entailment = Entailment(sub: kb.ontology[subClass].iri, sup: supClass.map { kb.ontology[$0].iri })
        let axioms = kb.ontology.logicalAxioms()
        let question = "\(kb.display(subClass)) ⊑ " + (supClass.map { kb.display($0) } ?? "owl:Nothing")
        guard let found = Justifications.find(entailment, in: axioms, limit: all ? limit : 1) else {
            printError("panet: the ontology does not entail \(question)")
            throw ExitCode(1)
        }
        let sets = found.sets.map { $0.map { axioms[$0] } }
        if all && !found.isComplete {
            printError("panet: note: stopped at \(sets.count) justifications; there may be more (raise --limit)")
        }
        let name = manchesterName(kb)
        var text = ""
        switch format {
        case .table:
            for (number, set) in sets.enumerated() {
                text += (number > 0 ? "\n" : "") + "Justification \(number + 1) of \(question) (\(set.count) axioms):\n"
                for axiom in set { text += "  " + AxiomSyntax.manchester(axiom, name: name) + "\n" }
            }
        case .tsv:
            text = renderTSV(header: ["justification", "axiom"], rows: sets.enumerated().flatMap { number, set in
                set.map { [String(number + 1), AxiomSyntax.manchester($0, name: name)] }
            })
        case .json:
            let items = sets.map { set in JSON.Value.array(set.map { .string(AxiomSyntax.manchester($0, name: name)) }) }
            text = JSON.render(.object([
                ("sub", kb.summary(subClass)), ("sup", supClass.map { kb.summary($0) } ?? .string(OWL.Nothing)),
                ("justifications", .array(items)), ("complete", .bool(found.isComplete)),
            ])) + "\n"
        case .ofn:
            for (number, set) in sets.enumerated() {
                let iri = "urn:panet:justification:\(number + 1)"
                text += (number > 0 ? "\n" : "") + AxiomSyntax.functional(set, ontologyIRI: iri, label: kb.ontology.label(ofIRI:))
            }
        }
        try emit(text, to: output)
    }
}

/// How Manchester syntax output names an IRI: its label in quotes when it has one that needs no
/// escaping and names no other class (PaNET's technique and specifier twins share labels), else its
/// short id or CURIE.
func manchesterName(_ kb: ClassifiedOntology) -> (String) -> String {
    { iri in
        if let label = kb.ontology.label(ofIRI: iri), !label.contains("'"), !label.contains("\\"),
           kb.resolver.resolveAll(label).filter({ $0.kind == .label }).count <= 1 {
            return "'\(label)'"
        }
        if let id = kb.ontology.classID(of: iri), kb.kind(of: id) != .foreign { return kb.ontology[id].shortID }
        let compact = compactIRI(iri, kb.ontology.prefixes)
        return compact == iri ? "<\(iri)>" : compact
    }
}
