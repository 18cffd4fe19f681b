import OntologyKit

extension ReleaseHistory {
    /// The columns of a history file, after its two `#` lines.
    static let columns = ["iri", "releases", "label", "synonyms", "parents", "deprecated", "replaced_by"]

    /// The history as a TSV file, deterministic for equal histories.
    ///
    /// Line 1 is `#panet-history<TAB>1` (format and version), line 2 `#releases<TAB>` and the release
    /// names oldest first, line 3 the column names: `iri`, `releases`, `label`, `synonyms`,
    /// `parents` (IRIs), `deprecated` (`true` or empty), `replaced_by` (IRIs). Each row is a class in a
    /// run of consecutive releases that say the same about it; rows are sorted by IRI, then release.
    /// Lists are separated by `|`; in every cell `\`, tab, line feed, carriage return and `|` are
    /// written `\\`, `\t`, `\n`, `\r` and `\|`.
    public func tsv() -> String {
        var lines = ["#\(Self.formatName)\t\(Self.formatVersion)",
                     (["#releases"] + releases.map { Self.escape($0) }).joined(separator: "\t"),
                     Self.columns.joined(separator: "\t")]
        for iri in classes.keys.sorted() {
            guard let states = classes[iri] else { continue }
            var start = 0
            while start < states.count {
                guard let state = states[start] else { start += 1; continue }
                var end = start + 1
                while end < states.count, states[end] == state { end += 1 }
                let cells = [Self.escape(iri), Self.list(Array(releases[start..<end])), Self.escape(state.label ?? ""),
                             Self.list(state.synonyms), Self.list(state.parents), state.isDeprecated ? "true" : "",
                             Self.list(state.replacedBy)]
                lines.append(cells.joined(separator: "\t"))
                start = end
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads a history file written by `tsv()`.
    ///
    /// - Throws: `CuratorError.csvSyntax` naming the line and column of the first problem (another
    ///   format or version, an unknown release, a class given twice for one release, a malformed row).
    public init(tsv text: String, source: String) throws {
        self.init()
        var lineNumber = 0
        var sawHeader = false
        func fail(_ column: Int, _ message: String) -> CuratorError {
            .csvSyntax(source: source, line: lineNumber, column: column, message: message)
        }
        var releaseIndex: [String: Int] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let row = line.hasSuffix("\r") ? line.dropLast() : line
            if row.isEmpty { continue }
            let fields = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            switch lineNumber {
            case 1:
                guard fields == ["#\(Self.formatName)", String(Self.formatVersion)] else {
                    throw fail(1, "not a panet history file of format version \(Self.formatVersion) (expected '#\(Self.formatName)<TAB>"
                        + "\(Self.formatVersion)', found '\(String(row).clippedForMessage)'); rebuild it with 'panet history build'")
                }
                continue
            case 2:
                guard fields.first == "#releases", fields.count > 1 else { throw fail(1, "expected '#releases' and the release names") }
                for (offset, field) in fields.dropFirst().enumerated() {
                    let name = try Self.unescape(field) { fail(offset + 2, $0) }
                    guard !name.isEmpty, releaseIndex[name] == nil else { throw fail(offset + 2, "an empty or repeated release name") }
                    releaseIndex[name] = releases.count
                    releases.append(name)
                }
                continue
            case 3:
                guard fields == Self.columns else { throw fail(1, "expected the columns " + Self.columns.joined(separator: ", ")) }
                sawHeader = true
                continue
            default:
                break
            }
            guard fields.count == Self.columns.count else {
                throw fail(1, "expected \(Self.columns.count) tab-separated cells, found \(fields.count)")
            }
            let iri = try Self.unescape(fields[0]) { fail(1, $0) }
            guard !iri.isEmpty else { throw fail(1, "an empty IRI") }
            let names = try Self.splitList(fields[1]) { fail(2, $0) }
            let state = ReleasedClass(
                label: try Self.unescape(fields[2]) { fail(3, $0) }.nonEmpty,
                synonyms: try Self.splitList(fields[3]) { fail(4, $0) },
                parents: try Self.splitList(fields[4]) { fail(5, $0) },
                isDeprecated: try { () throws -> Bool in
                    switch fields[5] {
                    case "true": return true
                    case "": return false
                    default: throw fail(6, "deprecated must be 'true' or empty, found '\(fields[5].clippedForMessage)'")
                    }
                }(),
                replacedBy: try Self.splitList(fields[6]) { fail(7, $0) })
            var states = classes[iri] ?? Array(repeating: nil, count: releases.count)
            guard !names.isEmpty else { throw fail(2, "no release named") }
            for name in names {
                guard let index = releaseIndex[name] else { throw fail(2, "unknown release '\(name.clippedForMessage)'") }
                guard states[index] == nil else { throw fail(2, "\(iri) is given twice for release \(name)") }
                states[index] = state
            }
            classes[iri] = states
        }
        guard sawHeader else {
            throw CuratorError.csvSyntax(source: source, line: max(lineNumber, 1), column: 1,
                                         message: "the history file ends before its column header")
        }
    }

    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { [0x5C, 0x09, 0x0A, 0x0D, 0x7C].contains($0) }) else { return text }
        var result = ""
        for character in text.unicodeScalars {
            switch character {
            case "\\": result += "\\\\"
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "|": result += "\\|"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    static func list(_ items: [String]) -> String { items.map(escape).joined(separator: "|") }

    /// The items of a `|`-separated cell, unescaped.
    static func splitList(_ cell: String, _ fail: (String) -> CuratorError) throws -> [String] {
        guard !cell.isEmpty else { return [] }
        var items: [String] = []
        var current = ""
        var escaped = false
        for scalar in cell.unicodeScalars {
            if escaped {
                current.unicodeScalars.append(scalar == "t" ? "\t" : scalar == "n" ? "\n" : scalar == "r" ? "\r" : scalar)
                guard "\\|tnr".unicodeScalars.contains(scalar) else { throw fail("unknown escape '\\\(scalar)'") }
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else if scalar == "|" {
                items.append(current)
                current = ""
            } else {
                current.unicodeScalars.append(scalar)
            }
        }
        guard !escaped else { throw fail("a cell ends in a lone '\\'") }
        items.append(current)
        return items
    }

    static func unescape(_ cell: String, _ fail: (String) -> CuratorError) throws -> String {
        guard cell.contains("\\") || cell.contains("|") else { return cell }
        let items = try splitList(cell, fail)
        guard items.count == 1 else { throw fail("an unescaped '|' in a single value; write it '\\|'") }
        return items[0]
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
