import RDFModel
#if canImport(Glibc)
import Glibc
#endif

/// What a template column means: one of ROBOT's template strings (robot.obolibrary.org/template).
public enum TemplateColumnKind: Sendable, Equatable {
    /// `ID`: the entity's IRI or CURIE.
    case id
    /// `LABEL`: an rdfs:label that also names the entity in expressions.
    case label
    /// `A p`, `AT p^^datatype`, `AL p@lang`, `AI p`: an annotation with property `p`.
    case annotation(property: String, value: AnnotationValueKind)
    /// `TYPE`: owl:Class, owl:ObjectProperty ... (default class).
    case type
    /// `CLASS_TYPE`: what `C` columns mean (subclass, equivalent, disjoint).
    case classType
    /// `PROPERTY_TYPE`: what `P` columns mean (subproperty, equivalent, disjoint, inverse).
    case propertyType
    /// `SC pattern`: a superclass expression; `%` in the pattern stands for the cell.
    case subClass(pattern: String)
    /// `EC pattern`: an equivalent class expression; several in one row form one intersection.
    case equivalentClass(pattern: String)
    /// `DC pattern`: a disjoint class expression.
    case disjointClass(pattern: String)
    /// `C pattern`: an expression whose role `CLASS_TYPE` gives (subclass by default).
    case classExpression(pattern: String)
    /// `CI`: ROBOT's legacy named class (IRI, CURIE or label) whose role `CLASS_TYPE` gives, as for `C %`.
    case classIRI
    /// `SP pattern`, `P pattern`: super-properties.
    case subProperty(pattern: String)
    /// `DOMAIN`: the domain of a property.
    case domain(pattern: String)
    /// `RANGE`: the range of a property (a class expression, or a datatype for data properties).
    case range(pattern: String)
    /// `CHARACTERISTIC`: transitive, symmetric, functional, asymmetric, irreflexive ...
    case characteristic
    /// `TI pattern`: a class expression the row's individual is an instance of.
    case typeAssertion(pattern: String)
    /// `I property`: a property assertion of the row's individual; the cell names another individual
    /// (object property) or is a literal (data property). `property` is a label, CURIE or IRI.
    case propertyAssertion(property: String)
    /// Other individual templates (`DI`, `SI`, `INDIVIDUAL_TYPE`): accepted, not used.
    case individual
}

/// How an annotation column turns a cell into an RDF value.
public enum AnnotationValueKind: Sendable, Equatable {
    /// A plain string literal.
    case plain
    /// A typed literal.
    case typed(datatype: String)
    /// A language-tagged literal.
    case language(String)
    /// An IRI (or CURIE, expanded).
    case iri
}

/// One column of a template: its header, template string and meaning.
public struct TemplateColumn: Sendable, Equatable {
    /// The 1-based column number.
    public var number: Int
    /// The human header (first row).
    public var header: String
    /// The template string (second row), trimmed.
    public var template: String
    /// What the template string means.
    public var kind: TemplateColumnKind
    /// The separator of several values in one cell (`SPLIT=|`), if any.
    public var split: String?
}

/// A ROBOT template table: headers, template strings and the data rows.
public struct OntologyTemplate: Sendable {
    /// The file name, for messages.
    public var source: String
    /// The columns that carry a template string.
    public var columns: [TemplateColumn]
    /// The data rows (third record on), with their line numbers.
    public var rows: [CSVRecord]
    /// The `ID` column.
    public var idColumn: TemplateColumn
    /// The label column: `LABEL`, or the annotation column for rdfs:label.
    public var labelColumn: TemplateColumn?
    /// The `TYPE` column.
    public var typeColumn: TemplateColumn?

