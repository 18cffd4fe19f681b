import ArgumentParser
import OntologyKit

struct Lookup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup",
        
        abstract: "Shows one term: IRI, id, label, synonyms, definition, parents, deprecation.",
        discussion: """
            TERM is a full IRI (http or https, with or without angle brackets), a CURIE (PaNET:PaNET01188), \
            a short id (PaNET01188), a label or a synonym; case, hyphens and extra spaces do not matter. \
            'kind' tells a technique from a specifier (PaNET's twins share labels) and from a foreign class \
            (one of another vocabulary, such as Wikidata's Q133900, shown as an equivalent of the class it is \
            linked to). Exit 1 with suggestions when nothing matches; with --format json the failure is also \
            printed as {"error": {"message", "term", "suggestions"}}.
            """
    )

    @Argument(help: "The term to look up.")
    var term: String

    @Flag(help: "List every class the name matches, not only the preferred one.")
    var all = false

    @OptionGroup var options: TermOptions

    func run() throws { try LookupAction(term: term, all: all, settings: options.settings).run() }
}

/// `panet lookup`.
struct LookupAction: CommandAction {
    var term: String
    var all = false
    var settings: TermSettings

    func run() throws {
        let kb = try settings.load()
        var matches: [TermMatch]
        if all {
            matches = kb.resolver.resolveAll(term)
            if matches.isEmpty { _ = try resolveTerm(term, in: kb, json: settings.format == .json) }
        } else {
            matches = [try resolveTerm(term, in: kb, json: settings.format == .json, offersAll: true)]
        }
        let hierarchy = kb.hierarchy()
        let records = matches.map { match in record(match, kb: kb, hierarchy: hierarchy) }
        switch settings.format {
        case .json:
            print(JSON.render(all ? .array(records.map(\.json)) : records[0].json))
        case .tsv:
            let rows = records.flatMap { record in record.fields.map { [record.id, $0.0, $0.1] } }
            print(renderTSV(header: ["id", "field", "value"], rows: rows), terminator: "")
        case .table:
            for (index, record) in records.enumerated() {
                if index > 0 { print("") }
                let width = record.fields.map(\.0.count).max() ?? 0
                for (key, value) in record.fields {
                    print(key + String(repeating: " ", count: width - key.count) + "  " + value)
                }
            }
        }
    }

    struct Record {
        let id: String
        let json: JSON.Value
        let fields: [(String, String)]
    }

