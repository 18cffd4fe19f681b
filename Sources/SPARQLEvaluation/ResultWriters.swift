public import RDFModel

/// Tabular result formats for SELECT and ASK results.
public enum ResultFormat: String, Sendable, CaseIterable {
    /// SPARQL 1.1 Query Results JSON Format.
    case json
    /// SPARQL Query Results XML Format (Second Edition).
    case xml
    /// SPARQL 1.1 Query Results CSV Format.
    case csv
    /// SPARQL 1.1 Query Results TSV Format.
    case tsv
    /// An aligned text table for people.
    case table
}

/// Writes SELECT and ASK results in the W3C result formats.
public enum ResultWriter {
    /// Serialises a SELECT or ASK result.
    ///
    /// - Parameters:
    ///   - result: A `.solutions` or `.boolean` result.
    ///   - format: The output format.
    ///   - prefixes: Namespaces used to shorten IRIs in the `table` format.
    /// - Throws: `SPARQLEvaluationError.incompatibleFormat` for a graph result.
    public static func write(_ result: QueryResult, format: ResultFormat, prefixes: [(prefix: String, namespace: String)] = []) throws -> String {
        switch result {
        case .graph:
            throw SPARQLEvaluationError.incompatibleFormat(form: "CONSTRUCT/DESCRIBE", format: format.rawValue)
        case .boolean(let value):
            switch format {
            case .json: return "{\"head\":{},\"boolean\":\(value)}\n"
            case .xml:
                return "<?xml version=\"1.0\"?>\n<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n  <head/>\n  <boolean>\(value)</boolean>\n</sparql>\n"
            case .csv: return "_askResult\r\n\(value)\r\n"
            case .tsv: return "?_askResult\n\(value)\n"
            case .table: return "\(value ? "yes" : "no")\n"
            }
        case .solutions(let table):
            switch format {
            case .json: return json(table)
            case .xml: return xml(table)
            case .csv: return csv(table)
            case .tsv: return tsv(table)
            case .table: return text(table, prefixes: prefixes)
            }
        }
    }

    /// SPARQL 1.1 Query Results JSON Format §3.
    public static func json(_ table: SolutionTable) -> String {
        var output = JSONBytes()
        output.bytes.reserveCapacity(64 + table.rows.count * (4 + table.variables.count * 96))
        output.append("{\"head\":{\"vars\":[")
        for (index, name) in table.variables.enumerated() {
            if index > 0 { output.append(",") }
            output.appendQuoted(name)
        }
        output.append("]},\n\"results\":{\"bindings\":[\n")
        // Each variable's `"name":` once.
        let names: [[UInt8]] = table.variables.map { name in
            var member = JSONBytes()
            member.appendQuoted(name)
            member.append(":")
            return member.bytes
        }
        var first = true
        for row in table.rows {
            if !first { output.append(",\n") }
            first = false
            output.append("{")
            var firstMember = true
            for (index, term) in row.enumerated() {
                guard let term else { continue }
                if !firstMember { output.append(",") }
                firstMember = false
                output.bytes.append(contentsOf: names[index])
                output.appendTerm(term)
            }
            output.append("}")
        }
        output.append("\n]}}\n")
        return String(decoding: output.bytes, as: UTF8.self)
    }

    static func jsonTerm(_ term: Term) -> String {
        var output = JSONBytes()
        output.appendTerm(term)
        return String(decoding: output.bytes, as: UTF8.self)
    }

    static func jsonString(_ text: String) -> String {
        TextEscaping.jsonQuoted(text)
    }

    /// SPARQL Query Results XML Format §2.
    public static func xml(_ table: SolutionTable) -> String {
        var output = "<?xml version=\"1.0\"?>\n<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n  <head>\n"
        for name in table.variables { output += "    <variable name=\"\(xmlEscape(name))\"/>\n" }
        output += "  </head>\n  <results>\n"
        for row in table.rows {
            output += "    <result>\n"
            for (name, term) in zip(table.variables, row) {
                guard let term else { continue }
                output += "      <binding name=\"\(xmlEscape(name))\">"
                switch term {
                case .iri(let iri): output += "<uri>\(xmlEscape(iri))</uri>"
                case .blankNode(let label): output += "<bnode>\(xmlEscape(label))</bnode>"
                case .literal(let literal):
                    if let language = literal.language {
                        output += "<literal xml:lang=\"\(xmlEscape(language))\">"
                    } else if literal.datatype != XSD.string {
                        output += "<literal datatype=\"\(xmlEscape(literal.datatype))\">"
                    } else {
                        output += "<literal>"
                    }
                    output += xmlEscape(literal.lexicalForm) + "</literal>"
                }
                output += "</binding>\n"
            }
            output += "    </result>\n"
        }
        return output + "  </results>\n</sparql>\n"
    }

