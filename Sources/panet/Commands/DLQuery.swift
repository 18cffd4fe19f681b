import ArgumentParser
import CuratorKit
import OntologyKit

struct DLQueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dl-query",
        abstract: "Places a class expression: equivalent classes, direct super- and subclasses, satisfiability.",
        discussion: """
            EXPRESSION is OWL Manchester syntax over the ontology's names: classes by 'quoted label', \
            synonym, short id, CURIE or <IRI>; object properties by 'quoted label', CURIE or IRI; 'and' and \
            'some' with parentheses, e.g. "'x-ray probe' and ('definedbyprocess' some PaNET2020018)". The \
            expression is added as a fresh named class and the ontology classified, as Protégé's DL Query \
            tab does. --all lists every super- and subclass, not only the direct ones. Exit 0 with an \
            answer (also for an unsatisfiable expression, reported as such), 2 for a syntax error, an \
            unknown name or a construct outside OWL 2 EL (not, only, or), with its character position.
            """
    )

    @Argument(help: "A class expression in Manchester syntax.")
    var expression: String

    @Flag(help: "Every superclass and subclass, not only the direct ones.")
    var all = false

    @OptionGroup var options: TermOptions

    func run() throws {
        let kb = try options.load()
        let parsed = try reportingErrors { try DLQuery.expression(expression, in: kb) }
        let placement = kb.place(parsed, all: all)
        let groups: [(String, [ClassID])] = [
            ("equivalent", placement.equivalents),
            (all ? "superclass" : "direct superclass", placement.superclasses),
            (all ? "subclass" : "direct subclass", placement.subclasses),
        ]
        switch options.format {
        case .json:
            print(JSON.render(.object([
                ("expression", .string(expression)),
                ("satisfiable", .bool(placement.isSatisfiable)),
                ("equivalents", .array(placement.equivalents.map { kb.summary($0) })),
                ("superclasses", .array(placement.superclasses.map { kb.summary($0) })),
                ("subclasses", .array(placement.subclasses.map { kb.summary($0) })),
                ("direct", .bool(!all)),
            ])))
        case .tsv:
            let rows = groups.flatMap { relation, ids in ids.map { [relation] + kb.row($0) } }
            print(renderTSV(header: ["relation", "id", "label", "iri"], rows: rows), terminator: "")
        case .table:
            if !placement.isSatisfiable { printError("panet: note: the expression is unsatisfiable (equivalent to owl:Nothing)") }
            let rows = groups.flatMap { relation, ids in ids.map { [relation] + kb.row($0) } }
            print(renderTable(header: ["relation", "id", "label", "iri"], rows: rows), terminator: "")
        }
    }
}
