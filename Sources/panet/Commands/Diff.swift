import ArgumentParser
import CuratorKit
import OntologyKit

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compares two releases: added, removed, deprecated, relabelled and moved classes.",
        discussion: """
            Reports classes added and removed, newly deprecated (with replacements), relabelled, synonyms \
            added or removed, definitions changed, and classes whose direct parents in the inferred \
            hierarchy changed. --format md writes release notes. PaNET never removes terms, so a removed \
            class is an error: exit 1 when a class was removed, 0 otherwise, 2 when a file cannot be read.
            """
    )

    @Argument(help: ArgumentHelp("The earlier release.", valueName: "old"))
    var old: String

    @Argument(help: ArgumentHelp("The later release.", valueName: "new"))
    var new: String

    @Option(help: "Output format.")
    var format: CuratorFormat = .table

    func run() throws {
        let before = try loadClassified(old)
        let after = try loadClassified(new)
        let diff = OntologyDiff(old: before, new: after)
        switch format {
        case .md:
            print(diff.releaseNotes(oldName: old, newName: new), terminator: "")
        case .json:
            print(JSON.render(json(diff)))
        case .table, .tsv, .csv:
            let rows = self.rows(diff)
            let header = ["change", "id", "label", "detail"]
            let text = format == .tsv ? renderTSV(header: header, rows: rows)
                : format == .csv ? renderCSV(header: header, rows: rows) : renderTable(header: header, rows: rows)
            print(text, terminator: "")
        }
        printError("panet: diff: " + diff.summary.map { "\($0.1) \($0.0)" }.joined(separator: ", "))
        if diff.hasErrors {
            printError("panet: error: \(diff.removed.count) class(es) removed; PaNET deprecates terms instead of removing them: "
                + diff.removed.map(\.display).joined(separator: ", "))
            throw ExitCode(1)
        }
    }

    func rows(_ diff: OntologyDiff) -> [[String]] {
        func list(_ terms: [DiffClass]) -> String { terms.map(\.display).joined(separator: ", ") }
        var rows: [[String]] = []
        for term in diff.removed { rows.append(["removed", term.shortID, term.label ?? "", "ERROR: terms must be deprecated, not removed"]) }
        for term in diff.added { rows.append(["added", term.shortID, term.label ?? "", ""]) }
        for change in diff.deprecated {
            rows.append(["deprecated", change.term.shortID, change.term.label ?? "",
                         change.replacedBy.isEmpty ? "" : "replaced by " + list(change.replacedBy)])
        }
        for term in diff.undeprecated { rows.append(["undeprecated", term.shortID, term.label ?? "", ""]) }
        for change in diff.relabelled {
            rows.append(["relabelled", change.term.shortID, change.newLabel ?? "", "was '\(change.oldLabel ?? "")'"])
        }
        for change in diff.synonymChanges {
            var parts: [String] = []
            if !change.added.isEmpty { parts.append("+ " + change.added.map { "'\($0)'" }.joined(separator: ", ")) }
            if !change.removed.isEmpty { parts.append("- " + change.removed.map { "'\($0)'" }.joined(separator: ", ")) }
            rows.append(["synonyms", change.term.shortID, change.term.label ?? "", parts.joined(separator: "; ")])
        }
        for change in diff.definitionChanges {
            let what = change.old == nil ? "added" : change.new == nil ? "removed" : "changed"
            rows.append(["definition", change.term.shortID, change.term.label ?? "", what + (change.new.map { ": \($0)" } ?? "")])
        }
        for change in diff.moved {
            var parts: [String] = []
            if !change.parentsGained.isEmpty { parts.append("+ " + list(change.parentsGained)) }
            if !change.parentsLost.isEmpty { parts.append("- " + list(change.parentsLost)) }
            rows.append(["moved", change.term.shortID, change.term.label ?? "", parts.joined(separator: "; ")])
        }
        return rows
    }

    func json(_ diff: OntologyDiff) -> JSON.Value {
        func term(_ value: DiffClass) -> JSON.Value {
            .object([("id", .string(value.shortID)), ("iri", .string(value.iri)), ("label", value.label.map(JSON.Value.string) ?? .null)])
        }
        func optional(_ text: String?) -> JSON.Value { text.map(JSON.Value.string) ?? .null }
        return .object([
            ("old", .object([("file", .string(old)), ("version", optional(diff.oldVersion))])),
            ("new", .object([("file", .string(new)), ("version", optional(diff.newVersion))])),
            ("summary", .object(diff.summary.map { ($0.0.replacingOccurrences(of: " ", with: "_"), .int($0.1)) })),
            ("added", .array(diff.added.map(term))),
            ("removed", .array(diff.removed.map(term))),
            ("deprecated", .array(diff.deprecated.map { change in
                .object([("term", term(change.term)), ("replaced_by", .array(change.replacedBy.map(term)))])
            })),
            ("undeprecated", .array(diff.undeprecated.map(term))),
            ("relabelled", .array(diff.relabelled.map { change in
                .object([("term", term(change.term)), ("old_label", optional(change.oldLabel)), ("new_label", optional(change.newLabel))])
            })),
            ("synonyms", .array(diff.synonymChanges.map { change in
                .object([("term", term(change.term)), ("added", .array(change.added.map(JSON.Value.string))),
                         ("removed", .array(change.removed.map(JSON.Value.string)))])
            })),
            ("definitions", .array(diff.definitionChanges.map { change in
                .object([("term", term(change.term)), ("old", optional(change.old)), ("new", optional(change.new))])
            })),
            ("moved", .array(diff.moved.map { change in
                .object([("term", term(change.term)), ("parents_gained", .array(change.parentsGained.map(term))),
                         ("parents_lost", .array(change.parentsLost.map(term)))])
            })),
        ])
    }
}