    func record(_ match: TermMatch, kb: ClassifiedOntology, hierarchy: ClassHierarchy) -> Record {
        let item = kb.ontology[match.classID]
        let parents = hierarchy.parents[Int(match.classID)]
        let children = hierarchy.children[Int(match.classID)]
        let complete = kb.classification.completeHierarchy
        let equivalents = complete.equivalents[Int(match.classID)]
        // Foreign superclasses linked to no own class: mappings the own hierarchy does not show.
        let mappings = complete.parents[Int(match.classID)].filter { parent in
            kb.kind(of: parent) == .foreign && complete.equivalents[Int(parent)].allSatisfy { kb.kind(of: $0) == .foreign }
        }
        let replacements = item.replacedBy.map { iri in kb.ontology.classID(of: iri).map { kb.display($0) } ?? iri }
        var fields: [(String, String)] = [
            ("id", item.shortID), ("iri", item.iri), ("label", item.label ?? "-"),
            ("kind", kb.kind(of: match.classID).rawValue),
            ("matched", match.kind.rawValue + (match.matchedText.map { " '\($0)'" } ?? "")),
        ]
        if item.labels.count > 1 {
            fields.append(("labels", item.labels.map { $0.value + ($0.language.map { "@\($0)" } ?? "") }.joined(separator: " | ")))
        }
        fields.append(("synonyms", item.synonyms.isEmpty ? "-" : item.synonyms.map(\.value).joined(separator: " | ")))
        fields.append(("definition", item.definition ?? "-"))
        if !item.definitionSources.isEmpty { fields.append(("definition source", item.definitionSources.joined(separator: " | "))) }
        fields.append(("parents", parents.isEmpty ? "-" : parents.map { kb.display($0) }.joined(separator: "; ")))
        fields.append(("children", String(children.count)))
        if !equivalents.isEmpty { fields.append(("equivalent to", equivalents.map { kb.display($0) }.joined(separator: "; "))) }
        if !mappings.isEmpty { fields.append(("broader (foreign)", mappings.map { kb.display($0) }.joined(separator: "; "))) }
        fields.append(("depth", String(hierarchy.depth(of: match.classID))))
        fields.append(("deprecated", item.isDeprecated ? "yes" : "no"))
        if !replacements.isEmpty { fields.append(("replaced by", replacements.joined(separator: "; "))) }
        if match.isAmbiguous {
            fields.append(("also matches", match.alternatives.map { kb.display($0) }.joined(separator: "; ")))
        }
        let json = JSON.Value.object([
            ("id", .string(item.shortID)),
            ("iri", .string(item.iri)),
            ("label", item.label.map(JSON.Value.string) ?? .null),
            ("kind", .string(kb.kind(of: match.classID).rawValue)),
            ("labels", .array(item.labels.map { .object([("value", .string($0.value)), ("language", $0.language.map(JSON.Value.string) ?? .null)]) })),
            ("synonyms", .array(item.synonyms.map { .string($0.value) })),
            ("definition", item.definition.map(JSON.Value.string) ?? .null),
            ("definition_sources", .array(item.definitionSources.map(JSON.Value.string))),
            ("parents", .array(parents.map { kb.summary($0) })),
            ("children", .array(children.map { kb.summary($0) })),
            ("equivalents", .array(equivalents.map { kb.summary($0) })),
            ("foreign_parents", .array(mappings.map { kb.summary($0) })),
            ("depth", .int(hierarchy.depth(of: match.classID))),
            ("deprecated", .bool(item.isDeprecated)),
            ("replaced_by", .array(item.replacedBy.map(JSON.Value.string))),
            ("matched", .string(match.kind.rawValue)),
            ("ambiguous", .bool(match.isAmbiguous)),
            ("alternatives", .array(match.alternatives.map { kb.summary($0) })),
        ])
        return Record(id: item.shortID, json: json, fields: fields)
    }
}

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        
        abstract: "Ranked search over labels and synonyms, typo-tolerant.",
        discussion: """
            Ranks exact label > exact synonym or acronym > prefix > all words > substring > fuzzy \
            (e.g. 'difraction', 'small angel scattering') over the ontology's own classes; the last column \
            is their kind (technique or specifier). Texts over 1,000 bytes match nothing. Exit 1 when nothing matches.
            """
    )

    @Argument(help: "Search text.")
    var text: String

    @Option(help: "The most hits to show.")
    var limit = 10

    @OptionGroup var options: TermOptions

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws { try SearchAction(text: text, limit: limit, settings: options.settings).run() }
}

/// `panet search`.
struct SearchAction: CommandAction {
    var text: String
    var limit = 10
    var settings: TermSettings

    func run() throws {
        let kb = try settings.load()
        let hits = kb.search.search(text, limit: limit)
        switch settings.format {
        case .json:
            print(JSON.render(.array(hits.map { hit in
                .object([("id", .string(kb.ontology[hit.classID].shortID)), ("iri", .string(kb.ontology[hit.classID].iri)),
                         ("label", kb.ontology[hit.classID].label.map(JSON.Value.string) ?? .null),
                         ("kind", .string(kb.kind(of: hit.classID).rawValue)),
                         ("score", .double(hit.score)), ("matched", .string(hit.matchedText)), ("match", .string(hit.reason.rawValue))])
            })))
        case .tsv, .table:
            let rows = hits.map { hit in
                [String(format1(hit.score)), kb.ontology[hit.classID].shortID, kb.ontology[hit.classID].label ?? "",
                 hit.matchedText, hit.reason.rawValue, kb.kind(of: hit.classID).rawValue]
            }
            let header = ["score", "id", "label", "matched", "match", "kind"]
            print(settings.format == .tsv ? renderTSV(header: header, rows: rows) : (rows.isEmpty ? "" : renderTable(header: header, rows: rows)),
                  terminator: "")
        }
        if hits.isEmpty {
            printError("panet: no term matches '\(text)'")
            throw ExitCode(1)
        }
    }
}

func format1(_ value: Double) -> String {
    let scaled = (value * 10).rounded() / 10
    return scaled == scaled.rounded() ? String(Int(scaled)) : String(scaled)
}
