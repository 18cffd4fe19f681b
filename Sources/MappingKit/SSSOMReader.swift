import CuratorKit
import OntologyKit
import DatasetCatalog

/// Reads SSSOM mapping sets: TSV with an embedded YAML header (`#` lines) or an external
/// metadata file, the comma-separated shape PaNET keeps (the header's `#` lines padded with commas
/// by a spreadsheet; RFC 4180 quoting), and SSSOM/JSON (`{"curie_map": …, "mappings": […], …}`).
public enum SSSOMReader {
    /// Reads the mapping set at `path`.
    ///
    /// - Parameters:
    ///   - path: The file: JSON when it starts with `{`, otherwise a table (`.csv`: commas,
    ///     `.tsv`: tabs, anything else: tabs if the header row holds one).
    ///   - metadataPath: A YAML file with set-level metadata; slots in the file's own header win.
    /// - Throws: `MappingError` or `CuratorError` naming the file, line and column.
    public static func read(path: String, metadataPath: String? = nil) throws -> MappingSet {
        let text = try TextFile.read(path)
        var external: [(String, YAMLValue)] = []
        if let metadataPath {
            let metadataText = try TextFile.read(metadataPath)
            let lines = splitLines(metadataText).enumerated().map { YAMLLine(line: $0.offset + 1, column: 1, text: $0.element) }
            var reader = try YAMLSubsetReader(lines: lines, source: metadataPath)
            external = try reader.readDocument()
        }
        var set = try parse(text, source: path)
        if !external.isEmpty {
            set = try merging(external, into: set, metadataSource: metadataPath ?? "")
        }
        return set
    }

    /// Parses a mapping set from text (JSON when it starts with `{`, a table otherwise).
    public static func parse(_ text: String, source: String) throws -> MappingSet {
        let firstSignificant = text.unicodeScalars.first { !$0.properties.isWhitespace && $0 != "\u{FEFF}" }
        if firstSignificant == "{" { return try parseJSON(text, source: source) }
        return try parseTable(text, source: source)
    }

    // MARK: Tables

    static func parseTable(_ text: String, source: String) throws -> MappingSet {
        let lines = splitLines(text)
        var headerLines: [YAMLLine] = []
        var headerCount = 0
        for (offset, rawLine) in lines.enumerated() {
            var line = offset == 0 && rawLine.hasPrefix("\u{FEFF}") ? String(rawLine.dropFirst()) : rawLine
            if line.hasPrefix("\"#") {
                // A spreadsheet quoted the comment cell; take the first field.
                line = try CSVReader(delimiter: ",").records(line, source: source).first?[0] ?? ""
            }
            guard line.hasPrefix("#") else { break }
            headerCount += 1
            var body = Substring(line.dropFirst())
            while let last = body.last, last == "," || last == "\t" { body = body.dropLast() }
            headerLines.append(YAMLLine(line: offset + 1, column: 2, text: String(body)))
        }
        var yaml = try YAMLSubsetReader(lines: headerLines, source: source)
        let header = try yaml.readDocument()
        let tableLines = lines[headerCount...]
        guard let firstRow = tableLines.first(where: { !$0.allSatisfy(\.isWhitespace) }) else {
            throw MappingError.noTable(source: source)
        }
        let delimiter: Unicode.Scalar
        let lower = source.lowercased()
        if lower.hasSuffix(".csv") { delimiter = "," } else if lower.hasSuffix(".tsv") { delimiter = "\t" } else {
            delimiter = firstRow.contains("\t") ? "\t" : ","
        }
        let records: [CSVRecord]
        do {
            records = try CSVReader(delimiter: delimiter).records(tableLines.joined(separator: "\n"), source: source)
        } catch CuratorError.csvSyntax(let source, let line, let column, let message) {
            throw CuratorError.csvSyntax(source: source, line: line + headerCount, column: column, message: message)
        }
        let rows = records
            .map { CSVRecord(line: $0.line + headerCount, fields: $0.fields) }
            .filter { !$0.isBlank }
        guard let headerRecord = rows.first else { throw MappingError.noTable(source: source) }
        var columns = headerRecord.fields.map { $0.trimmingWhitespace() }
        while columns.last == "" { columns.removeLast() }
        guard columns.contains("subject_id") || columns.contains("object_id") else { throw MappingError.noTable(source: source) }
        var mappings: [Mapping] = []
        mappings.reserveCapacity(records.count)
        for record in rows.dropFirst() {
            if record.fields.count > columns.count,
               let extra = record.fields[columns.count...].firstIndex(where: { !$0.isEmpty }) {
                throw MappingError.syntax(source: source, line: record.line, column: extra + 1,
                                          message: "field \(extra + 1) has no column (the header names \(columns.count)); "
                                              + "add a column name or remove the value '\(record.fields[extra].clipped)'")
            }
            var values: [String: String] = [:]
            for (index, column) in columns.enumerated() where !column.isEmpty {
                let value = record[index]
                if !value.isEmpty { values[column] = value }
            }
            mappings.append(Mapping(line: record.line, values: values))
        }
        var set = MappingSet(source: source, columns: columns.filter { !$0.isEmpty }, headerLine: headerRecord.line,
                             mappings: mappings)
        try applyMetadata(header, to: &set, source: source)
        return set
    }

