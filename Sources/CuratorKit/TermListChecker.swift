public import OntologyKit

/// One entry of a facility's term list, with where it came from.
public struct TermListEntry: Sendable, Equatable {
    /// The 1-based line of the file.
    public var line: Int
    /// The text as written, trimmed.
    public var text: String
    /// Every cell of the entry's row, as written, for a CSV or TSV list (empty for plain text).
    public var cells: [String]

    /// Creates an entry.
    public init(line: Int, text: String, cells: [String] = []) {
        self.line = line
        self.text = text
        self.cells = cells
    }
}

/// A term list as read: its entries and, for a CSV or TSV table, its header.
public struct TermList: Sendable, Equatable {
    /// The column names of a table (empty for plain text).
    public var header: [String]
    /// The position in `header` of the column holding the terms (nil for plain text).
    public var termColumn: Int?
    /// The terms, in file order.
    public var entries: [TermListEntry]
}

/// Reads term lists: plain text with one term per line, or a CSV/TSV column.
public enum TermListReader {
    /// Reads the terms of the file at `path`.
    ///
    /// Plain text: one term per line; blank lines and lines starting with `#` are skipped. With
    /// `column`, or for a `.csv`/`.tsv` file, the first row is a header and the terms are the values of
    /// `column` (the first column when `column` is nil); empty cells are skipped.
    ///
    /// - Throws: `CuratorError` for an unreadable file, an unknown encoding, malformed CSV, a missing
    ///   column, or a list with no terms.
    public static func read(path: String, column: String? = nil) throws -> [TermListEntry] {
        try readList(path: path, column: column).entries
    }

    /// Reads the file at `path` as `read(path:column:)` does, keeping a table's header and cells.
    public static func readList(path: String, column: String? = nil) throws -> TermList {
        let text = try TextFile.read(path)
        let lower = path.lowercased()
        let isTable = column != nil || lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") || lower.hasSuffix(".tab")
        let list = isTable ? try table(text, source: path, column: column)
            : TermList(header: [], termColumn: nil, entries: lineEntries(text))
        guard !list.entries.isEmpty else { throw CuratorError.emptyInput(source: path) }
        return list
    }