    /// Parses a template from CSV text (or TSV for `.tsv` files).
    ///
    /// - Parameters:
    ///   - text: The decoded file.
    ///   - source: The file name, for messages and to pick the delimiter.
    ///   - prefixes: Prefixes for CURIEs in template strings (`A IAO:0000115`).
    /// - Throws: `CuratorError.templateHeader` for missing rows, unknown template strings, template
    ///   strings without a header, or no ID column; `CuratorError.csvSyntax` for malformed CSV.
    public init(text: String, source: String, prefixes: CURIEExpander) throws {
        self.source = source
        let records = try CSVReader(delimiter: CSVReader.delimiter(forPath: source)).records(text, source: source)
        guard records.count >= 2 else {
            throw CuratorError.templateHeader(source: source, column: nil,
                                              message: "a template needs a header row and a row of template strings (ID, A rdfs:label, SC % ...)")
        }
        let headers = records[0], templates = records[1]
        let templateStrings = templates.fields.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        let recognised = templateStrings.contains { text in
            (try? OntologyTemplate.kind(of: text.split(separator: " SPLIT=").first.map(String.init) ?? text, column: 0,
                                        source: source, prefixes: prefixes)) != nil
        }
        guard recognised else {
            throw CuratorError.templateHeader(
                source: source, column: nil,
                message: "row 2 must hold ROBOT template strings (ID, A rdfs:label, SC % ...); found '"
                    + templateStrings.prefix(3).joined(separator: "', '") + "'")
        }
        var columns: [TemplateColumn] = []
        for (index, rawTemplate) in templates.fields.enumerated() {
            let template = rawTemplate.trimmingSpaces()
            guard !template.isEmpty else { continue }
            let header = headers[index].trimmingSpaces()
            guard !header.isEmpty else {
                throw CuratorError.templateHeader(source: source, column: index + 1,
                                                  message: "template string '\(template)' has no header in row 1; name the column")
            }
            var body = template
            var split: String?
            if let range = body.firstRange(of: " SPLIT=") ?? body.firstRange(of: "SPLIT=") {
                split = String(body[range.upperBound...])
                body = String(body[..<range.lowerBound]).trimmingSpaces()
                if split?.isEmpty == true {
                    throw CuratorError.templateHeader(source: source, column: index + 1, message: "SPLIT= needs a separator")
                }
            }
            let kind = try OntologyTemplate.kind(of: body, column: index + 1, source: source, prefixes: prefixes)
            columns.append(TemplateColumn(number: index + 1, header: header, template: template, kind: kind, split: split))
        }
        guard let idColumn = columns.first(where: { $0.kind == .id }) else {
            throw CuratorError.templateHeader(source: source, column: nil,
                                              message: "the template has no ID column; add one with the template string ID")
        }
        self.columns = columns
        self.idColumn = idColumn
        labelColumn = columns.first { $0.kind == .label }
            ?? columns.first { if case .annotation(RDFS.label, _) = $0.kind { return true } else { return false } }
        typeColumn = columns.first { $0.kind == .type }
        rows = Array(records.dropFirst(2))
    }

    static let simpleKeywords: [String: TemplateColumnKind] = [
        "ID": .id, "LABEL": .label, "TYPE": .type, "CLASS_TYPE": .classType, "PROPERTY_TYPE": .propertyType,
        "INDIVIDUAL_TYPE": .individual, "CHARACTERISTIC": .characteristic,
    ]

    static func kind(of template: String, column: Int, source: String, prefixes: CURIEExpander) throws -> TemplateColumnKind {
        if let simple = simpleKeywords[template] { return simple }
        if template == "DOMAIN" || template.hasPrefix("DOMAIN ") { return .domain(pattern: pattern(template, "DOMAIN")) }
        if template == "RANGE" || template.hasPrefix("RANGE ") { return .range(pattern: pattern(template, "RANGE")) }
        let parts = template.split(separator: " ", maxSplits: 1).map(String.init)
        let keyword = parts[0], rest = parts.count > 1 ? parts[1].trimmingSpaces() : ""
        func property(_ text: String) throws -> String {
            guard let iri = prefixes.expand(text.trimmingSpaces()) else {
                throw CuratorError.templateHeader(source: source, column: column,
                                                  message: "cannot resolve the annotation property '\(text)' of '\(template)'; use an IRI or a CURIE with a known prefix")
            }
            return iri
        }
        switch keyword {
        case "A":
            return .annotation(property: try property(rest), value: .plain)
        case "AT":
            guard let marker = rest.firstRange(of: "^^") else { return .annotation(property: try property(rest), value: .plain) }
            let datatype = String(rest[marker.upperBound...]).trimmingSpaces()
            guard let datatypeIRI = prefixes.expand(datatype) else {
                throw CuratorError.templateHeader(source: source, column: column, message: "cannot resolve the datatype '\(datatype)'")
            }
            return .annotation(property: try property(String(rest[..<marker.lowerBound])), value: .typed(datatype: datatypeIRI))
        case "AL":
            guard let marker = rest.lastIndex(of: "@") else { return .annotation(property: try property(rest), value: .plain) }
            return .annotation(property: try property(String(rest[..<marker])),
                               value: .language(String(rest[rest.index(after: marker)...]).trimmingSpaces()))
        case "AI":
            return .annotation(property: try property(rest), value: .iri)
        case "SC": return .subClass(pattern: rest.isEmpty ? "%" : rest)
        case "EC": return .equivalentClass(pattern: rest.isEmpty ? "%" : rest)
        case "DC": return .disjointClass(pattern: rest.isEmpty ? "%" : rest)
        case "C": return .classExpression(pattern: rest.isEmpty ? "%" : rest)
        case "SP", "P": return .subProperty(pattern: rest.isEmpty ? "%" : rest)
        case "CI" where rest.isEmpty: return .classIRI
        case "TI": return .typeAssertion(pattern: rest.isEmpty ? "%" : rest)
        case "I" where !rest.isEmpty: return .propertyAssertion(property: rest)
        case "DI", "SI": return .individual
        default:
            throw CuratorError.templateHeader(
                source: source, column: column,
                message: "unknown template string '\(template)'; expected ID, LABEL, TYPE, A/AT/AL/AI <property>, SC/EC/DC/C %, "
                    + "CI, SP %, TI %, I <property>, DOMAIN, RANGE, CHARACTERISTIC, CLASS_TYPE or PROPERTY_TYPE")
        }
    }

