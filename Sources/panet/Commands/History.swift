import ArgumentParser
import CuratorKit
import OntologyKit

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "A term's changes release by release, and building the release history file.",
        discussion: """
            'panet history TERM --history FILE' (the same as 'panet history show TERM ...') lists the \
            label, synonym, parent, deprecation and replacement changes of a class release by release, \
            up to and including the loaded ontology (--ontology). 'panet history build DIR... -o FILE' \
            writes the history file from release source folders or release files.
            """,
        subcommands: [HistoryShow.self, HistoryBuild.self],
        defaultSubcommand: HistoryShow.self
    )
}

struct HistoryBuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Writes the release history of PaNET from release folders or release files.",
        discussion: """
            Each RELEASE is a folder holding a ROBOT template (.csv/.tsv) and its header (.ttl), built \
            in-process as 'panet build' does, or a release file (RDF/XML, Turtle ...). Its name is the \
            version in the folder or file name (v1.2.0, PaNET-v1.1.1.owl), or give NAME=PATH \
            (1.3.0=ontology/source). Releases are ordered by version. For every class the file keeps, per \
            release, its label, synonyms, direct parents in the inferred hierarchy, deprecation and \
            replacements, as TSV (format 'panet-history' version 1, described in the README), written \
            atomically. Exit 0 on success, 2 for a release that cannot be read or built.
            """
    )

    @Argument(help: ArgumentHelp("Release folders or files, as PATH or NAME=PATH.", valueName: "release"))
    var releases: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the history here (stdout without it).", valueName: "file"))
    var output: String?

    @Flag(help: "Accept Turtle headers whose short strings hold raw line breaks (PaNET 1.0.0 and 1.1.0), with a warning per line.")
    var lenient = false

    func validate() throws {
        guard !releases.isEmpty else { throw ValidationError("give at least one release folder or file") }
        var names: Set<String> = []
        for argument in releases {
            guard let source = ReleaseSource(argument: argument) else {
                throw ValidationError("cannot tell the release version of '\(argument)'; name it as NAME=PATH, e.g. 1.3.0=\(argument)")
            }
            guard names.insert(source.name).inserted else { throw ValidationError("release \(source.name) is given twice") }
        }
    }

    func run() throws {
        var sources = releases.compactMap(ReleaseSource.init(argument:))
        if sources.allSatisfy({ ReleaseHistory.versionKey($0.name) != nil }) {
            sources.sort { ReleaseHistory.versionKey($0.name)!.lexicographicallyPrecedes(ReleaseHistory.versionKey($1.name)!) }
        }
        var history = ReleaseHistory()
        for source in sources {
            let (ontology, warnings) = try reportingErrors {
                try refuseEmpty(source.path)
                return try source.load(lenientHeader: lenient)
            }
            for warning in warnings { printError("panet: warning: \(warning.source ?? source.path):\(warning)") }
            history.append(release: source.name, classes: ReleaseHistory.snapshot(of: ontology))
        }
        try emit(history.tsv(), to: output)
        var summary = "panet: history: \(history.releases.count) releases (\(history.releases.joined(separator: ", "))), "
            + "\(history.classes.count) classes"
        if let output { summary += ", written to \(output)" }
        printError(summary)
    }
}

struct HistoryShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Shows how a class changed, release by release, up to the loaded ontology.",
        discussion: """
            TERM is anything 'panet lookup' takes, or a label, synonym or id the class had in any release \
            of the history. The loaded ontology (--ontology) is the last release: releases of the history \
            that are not older than its owl:versionInfo are left out. A name several classes had in some \
            release shows each of them. Changes: added, removed, relabelled, synonym added/removed, \
            parent added/removed (direct parents in the inferred hierarchy), deprecated, undeprecated, \
            replaced by. Exit 0, 1 for an unknown term, 2 for an unreadable history or ontology.
            """
    )

    @Argument(help: "The term: IRI, CURIE, id, label or synonym, current or former.")
    var term: String

    @Option(help: ArgumentHelp("The history file ('panet history build' writes it).", valueName: "file"))
    var history: String

    @OptionGroup var options: TermOptions

    func run() throws {
        let kb = try options.load()
        var releases = try reportingErrors {
            try refuseEmpty(history)
            return try ReleaseHistory(tsv: TextFile.read(history), source: history)
        }
        var loadedName = kb.ontology.versionInfo.flatMap { ReleaseHistory.versionKey($0) != nil ? $0 : nil } ?? "loaded"
        releases = releases.prefix(releases.position(of: loadedName))
        if releases.releases.contains(loadedName) { loadedName += " (loaded)" }
        releases.append(release: loadedName, classes: ReleaseHistory.snapshot(of: kb))

        var iris: [String]
        if let match = kb.resolver.resolve(term) {
            iris = [kb.ontology[match.classID].iri]
        } else {
            iris = releases.iris(named: term)
        }
        if iris.isEmpty {
            _ = try resolveTerm(term, in: kb, json: options.format == .json)
            return
        }
        if iris.count > 1 {
            printError("panet: history: '\(term.clippedForMessage)' names \(iris.count) classes across the releases: "
                + iris.map { Ontology.shortID(of: $0) }.joined(separator: ", "))
        }
        let last = releases.releases.count - 1
        switch options.format {
        case .json:
            let items = iris.map { iri -> JSON.Value in
                let present = releases.releases.indices.filter { releases.classes[iri]?[$0] != nil }.map { releases.releases[$0] }
                return .object([
                    ("iri", .string(iri)), ("id", .string(Ontology.shortID(of: iri))),
                    ("label", releases.label(of: iri, atRelease: last).map(JSON.Value.string) ?? .null),
                    ("releases", .array(present.map(JSON.Value.string))),
                    ("changes", .array(releases.changes(of: iri).map { change in
                        .object([("release", .string(change.release)), ("change", .string(change.kind.rawValue)),
                                 ("old", change.old.map(JSON.Value.string) ?? .null),
                                 ("new", change.new.map(JSON.Value.string) ?? .null)])
                    })),
                ])
            }
            print(JSON.render(.object([("term", .string(term)), ("classes", .array(items))])))
        case .tsv:
            let rows = iris.flatMap { iri in
                releases.changes(of: iri).map { [iri, $0.release, $0.kind.rawValue, $0.old ?? "", $0.new ?? ""] }
            }
            print(renderTSV(header: ["iri", "release", "change", "old", "new"], rows: rows), terminator: "")
        case .table:
            for (index, iri) in iris.enumerated() {
                if index > 0 { print("") }
                let label = releases.label(of: iri, atRelease: last).map { " '\($0)'" } ?? ""
                print("\(Ontology.shortID(of: iri))\(label)  <\(iri)>")
                let rows = releases.changes(of: iri).map { [$0.release, $0.kind.rawValue, $0.old ?? "", $0.new ?? ""] }
                print(renderTable(header: ["release", "change", "old", "new"], rows: rows), terminator: "")
            }
        }
    }
}
