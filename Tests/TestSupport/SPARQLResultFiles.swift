import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import RDFModel
import RDFParsing
import RDFStore

/// An expected query result read from a W3C result file.
public enum ExpectedResult: Sendable {
    /// Variables and solutions; a solution maps bound variable names to terms.
    case solutions(variables: [String], rows: [[String: Term]], ordered: Bool)
    case boolean(Bool)
    case graph([Triple])
}

/// An error in an expected-result file.
public struct ResultFileError: Error, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}

/// Readers for the SPARQL result formats used by the W3C suites: XML (.srx), JSON (.srj), TSV, CSV and the
/// RDF result-set vocabulary (.ttl / .rdf).
public enum SPARQLResultFiles {
    static let rs = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"

    /// Reads `path`; `graphExpected` says whether an RDF file is a graph (CONSTRUCT) or a result set.
    public static func read(_ path: String, graphExpected: Bool) throws -> ExpectedResult {
        let lower = path.lowercased()
        if lower.hasSuffix(".srx") || lower.hasSuffix(".xml") { return try readXML(path) }
        if lower.hasSuffix(".srj") || lower.hasSuffix(".json") { return try readJSON(path) }
        if lower.hasSuffix(".tsv") { return try readTSV(path) }
        if lower.hasSuffix(".csv") { return try readCSV(path) }
        let triples = try RDFParser.quads(.file(path)).map(\.triple)
        if graphExpected { return .graph(triples) }
        return try readResultSetGraph(triples, path: path)
    }

    // MARK: RDF result sets

    static func readResultSetGraph(_ triples: [Triple], path: String) throws -> ExpectedResult {
        var bySubject: [Term: [(String, Term)]] = [:]
        for triple in triples {
            if case .iri(let predicate) = triple.predicate { bySubject[triple.subject, default: []].append((predicate, triple.object)) }
        }
        guard let resultSet = triples.first(where: { $0.predicate == .iri(RDF.type) && $0.object == .iri(rs + "ResultSet") })?.subject else {
            if triples.isEmpty { return .graph([]) }
            throw ResultFileError(path: path, message: "no rs:ResultSet")
        }
        let properties = bySubject[resultSet] ?? []
        if let boolean = properties.first(where: { $0.0 == rs + "boolean" })?.1 {
            return .boolean(boolean.literalValue?.lexicalForm == "true")
        }
        let variables = properties.filter { $0.0 == rs + "resultVariable" }.compactMap { $0.1.literalValue?.lexicalForm }
        var rows: [(Int, [String: Term])] = []
        var ordered = false
        for (_, solution) in properties.filter({ $0.0 == rs + "solution" }) {
            var row: [String: Term] = [:]
            var index = 0
            for (predicate, value) in bySubject[solution] ?? [] {
                if predicate == rs + "index", let number = Int(value.literalValue?.lexicalForm ?? "") {
                    index = number
                    ordered = true
                }
                guard predicate == rs + "binding" else { continue }
                let binding = bySubject[value] ?? []
                guard let name = binding.first(where: { $0.0 == rs + "variable" })?.1.literalValue?.lexicalForm,
                      let term = binding.first(where: { $0.0 == rs + "value" })?.1 else { continue }
                row[name] = term
            }
            rows.append((index, row))
        }
        if ordered { rows.sort { $0.0 < $1.0 } }
        return .solutions(variables: variables, rows: rows.map(\.1), ordered: ordered)
    }

    // MARK: JSON

