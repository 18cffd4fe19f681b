import ArgumentParser
import CuratorKit
import OntologyKit
import RDFModel

/// `--format` values of the curator commands that can also write Markdown.
enum CuratorFormat: String, CaseIterable, ExpressibleByArgument {
    case table, tsv, csv, json, md
}

/// Loads and classifies an ontology file for the curator commands, mapping failures to exit 2.
func loadClassified(_ path: String) throws -> ClassifiedOntology {
    try reportingErrors {
        try refuseEmpty(path)
        return try ClassifiedOntology.load(path: path)
    }
}

/// `prefix:local` for an IRI the prefixes can shorten, else the IRI itself.
func compactIRI(_ iri: String, _ prefixes: PrefixMap) -> String {
    if let (prefix, local) = prefixes.abbreviate(iri), !local.isEmpty { return "\(prefix):\(local)" }
    return iri
}

/// Escapes a Markdown table cell.
func markdownCell(_ text: String) -> String {
    var result = ""
    for character in text {
        switch character {
        case "|": result += "\\|"
        case "\n", "\r": result += " "
        default: result.append(character)
        }
    }
    return result
}

/// Renders rows as a Markdown table.
func renderMarkdownTable(header: [String], rows: [[String]]) -> String {
    var output = "| " + header.map(markdownCell).joined(separator: " | ") + " |\n"
    output += "|" + header.map { _ in "---" }.joined(separator: "|") + "|\n"
    for row in rows { output += "| " + row.map(markdownCell).joined(separator: " | ") + " |\n" }
    return output
}

/// Renders rows as RFC 4180 CSV: cells with a comma, quote or line break are quoted, quotes doubled.
func renderCSV(header: [String], rows: [[String]]) -> String {
    func cell(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return ([header] + rows).map { $0.map(cell).joined(separator: ",") + "\r\n" }.joined()
}
