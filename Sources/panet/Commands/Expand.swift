import ArgumentParser
import DatasetCatalog
import OntologyKit

struct Expand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expand",
        abstract: "A technique plus all its inferred sub-techniques, for search backends.",
        discussion: """
            Formats: ids and iris (one per line), json ([{id, iri, label}]), es (an Elasticsearch/OpenSearch \
            terms query on --field), panosc (a LoopBack filter {"pid":{"inq":[...]}}). With --where, a LoopBack \
            where filter on a technique's name or pid (eq, neq, inq, nin, and, or) is rewritten into conditions \
            on expanded pids, as the pan-ontologies-api service answers the PaNOSC search API; names and pids \
            that match no technique expand to nothing and are named in a warning on stderr.
            Exit codes: 0 success, 1 unknown term, 2 bad --where JSON, 64 bad usage.
            """
    )

    enum Format: String, CaseIterable, ExpressibleByArgument {
        case ids, iris, json, es, panosc
    }

    @Argument(help: "The technique (IRI, id, label or synonym).")
    var term: String?

    @Option(help: ArgumentHelp("A LoopBack where filter (JSON) on name/pid to rewrite.", valueName: "json"))
    var `where`: String?

    @Option(help: "Output format.")
    var format: Format = .ids

    @Option(help: "Field of the Elasticsearch terms query.")
    var field = "techniques.pid"

    @Option(help: "Whether filters list IRIs or short ids.")
    var values: QueryExpansion.ValueForm = .iri

    @OptionGroup var ontologyOptions: OntologyOptions

    func validate() throws {
        if (term == nil) == (`where` == nil) { throw ValidationError("give either TERM or --where JSON") }
    }

    func run() throws {
        let kb = try loadOntology(ontologyOptions)
        let expansion = QueryExpansion(ontology: kb)
        if let filter = `where` {
            var unresolved: [String] = []
            let rewritten = try reportingErrors {
                try expansion.rewriteWhere(try JSONValue.parse(filter, source: "--where"), form: values, unresolved: &unresolved)
            }
            print(rewritten.jsonText)
            if !unresolved.isEmpty {
                printError("panet: warning: no technique matches " + unresolved.map { "'\($0.clippedForMessage)'" }.joined(separator: ", ")
                    + "; they expand to nothing")
            }
            return
        }
        let match = try resolveTerm(term ?? "", in: kb, json: format == .json)
        // A foreign class (a Wikidata item equivalent to a technique) expands as the techniques it is equivalent to.
        var tops = [match.classID]
        if kb.kind(of: match.classID) == .foreign {
            let equivalents = kb.classification.completeHierarchy.equivalents[Int(match.classID)].filter { kb.kind(of: $0) != .foreign }
            if !equivalents.isEmpty { tops = equivalents }
        }
        var seen: Set<ClassID> = []
        let ids = tops.flatMap { expansion.expand($0) }.filter { seen.insert($0).inserted }
        switch format {
        case .ids: print(ids.map { kb.ontology[$0].shortID }.joined(separator: "\n"))
        case .iris: print(ids.map { kb.ontology[$0].iri }.joined(separator: "\n"))
        case .json: print(JSON.render(.array(ids.map { kb.summary($0) })))
        case .es: print(expansion.elasticsearchQuery(ids, field: field, form: values).jsonText)
        case .panosc: print(expansion.loopBackFilter(ids, form: values).jsonText)
        }
    }
}

extension QueryExpansion.ValueForm: ExpressibleByArgument {}