    /// Puts header slots into `set`: `curie_map` into its CURIE map, the rest into its metadata.
    static func applyMetadata(_ members: [(String, YAMLValue)], to set: inout MappingSet, source: String) throws {
        for (key, value) in members {
            if key == "curie_map" {
                guard case .map(let entries) = value else {
                    if value == .scalar("") { continue }
                    throw MappingError.syntax(source: source, line: 1, column: 1, message: "curie_map must map prefixes to IRIs")
                }
                for (prefix, namespace) in entries {
                    let iri = namespace.scalarValue ?? ""
                    if let existing = set.curieMap.firstIndex(where: { $0.prefix == prefix }) {
                        set.curieMap[existing].namespace = iri
                    } else {
                        set.curieMap.append((prefix, iri))
                    }
                }
            } else if let existing = set.metadata.firstIndex(where: { $0.0 == key }) {
                set.metadata[existing].1 = value
            } else {
                set.metadata.append((key, value))
            }
        }
    }

    static func merging(_ external: [(String, YAMLValue)], into set: MappingSet, metadataSource: String) throws -> MappingSet {
        var merged = MappingSet(source: set.source, columns: set.columns, headerLine: set.headerLine, mappings: set.mappings)
        try applyMetadata(external, to: &merged, source: metadataSource)
        try applyMetadata([("curie_map", .map(set.curieMap.map { ($0.prefix, .scalar($0.namespace)) }))] + set.metadata,
                          to: &merged, source: set.source)
        return merged
    }

    /// The lines of `text`, without their LF, CRLF or CR ends.
    static func splitLines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pendingCR = false
        while let scalar = scalars.next() {
            if pendingCR {
                pendingCR = false
                if scalar == "\n" { continue }
            }
            if scalar == "\n" || scalar == "\r" {
                lines.append(String(current))
                current = String.UnicodeScalarView()
                pendingCR = scalar == "\r"
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { lines.append(String(current)) }
        return lines
    }

    // MARK: JSON

    static func parseJSON(_ text: String, source: String) throws -> MappingSet {
        let document: JSONValue
        do {
            document = try JSONValue.parse(text, source: source)
        } catch let error as DatasetCatalogError {
            if case .malformedJSON(let source, let line, let column, let message) = error {
                throw MappingError.syntax(source: source, line: line, column: column, message: message)
            }
            throw error
        }
        guard case .object(let members) = document else {
            throw MappingError.syntax(source: source, line: 1, column: 1, message: "expected a JSON object with \"mappings\"")
        }
        let lines = mappingLines(in: text)
        var set = MappingSet(source: source)
        var columns: [String] = []
        var seenColumns: Set<String> = []
        for (key, value) in members {
            switch key {
            case "curie_map":
                guard case .object(let entries) = value else {
                    throw MappingError.syntax(source: source, line: 1, column: 1, message: "\"curie_map\" must be an object")
                }
                set.curieMap = entries.map { ($0.0, $0.1.stringValue ?? "") }
            case "mappings":
                guard let items = value.arrayValue else {
                    throw MappingError.syntax(source: source, line: 1, column: 1, message: "\"mappings\" must be an array")
                }
                for (index, item) in items.enumerated() {
                    let line = index < lines.count ? lines[index] : 0
                    guard case .object(let slots) = item else {
                        throw MappingError.syntax(source: source, line: line, column: 1,
                                                  message: "mapping \(index + 1) is not an object")
                    }
                    var values: [String: String] = [:]
                    for (slot, slotValue) in slots {
                        guard let text = scalarText(slotValue) else { continue }
                        values[slot] = text
                        if seenColumns.insert(slot).inserted { columns.append(slot) }
                    }
                    set.mappings.append(Mapping(line: line, values: values))
                }
            default:
                set.metadata.append((key, yamlValue(value)))
            }
        }
        set.columns = columns
        return set
    }

    /// A slot's text: strings as they are, numbers as written, lists joined with `|`.
    static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .null: return nil
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let text): return text
        case .string(let text): return text
        case .array(let items): return items.compactMap(scalarText).joined(separator: "|")
        case .object: return value.jsonText
        }
    }

    static func yamlValue(_ value: JSONValue) -> YAMLValue {
        switch value {
        case .array(let items): return .list(items.map(yamlValue))
        case .object(let members): return .map(members.map { ($0.0, yamlValue($0.1)) })
        default: return .scalar(scalarText(value) ?? "")
        }
    }

    /// The line on which each object of the top-level `"mappings"` array starts.
    static func mappingLines(in text: String) -> [Int] {
        var lines: [Int] = []
        var line = 1, depth = 0
        var inString = false, escaped = false
        var stringStart = text.utf8.startIndex
        var lastKey = ""
        var mappingsDepth: Int?
        let bytes = text.utf8
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    lastKey = String(decoding: bytes[bytes.index(after: stringStart)..<index], as: UTF8.self)
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""): inString = true; stringStart = index
                case UInt8(ascii: "\n"): line += 1
                case UInt8(ascii: "{"):
                    if let mappingsDepth, depth == mappingsDepth + 1 { lines.append(line) }
                    depth += 1
                case UInt8(ascii: "}"): depth -= 1
                case UInt8(ascii: "["):
                    if depth == 1, lastKey == "mappings", mappingsDepth == nil { mappingsDepth = depth }
                    depth += 1
                case UInt8(ascii: "]"):
                    depth -= 1
                    if let start = mappingsDepth, depth == start { return lines }
                default: break
                }
            }
            index = bytes.index(after: index)
        }
        return lines
    }
}
