import ArgumentParser
import OntologyKit

/// The four hierarchy walks share one implementation.
enum Walk: String {
    case parents, children, ancestors, descendants

    func classes(of id: ClassID, in hierarchy: ClassHierarchy) -> [ClassID] {
        switch self {
        case .parents: return hierarchy.parents[Int(id)]
        case .children: return hierarchy.children[Int(id)]
        case .ancestors: return hierarchy.ancestors(of: id)
        case .descendants: return hierarchy.descendants(of: id)
        }
    }
}

struct HierarchyArguments: ParsableArguments {
    @Argument(help: "The term: IRI, CURIE, id, label or synonym.")
    var term: String

    @Flag(help: "Use the stated rdfs:subClassOf hierarchy instead of the inferred one.")
    var asserted = false

    @OptionGroup var options: TermOptions

    func run(_ walk: Walk) throws {
        try WalkAction(walk: walk, term: term, asserted: asserted, settings: options.settings).run()
    }
}

/// `panet parents|children|ancestors|descendants`.
struct WalkAction: CommandAction {
    var walk: Walk
    var term: String
    var asserted = false
    var settings: TermSettings

    func run() throws {
        let kb = try settings.load()
        let match = try resolveTerm(term, in: kb, json: settings.format == .json)
        let hierarchy = kb.hierarchy(asserted: asserted)
        let ids = walk.classes(of: match.classID, in: hierarchy).sorted { kb.ontology[$0].shortID < kb.ontology[$1].shortID }
        printClasses(ids, kb: kb, format: settings.format)
    }
}

struct Parents: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parents",
        abstract: "Direct superclasses of a term (inferred unless --asserted).")
    @OptionGroup var arguments: HierarchyArguments
    func run() throws { try arguments.run(.parents) }
}

struct Children: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "children",
        abstract: "Direct subclasses of a term (inferred unless --asserted).")
    @OptionGroup var arguments: HierarchyArguments
    func run() throws { try arguments.run(.children) }
}

struct Ancestors: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ancestors",
        abstract: "All superclasses of a term (inferred unless --asserted).")
    @OptionGroup var arguments: HierarchyArguments
    func run() throws { try arguments.run(.ancestors) }
}

struct Descendants: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "descendants",
        abstract: "All subclasses of a term (inferred unless --asserted).")
    @OptionGroup var arguments: HierarchyArguments
    func run() throws { try arguments.run(.descendants) }
}

struct Path: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path",
        abstract: "Every path from a term up to a root.")

    @Argument(help: "The term.")
    var term: String

    @Flag(help: "Use the stated hierarchy.")
    var asserted = false

    @OptionGroup var options: TermOptions

    func run() throws { try PathAction(term: term, asserted: asserted, settings: options.settings).run() }
}

/// `panet path`.
struct PathAction: CommandAction {
    var term: String
    var asserted = false
    var settings: TermSettings

    func run() throws {
        let kb = try settings.load()
        let match = try resolveTerm(term, in: kb, json: settings.format == .json)
        let paths = kb.hierarchy(asserted: asserted).pathsToRoot(from: match.classID)
        switch settings.format {
        case .json:
            print(JSON.render(.array(paths.map { .array($0.map { kb.summary($0) }) })))
        case .tsv:
            let rows = paths.enumerated().flatMap { index, path in
                path.enumerated().map { step, id in [String(index + 1), String(step)] + kb.row(id) }
            }
            print(renderTSV(header: ["path", "step", "id", "label", "iri"], rows: rows), terminator: "")
        case .table:
            for path in paths {
                print(path.map { kb.display($0) }.joined(separator: " > "))
            }
        }
    }
}

struct Roots: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roots",
        abstract: "The ontology's own classes without a superclass (foreign classes such as foaf:Person are left out).")

    @Flag(help: "Use the stated hierarchy.")
    var asserted = false

    @OptionGroup var options: TermOptions

    func run() throws {
        let kb = try options.load()
        printClasses(kb.hierarchy(asserted: asserted).roots, kb: kb, format: options.format)
    }
}

struct CommonAncestors: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lca",
        abstract: "Lowest common ancestors of two terms."
    )

    @Argument(help: "First term.")
    var first: String

    @Argument(help: "Second term.")
    var second: String

    @Flag(help: "Use the stated hierarchy.")
    var asserted = false

    @OptionGroup var options: TermOptions

    func run() throws {
        let kb = try options.load()
        let a = try resolveTerm(first, in: kb, json: options.format == .json)
        let b = try resolveTerm(second, in: kb, json: options.format == .json)
        printClasses(kb.hierarchy(asserted: asserted).lowestCommonAncestors(a.classID, b.classID), kb: kb, format: options.format)
    }
}

struct Tree: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tree",
        
        abstract: "Prints the hierarchy below a term (or below every root) as an indented tree.",
        discussion: "A class with several parents appears under each; '≡' marks equivalent classes."
    )

    @Argument(help: "The top term (default: every root).")
    var term: String?

    @Option(help: "How many levels to show below the top.")
    var depth: Int?

    @Flag(help: "Use the stated hierarchy.")
    var asserted = false

    @OptionGroup var options: TermOptions

    func validate() throws {
        if let depth, depth < 0 { throw ValidationError("--depth must be 0 or more") }
    }

    func run() throws {
        let kb = try options.load()
        let hierarchy = kb.hierarchy(asserted: asserted)
        let tops = try term.map { [try resolveTerm($0, in: kb, json: options.format == .json).classID] } ?? hierarchy.roots
        let limit = depth ?? Int.max
        func sortedChildren(_ id: ClassID) -> [ClassID] {
            hierarchy.children[Int(id)].sorted { (kb.ontology[$0].label ?? "") < (kb.ontology[$1].label ?? "") }
        }
        switch options.format {
        case .json:
            func node(_ id: ClassID, _ level: Int, _ path: Set<ClassID>) -> JSON.Value {
                guard case .object(var members) = kb.summary(id) else { return .null }
                if level < limit {
                    members.append(("children", .array(sortedChildren(id).filter { !path.contains($0) }
                        .map { node($0, level + 1, path.union([$0])) })))
                }
                return .object(members)
            }
            print(JSON.render(.array(tops.map { node($0, 0, [$0]) })))
        case .tsv, .table:
            var lines: [String] = []
            var rows: [[String]] = []
            func walk(_ id: ClassID, _ level: Int, _ path: Set<ClassID>) {
                let equivalents = kb.classification.completeHierarchy.equivalents[Int(id)]
                let suffix = equivalents.isEmpty ? "" : "  ≡ " + equivalents.map { kb.display($0) }.joined(separator: ", ")
                lines.append(String(repeating: "  ", count: level) + kb.display(id) + suffix)
                rows.append([String(level)] + kb.row(id))
                guard level < limit else { return }
                for child in sortedChildren(id) where !path.contains(child) { walk(child, level + 1, path.union([child])) }
            }
            for top in tops { walk(top, 0, [top]) }
            if options.format == .tsv {
                print(renderTSV(header: ["depth", "id", "label", "iri"], rows: rows), terminator: "")
            } else {
                print(lines.joined(separator: "\n"))
            }
        }
    }
}