    /// Text for an XML results document. A character XML 1.0 cannot carry (most C0 controls) is
    /// written as U+FFFD, so the document stays well-formed.
    static func xmlEscape(_ text: String) -> String {
        if let escaped = TextEscaping.xml(text, attribute: true) { return escaped }
        let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.map { TextEscaping.isXMLCharacter($0) ? $0 : "\u{FFFD}" }))
        return TextEscaping.xml(cleaned, attribute: true) ?? ""
    }

    /// SPARQL 1.1 Query Results CSV Format: plain values, CRLF line ends, quoting when needed.
    public static func csv(_ table: SolutionTable) -> String {
        func cell(_ text: String) -> String {
            if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
            }
            return text
        }
        var output = table.variables.map(cell).joined(separator: ",") + "\r\n"
        for row in table.rows {
            output += row.map { term -> String in
                switch term {
                case nil: return ""
                case .iri(let iri)?: return cell(iri)
                case .blankNode(let label)?: return "_:" + label
                case .literal(let literal)?: return cell(literal.lexicalForm)
                }
            }.joined(separator: ",") + "\r\n"
        }
        return output
    }

    /// SPARQL 1.1 Query Results TSV Format: terms in Turtle syntax.
    public static func tsv(_ table: SolutionTable) -> String {
        var output = table.variables.map { "?" + $0 }.joined(separator: "\t") + "\n"
        for row in table.rows {
            output += row.map { $0.map(turtleTerm) ?? "" }.joined(separator: "\t") + "\n"
        }
        return output
    }

    /// A term in N-Triples syntax, with integers, decimals, doubles and booleans in their short Turtle forms.
    public static func turtleTerm(_ term: Term) -> String {
        switch term {
        case .iri(let iri): return "<" + iri + ">"
        case .blankNode(let label): return "_:" + label
        case .literal(let literal):
            let text = literal.lexicalForm
            switch literal.datatype {
            case XSD.integer where text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "+") }) && !text.isEmpty:
                return text
            case XSD.boolean where text == "true" || text == "false":
                return text
            default:
                break
            }
            let quoted = "\"" + escapeString(text) + "\""
            if let language = literal.language { return quoted + "@" + language }
            if literal.datatype == XSD.string { return quoted }
            return quoted + "^^<" + literal.datatype + ">"
        }
    }

    static func escapeString(_ text: String) -> String {
        TextEscaping.nTriplesString(text)
    }

    /// An aligned table with IRIs shortened by `prefixes`.
    public static func text(_ table: SolutionTable, prefixes: [(prefix: String, namespace: String)]) -> String {
        let sortedPrefixes = prefixes.sorted { $0.namespace.count > $1.namespace.count }
        func display(_ term: Term?) -> String {
            guard let term else { return "" }
            switch term {
            case .iri(let iri):
                for (prefix, namespace) in sortedPrefixes where iri.hasPrefix(namespace) && iri.count > namespace.count {
                    let local = iri.dropFirst(namespace.count)
                    if local.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) { return prefix + ":" + local }
                }
                return "<" + iri + ">"
            case .literal(let literal) where literal.language == nil && (literal.datatype == XSD.string
                    || literal.datatype == XSD.integer || literal.datatype == XSD.decimal || literal.datatype == XSD.boolean):
                return literal.lexicalForm.replacingNewlines()
            case .literal(let literal) where literal.language != nil:
                return literal.lexicalForm.replacingNewlines() + "@" + (literal.language ?? "")
            default:
                return turtleTerm(term)
            }
        }
        let header = table.variables
        let rows = table.rows.map { $0.map(display) }
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ")
        }
        var output = line(header) + "\n" + line(widths.map { String(repeating: "-", count: $0) }) + "\n"
        for row in rows { output += line(row) + "\n" }
        output += "(\(rows.count) row\(rows.count == 1 ? "" : "s"))\n"
        return output
    }
}

extension String {
    func replacingNewlines() -> String {
        var result = ""
        for character in self {
            if character == "\n" { result += "\\n" } else if character == "\t" { result += "\\t" } else { result.append(character) }
        }
        return result
    }
}

/// A UTF-8 buffer for the JSON results writer: strings that need no escaping are copied as bytes.
struct JSONBytes {
    var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(4096)
    }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends `text` as a JSON string, escaped like `TextEscaping.jsonQuoted`.
    mutating func appendQuoted(_ text: String) {
        var text = text
        let plain = text.withUTF8 { buffer -> Bool in
            for byte in buffer where byte < 0x20 || byte == 0x22 || byte == 0x5C { return false }
            bytes.append(0x22)
            bytes.append(contentsOf: buffer)
            bytes.append(0x22)
            return true
        }
        if plain { return }
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        bytes.append(0x22)
        text.withUTF8 { buffer in
            for byte in buffer {
                switch byte {
                case 0x22: bytes.append(0x5C); bytes.append(0x22)
                case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
                case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
                case 0x0D: bytes.append(0x5C); bytes.append(0x72)
                case 0x09: bytes.append(0x5C); bytes.append(0x74)
                case 0..<0x20:
                    bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(0x22)
    }

    mutating func appendTerm(_ term: Term) {
        switch term {
        case .iri(let iri):
            append("{\"type\":\"uri\",\"value\":")
            appendQuoted(iri)
        case .blankNode(let label):
            append("{\"type\":\"bnode\",\"value\":")
            appendQuoted(label)
        case .literal(let literal):
            append("{\"type\":\"literal\",\"value\":")
            appendQuoted(literal.lexicalForm)
            if let language = literal.language {
                append(",\"xml:lang\":")
                appendQuoted(language)
            } else if literal.datatype != XSD.string {
                append(",\"datatype\":")
                appendQuoted(literal.datatype)
            }
        }
        append("}")
    }
}