    static func readJSON(_ path: String) throws -> ExpectedResult {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ResultFileError(path: path, message: "not a JSON object")
        }
        if let boolean = object["boolean"] as? Bool { return .boolean(boolean) }
        let head = object["head"] as? [String: Any]
        let variables = head?["vars"] as? [String] ?? []
        let bindings = (object["results"] as? [String: Any])?["bindings"] as? [[String: Any]] ?? []
        var rows: [[String: Term]] = []
        for binding in bindings {
            var row: [String: Term] = [:]
            for (name, value) in binding {
                guard let value = value as? [String: Any], let type = value["type"] as? String,
                      let text = value["value"] as? String else { continue }
                switch type {
                case "uri": row[name] = .iri(text)
                case "bnode": row[name] = .blankNode(text)
                default:
                    if let language = value["xml:lang"] as? String {
                        row[name] = .literal(text, language: language)
                    } else if let datatype = value["datatype"] as? String {
                        row[name] = .literal(text, datatype: datatype)
                    } else {
                        row[name] = .literal(text)
                    }
                }
            }
            rows.append(row)
        }
        return .solutions(variables: variables, rows: rows, ordered: false)
    }

    // MARK: XML

    final class XMLResultsDelegate: NSObject, XMLParserDelegate {
        var variables: [String] = []
        var rows: [[String: Term]] = []
        var boolean: Bool?
        var row: [String: Term] = [:]
        var bindingName: String?
        var termKind: String?
        var language: String?
        var datatype: String?
        var text = ""
        var inBoolean = false

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            text = ""
            switch elementName {
            case "variable": if let name = attributes["name"] { variables.append(name) }
            case "result": row = [:]
            case "binding": bindingName = attributes["name"]
            case "uri", "bnode", "literal":
                termKind = elementName
                language = attributes["xml:lang"]
                datatype = attributes["datatype"]
            case "boolean": inBoolean = true
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            switch elementName {
            case "uri": if let bindingName { row[bindingName] = .iri(text) }
            case "bnode": if let bindingName { row[bindingName] = .blankNode(text) }
            case "literal":
                if let bindingName {
                    if let language { row[bindingName] = .literal(text, language: language) }
                    else if let datatype { row[bindingName] = .literal(text, datatype: datatype) }
                    else { row[bindingName] = .literal(text) }
                }
            case "result": rows.append(row)
            case "boolean":
                boolean = text.trimmingCharacters(in: .whitespacesAndNewlines) == "true"
                inBoolean = false
            default: break
            }
        }
    }

    static func readXML(_ path: String) throws -> ExpectedResult {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let parser = XMLParser(data: data)
        let delegate = XMLResultsDelegate()
        parser.delegate = delegate
        guard parser.parse() else {
            throw ResultFileError(path: path, message: parser.parserError.map { "\($0)" } ?? "XML parse error")
        }
        if let boolean = delegate.boolean { return .boolean(boolean) }
        return .solutions(variables: delegate.variables, rows: delegate.rows, ordered: false)
    }

    // MARK: TSV and CSV

    static func readTSV(_ path: String) throws -> ExpectedResult {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let header = lines.first else { return .solutions(variables: [], rows: [], ordered: false) }
        let variables = header.split(separator: "\t", omittingEmptySubsequences: false).map { String($0.dropFirst()) }
        var rows: [[String: Term]] = []
        for line in lines.dropFirst() {
            var row: [String: Term] = [:]
            for (index, cell) in line.split(separator: "\t", omittingEmptySubsequences: false).enumerated()
            where index < variables.count && !cell.isEmpty {
                row[variables[index]] = try parseTurtleTerm(String(cell), path: path)
            }
            rows.append(row)
        }
        return .solutions(variables: variables, rows: rows, ordered: false)
    }

    /// Parses one term written as in Turtle / N-Triples (TSV cells).
    public static func parseTurtleTerm(_ text: String, path: String = "") throws -> Term {
        if text.hasPrefix("<") && text.hasSuffix(">") { return .iri(String(text.dropFirst().dropLast())) }
        if text.hasPrefix("_:") { return .blankNode(String(text.dropFirst(2))) }
        if text == "true" || text == "false" { return .literal(text, datatype: XSD.boolean) }
        if text.hasPrefix("\"") {
            // Parse via the N-Triples parser: wrap the literal in a triple.
            let line = "<urn:s> <urn:p> \(text) .\n"
            guard let object = try RDFParser.quads(.text(line, name: path), format: .turtle).first?.object else {
                throw ResultFileError(path: path, message: "bad term \(text)")
            }
            return object
        }
        if text.contains("e") || text.contains("E") { return .literal(text, datatype: XSD.double) }
        if text.contains(".") { return .literal(text, datatype: XSD.decimal) }
        if Int(text) != nil { return .literal(text, datatype: XSD.integer) }
        throw ResultFileError(path: path, message: "bad term \(text)")
    }

    /// Reads CSV as rows of strings (CSV carries no term types); a header row gives the variables.
    public static func readCSVRows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var cell = ""
        var quoted = false
        var iterator = Array(text).makeIterator()
        var pending: Character?
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { cell.append("\"") } else { quoted = false; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    cell.append(character)
                }
                continue
            }
            switch character {
            case "\"": quoted = true
            case ",": row.append(cell); cell = ""
            case "\r\n", "\n", "\r":
                row.append(cell)
                rows.append(row)
                row = []
                cell = ""
            default: cell.append(character)
            }
        }
        if !cell.isEmpty || !row.isEmpty {
            row.append(cell)
            rows.append(row)
        }
        return rows
    }

    static func readCSV(_ path: String) throws -> ExpectedResult {
        let rows = readCSVRows(try String(contentsOfFile: path, encoding: .utf8))
        guard let header = rows.first else { return .solutions(variables: [], rows: [], ordered: false) }
        var result: [[String: Term]] = []
        for cells in rows.dropFirst() {
            var row: [String: Term] = [:]
            for (index, cell) in cells.enumerated() where index < header.count && !cell.isEmpty {
                row[header[index]] = .literal(cell)
            }
            result.append(row)
        }
        return .solutions(variables: header, rows: result, ordered: false)
    }
}
