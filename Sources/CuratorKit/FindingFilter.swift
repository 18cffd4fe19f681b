import OntologyKit

/// A rule, or a rule at one level, as `validate --only`, `--ignore` and config files name it:
/// `duplicate_label` or `duplicate_label:warn`.
public struct RuleSelector: Sendable, Hashable {
    /// The rule.
    public var rule: QualityRule
    /// The level it applies to; nil for every level.
    public var level: FindingLevel?

    /// Creates a selector.
    public init(rule: QualityRule, level: FindingLevel? = nil) {
        self.rule = rule
        self.level = level
    }

    /// Parses `rule` or `rule:level` (case-insensitive); nil when either part is unknown.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", maxSplits: 1).map { $0.lowercased() }
        guard let first = parts.first, let rule = QualityRule(rawValue: first) else { return nil }
        self.rule = rule
        if parts.count == 2 {
            guard let level = FindingLevel.allCases.first(where: { $0.rawValue.lowercased() == parts[1] }) else { return nil }
            self.level = level
        }
    }

    /// True when `finding` is of this rule (and level).
    public func matches(_ finding: Finding) -> Bool {
        finding.rule == rule && (level == nil || finding.level == level)
    }

    /// What a selector may be, for messages: the rule names and the levels.
    public static var expected: String {
        "a rule (" + QualityRule.allCases.map(\.rawValue).joined(separator: ", ") + "), optionally with :error, :warn or :info"
    }
}

/// Which findings of a quality report to keep: `--only` rules, `--ignore` rules, and a config file
/// of rules to ignore everywhere or for some terms only.
public struct FindingFilter: Sendable {
    /// When not empty, only findings these select are kept.
    public var only: [RuleSelector] = []
    /// Findings these select are dropped.
    public var ignored: [RuleSelector] = []
    /// Findings these select are dropped when their subject is one of the IRIs.
    public var ignoredForSubjects: [(selector: RuleSelector, subjects: Set<String>)] = []

    /// A filter that keeps everything.
    public init() {}

    /// True when the filter keeps `finding`.
    public func keeps(_ finding: Finding) -> Bool {
        if !only.isEmpty && !only.contains(where: { $0.matches(finding) }) { return false }
        if ignored.contains(where: { $0.matches(finding) }) { return false }
        return !ignoredForSubjects.contains { $0.selector.matches(finding) && $0.subjects.contains(finding.subject) }
    }

    /// Adds the ignore list of a config file: one rule selector per line, optionally followed by
    /// the terms (IRIs, CURIEs or ids) it is ignored for; `#` starts a comment.
    ///
    /// ```
    /// # technique/specifier twins share labels by design
    /// duplicate_label:warn
    /// missing_definition PaNET01188 PaNET:PaNET01189
    /// ```
    ///
    /// - Parameters:
    ///   - text: The file's content.
    ///   - source: The file name, for messages.
    ///   - resolve: The IRI a term names, or nil when it names none.
    /// - Returns: Warnings for terms that name no class (such a line ignores nothing for them).
    /// - Throws: `CuratorError.invalidConfig` for an unknown rule or level, with its line and column.
    public mutating func addConfig(_ text: String, source: String, resolve: (String) -> String?) throws -> [String] {
        var warnings: [String] = []
        var lineNumber = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            lineNumber += 1
            let content = line.firstIndex(of: "#").map { line[..<$0] } ?? line
            var words: [(Substring, Int)] = []
            var column = 1, start: Substring.Index?, startColumn = 1
            for index in content.indices {
                if content[index].isWhitespace {
                    if let begin = start { words.append((content[begin..<index], startColumn)); start = nil }
                } else if start == nil {
                    start = index
                    startColumn = column
                }
                column += 1
            }
            if let begin = start { words.append((content[begin...], startColumn)) }
            guard let (first, firstColumn) = words.first else { continue }
            guard let selector = RuleSelector(parsing: String(first)) else {
                throw CuratorError.invalidConfig(source: source, line: lineNumber, column: firstColumn,
                                                 message: "unknown rule '\(String(first).clippedForMessage)'; expected \(RuleSelector.expected)")
            }
            if words.count == 1 {
                ignored.append(selector)
                continue
            }
            var subjects: Set<String> = []
            for (term, termColumn) in words.dropFirst() {
                if let iri = resolve(String(term)) {
                    subjects.insert(iri)
                } else {
                    warnings.append("\(source):\(lineNumber):\(termColumn): '\(String(term).clippedForMessage)' names no class; ignored")
                }
            }
            ignoredForSubjects.append((selector, subjects))
        }
        return warnings
    }
}

extension QualityReport {
    /// The report with only the findings `filter` keeps.
    public func filtered(by filter: FindingFilter) -> QualityReport {
        QualityReport(findings: findings.filter(filter.keeps))
    }
}