    static func pattern(_ template: String, _ keyword: String) -> String {
        let rest = template.dropFirst(keyword.count).trimmingSpaces()
        return rest.isEmpty ? "%" : rest
    }

    /// The values of a cell, split when the column says so, without empty ones.
    func values(_ record: CSVRecord, _ column: TemplateColumn) -> [String] {
        let cell = record[column.number - 1]
        guard !cell.allSatisfy(\.isBlank) else { return [] }
        guard let split = column.split else { return [cell] }
        return cell.components(separatedBy: split).filter { !$0.allSatisfy(\.isBlank) }
    }
}

/// Expands CURIEs and checks IRIs: the prefixes of a template build.
public struct CURIEExpander: Sendable {
    /// Prefix to namespace.
    public var prefixes: PrefixMap

    /// An expander with the standard prefixes, `obo`, `oboInOwl`, `IAO` and `PaNET`, plus `extra`.
    public init(extra: [(String, String)] = []) {
        var map = PrefixMap.standard
        map.set("obo", "http://purl.obolibrary.org/obo/")
        map.set("oboInOwl", OBO.oboInOwl)
        map.set("IAO", "http://purl.obolibrary.org/obo/IAO_")
        map.set("foaf", "http://xmlns.com/foaf/0.1/")
        map.set("PaNET", "http://purl.org/pan-science/PaNET/")
        for (prefix, namespace) in extra { map.set(prefix, namespace) }
        prefixes = map
    }

    /// The IRI of `text`: an absolute IRI (bare or in angle brackets), or a CURIE with a known prefix.
    /// OBO-style CURIEs (`CHMO:0000182`: an upper-case prefix and a numeric local part) expand to
    /// `http://purl.obolibrary.org/obo/CHMO_0000182`, as ROBOT's default prefixes do. Nil otherwise.
    public func expand(_ text: String) -> String? {
        // Most template cells are labels and definitions: no colon, or whitespace, means no IRI.
        guard text.utf8.contains(UInt8(ascii: ":")), !text.containsWhitespace else { return nil }
        var value = text
        if value.hasPrefix("<") && value.hasSuffix(">") && value.utf8.count >= 2 { value = String(value.dropFirst().dropLast()) }
        guard let colon = value.firstIndex(of: ":") else { return nil }
        let prefix = String(value[..<colon]), local = String(value[value.index(after: colon)...])
        if local.hasPrefix("//") || ["urn", "mailto", "tag", "doi", "info"].contains(prefix.lowercased()) { return value }
        if let namespace = prefixes.namespace(for: prefix) { return namespace + local }
        if !prefix.isEmpty, prefix.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }), prefix.first?.isLetter == true,
           !local.isEmpty, local.allSatisfy(\.isNumber) {
            return "http://purl.obolibrary.org/obo/\(prefix)_\(local)"
        }
        return nil
    }

    /// True when `text` has the shape of a CURIE or IRI (so an unresolved name is a prefix problem).
    func looksLikeCURIE(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return false }
        return !text.containsWhitespace
    }
}

extension Character {
    /// `isWhitespace`, with ASCII answered without a Unicode property lookup (template cells are
    /// mostly ASCII, and the property lookup showed in profiles of `panet build`).
    var isBlank: Bool {
        if let ascii = asciiValue { return ascii == 0x20 || (0x09...0x0D).contains(ascii) }
        return isWhitespace
    }
}

extension StringProtocol {
    /// Whether any character is whitespace (see `Character.isBlank`).
    var containsWhitespace: Bool {
        unicodeScalars.contains { scalar in
            scalar.isASCII ? scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isBlank || first == "\u{FEFF}" { slice = slice.dropFirst() }
        while let last = slice.last, last.isBlank { slice = slice.dropLast() }
        return String(slice)
    }

    func components(separatedBy separator: String) -> [String] {
        pieces(separatedBy: separator).map(String.init)
    }
}

extension Substring {
    func trimmingSpaces() -> String { String(self).trimmingSpaces() }
}

extension OntologyTemplate {
    /// True when the file at `path` looks like a ROBOT template rather than an ontology: a `.csv`,
    /// `.tsv` or `.tab` name, or a first line of comma- or tab-separated cells one of which is `ID`.
    /// Reads at most the first 64 KB.
    public static func looksLikeTemplate(path: String) -> Bool {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") || lower.hasSuffix(".tab") { return true }
        guard path != "-", let file = fopen(path, "rb") else { return false }
        defer { fclose(file) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let count = fread(&buffer, 1, buffer.count, file)
        var line = buffer[0..<count]
        if line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
        if let end = line.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) { line = line[..<end] }
        let cells = line.split(omittingEmptySubsequences: false, whereSeparator: { $0 == UInt8(ascii: ",") || $0 == 0x09 })
        return cells.count > 1 && cells.contains { cell in
            let text = cell.drop { $0 == 0x20 || $0 == 0x22 }.reversed().drop { $0 == 0x20 || $0 == 0x22 }
            return text.elementsEqual("ID".utf8.reversed())
        }
    }
}
