import RDFModel

extension MappingFinding {
    /// JUnit XML for CI: one `testsuite` per file, one `testcase` per rule, and on each rule with
    /// error findings a `failure` listing them (warnings are listed in `system-out`).
    ///
    /// - Parameter results: Each file with its findings, in the order checked.
    public static func junit(_ results: [(file: String, findings: [MappingFinding])]) -> String {
        func escape(_ text: String, attribute: Bool = false) -> String {
            let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.map {
                $0.value < 0x20 && $0 != "\n" && $0 != "\t" ? " " : $0
            }))
            return TextEscaping.xml(cleaned, attribute: attribute) ?? ""
        }
        let totalFailures = results.reduce(0) { total, result in
            total + MappingRule.allCases.filter { rule in result.findings.contains { $0.rule == rule && $0.level == .error } }.count
        }
        var output = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        output += "<testsuites name=\"panet mappings validate\" tests=\"\(results.count * MappingRule.allCases.count)\" "
            + "failures=\"\(totalFailures)\">\n"
        for (file, findings) in results {
            let failed = MappingRule.allCases.filter { rule in findings.contains { $0.rule == rule && $0.level == .error } }
            output += "  <testsuite name=\"\(escape(file, attribute: true))\" tests=\"\(MappingRule.allCases.count)\" "
                + "failures=\"\(failed.count)\" errors=\"0\">\n"
            for rule in MappingRule.allCases {
                let ruleFindings = findings.filter { $0.rule == rule }
                output += "    <testcase classname=\"\(escape(file, attribute: true))\" name=\"\(rule.rawValue)\""
                guard !ruleFindings.isEmpty else {
                    output += "/>\n"
                    continue
                }
                output += ">\n"
                let lines = ruleFindings.map { "\($0.location): \($0.level.rawValue): \($0.message); fix: \($0.fix)" }
                let errors = ruleFindings.filter { $0.level == .error }
                if !errors.isEmpty {
                    output += "      <failure message=\"\(errors.count) error\(errors.count == 1 ? "" : "s")\" type=\"\(rule.rawValue)\">"
                        + escape(lines.joined(separator: "\n")) + "</failure>\n"
                } else {
                    output += "      <system-out>" + escape(lines.joined(separator: "\n")) + "</system-out>\n"
                }
                output += "    </testcase>\n"
            }
            output += "  </testsuite>\n"
        }
        return output + "</testsuites>\n"
    }

    /// `file:line`, or the file alone for a finding about the whole set.
    public var location: String {
        line > 0 ? "\(file):\(line)" : file
    }
}