    /// The terms of a plain-text list.
    public static func lineEntries(_ text: String) -> [TermListEntry] {
        var entries: [TermListEntry] = []
        var lineNumber = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            lineNumber += 1
            let trimmed = trim(line)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            entries.append(TermListEntry(line: lineNumber, text: trimmed))
        }
        return entries
    }

    /// The terms of one column of a CSV or TSV table whose first record is the header.
    public static func tableEntries(_ text: String, source: String, column: String?) throws -> [TermListEntry] {
        try table(text, source: source, column: column).entries.map { TermListEntry(line: $0.line, text: $0.text) }
    }

    /// A CSV or TSV table whose first record is the header, with the terms of one column.
    public static func table(_ text: String, source: String, column: String?) throws -> TermList {
        let records = try CSVReader(delimiter: CSVReader.delimiter(forPath: source)).records(text, source: source)
        guard let header = records.first(where: { !$0.isBlank }) else { throw CuratorError.emptyInput(source: source) }
        var index = 0
        if let column {
            let wanted = trim(Substring(column)).lowercased()
            guard let found = header.fields.firstIndex(where: { trim(Substring($0)).lowercased() == wanted }) else {
                throw CuratorError.columnNotFound(source: source, column: column,
                                                  available: header.fields.map { trim(Substring($0)) })
            }
            index = found
        }
        let width = header.fields.count
        let entries = records.drop { $0.line <= header.line }.compactMap { record -> TermListEntry? in
            let value = trim(Substring(record[index]))
            guard !value.isEmpty else { return nil }
            return TermListEntry(line: record.line, text: value, cells: (0..<max(width, record.fields.count)).map { record[$0] })
        }
        return TermList(header: header.fields.map { trim(Substring($0)) }, termColumn: index, entries: entries)
    }

    static func trim(_ text: Substring) -> String {
        var slice = text
        while let first = slice.first, first.isWhitespace || first == "\u{FEFF}" { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}

/// What became of one term of a list.
public enum TermStatus: String, Sendable, Codable {
    /// One class matches (or one is clearly preferred).
    case matched
    /// Several classes match equally well.
    case ambiguous
    /// The class that matches is deprecated.
    case deprecated
    /// Nothing matches.
    case unknown
}

/// A suggestion for an unknown term.
public struct TermSuggestion: Sendable, Equatable {
    /// The suggested class.
    public var classID: ClassID
    /// The search score, 0–100.
    public var score: Double
    /// The label or synonym that scored.
    public var matchedText: String
}

/// The verdict for one term.
public struct TermCheck: Sendable {
    /// The entry checked.
    public var entry: TermListEntry
    /// The outcome.
    public var status: TermStatus
    /// The chosen class (the preferred one when ambiguous); nil when unknown.
    public var classID: ClassID?
    /// How it matched (id, label, synonym ...).
    public var matchKind: MatchKind?
    /// Other classes the term names equally well (for `.ambiguous`), or less preferred ones otherwise.
    public var alternatives: [ClassID]
    /// Replacement classes of a deprecated match (IRIs, since a replacement may be outside the ontology).
    public var replacements: [String]
    /// Best guesses for an unknown term.
    public var suggestions: [TermSuggestion]
}

/// Checks a facility's list of technique names or ids against an ontology.
public struct TermListChecker: Sendable {
    /// The ontology, classified and indexed.
    public let ontology: ClassifiedOntology
    /// How many suggestions to give for an unknown term.
    public var suggestionLimit: Int
    let preferred: Set<ClassID>

    /// Prepares a checker.
    ///
    /// - Parameters:
    ///   - ontology: The ontology to check against.
    ///   - preferredRoot: Classes under this root win ties (PaNET's technique root by default), so a
    ///     label shared by a technique and its specifier twin is a match, not an ambiguity.
    ///   - suggestionLimit: Suggestions per unknown term.
    public init(ontology: ClassifiedOntology, preferredRoot: String? = TermResolver.panetTechniqueRoot,
                suggestionLimit: Int = 3) {
        self.ontology = ontology
        self.suggestionLimit = suggestionLimit
        if let preferredRoot, let root = ontology.ontology.classID(of: preferredRoot) {
            preferred = Set(ontology.classification.hierarchy.descendants(of: root) + [root])
        } else {
            preferred = []
        }
    }

    /// Checks every entry.
    public func check(_ entries: [TermListEntry]) -> [TermCheck] {
        entries.map(check)
    }

    /// Checks one entry.
    public func check(_ entry: TermListEntry) -> TermCheck {
        let matches = ontology.resolver.resolveAll(entry.text)
        guard let best = matches.first else {
            let hits = ontology.search.search(entry.text, limit: suggestionLimit)
            return TermCheck(entry: entry, status: .unknown, classID: nil, matchKind: nil, alternatives: [], replacements: [],
                             suggestions: hits.map { TermSuggestion(classID: $0.classID, score: $0.score, matchedText: $0.matchedText) })
        }
        let bestRank = rank(best)
        let ties = matches.dropFirst().filter { rank($0) == bestRank }.map(\.classID)
        let others = matches.dropFirst().map(\.classID)
        let item = ontology.ontology[best.classID]
        if item.isDeprecated {
            return TermCheck(entry: entry, status: .deprecated, classID: best.classID, matchKind: best.kind,
                             alternatives: others, replacements: item.replacedBy, suggestions: [])
        }
        return TermCheck(entry: entry, status: ties.isEmpty ? .matched : .ambiguous, classID: best.classID,
                         matchKind: best.kind, alternatives: ties.isEmpty ? others : ties, replacements: [], suggestions: [])
    }

    /// The tie-break tier of a match: label/id before synonym, live before deprecated, preferred root first.
    func rank(_ match: TermMatch) -> Int {
        var value = 0
        if match.kind == .synonym { value += 4 }
        if ontology.ontology[match.classID].isDeprecated { value += 2 }
        if !preferred.isEmpty && !preferred.contains(match.classID) { value += 1 }
        return value
    }
}
