/// Reads dataset records from JSON: PaNOSC search-API datasets (`techniques: [{pid, name, panetId}]`),
/// SciCat datasets, schema.org `measurementTechnique`, DataCite JSON `subjects`, and the PaNOSC
/// reference API's LoopBack memory database (`{"ids": ..., "models": {"Dataset": ...}}`).
public enum JSONRecordReader {
    /// Reads every record in one JSON object.
    ///
    /// - Parameters:
    ///   - bytes: The object's UTF-8 text.
    ///   - source: The file or URL, for messages and the `source` of the record.
    ///   - position: Where the object starts (`line 12`).
    ///   - firstLine: The line number of the first byte, so errors point into the file.
    ///   - ordinal: The object's number within the source, for records without an identifier.
    /// - Returns: One record, or one per dataset of a LoopBack database.
    /// - Throws: `DatasetCatalogError.malformedJSON` or `.unrecognizedRecord`.
    public static func records(in bytes: UnsafeBufferPointer<UInt8>, source: String, position: String,
                               firstLine: Int, ordinal: Int) throws -> [DatasetRecord] {
        var fields = Fields()
        var scanner = JSONScanner(bytes)
        do {
            guard scanner.peek() == UInt8(ascii: "{") else {
                throw scanner.error("expected a JSON object (a dataset), found \(scanner.describeCurrent())")
            }
            try scanner.forEachMember { (scanner: inout JSONScanner, key: String) throws(JSONScanError) in
                try fields.read(key, from: &scanner)
            }
            try scanner.expectEnd()
        } catch {
            throw error.located(in: bytes, source: source, firstLine: firstLine)
        }
        if let models = fields.models {
            return try loopBackRecords(models, source: source)
        }
        let original = String(decoding: bytes, as: UTF8.self)
        return [fields.record(original: original, source: source, position: position, ordinal: ordinal)]
    }

    /// Reads the records of one JSON object given as text.
    public static func records(in text: String, source: String, position: String = "record 1",
                               firstLine: Int = 1, ordinal: Int = 1) throws -> [DatasetRecord] {
        var text = text
        return try text.withUTF8 { try records(in: $0, source: source, position: position, firstLine: firstLine, ordinal: ordinal) }
    }

    /// Datasets of a LoopBack memory database joined with their techniques, as the search API's
    /// `include: techniques` returns them.
    static func loopBackRecords(_ models: JSONValue, source: String) throws -> [DatasetRecord] {
        func objects(_ model: String) throws -> [(String, JSONValue)] {
            guard case .object(let members)? = models[model] else { return [] }
            return try members.map { key, value in
                if case .string(let text) = value {
                    return (key, try JSONValue.parse(text, source: "\(source): models.\(model).\(key)"))
                }
                return (key, value)
            }
        }
        let datasets = try objects("Dataset")
        var techniques: [String: JSONValue] = [:]
        for (key, technique) in try objects("Technique") {
            techniques[key] = technique
            if let pid = technique["pid"]?.stringValue { techniques[pid] = technique }
        }
        var links: [String: [JSONValue]] = [:]
        for (_, link) in try objects("DatasetTechnique") {
            guard let dataset = link["datasetId"].flatMap(scalarText), let technique = link["techniqueId"].flatMap(scalarText),
                  let value = techniques[technique] else { continue }
            links[dataset, default: []].append(value)
        }
        var result: [DatasetRecord] = []
        for (ordinal, (key, dataset)) in datasets.enumerated() {
            guard case .object(var members) = dataset else { continue }
            let pid = dataset["pid"]?.stringValue ?? key
            if let joined = links[pid] ?? links[key], !members.contains(where: { $0.0 == "techniques" }) {
                members.append(("techniques", .array(joined)))
            }
            let text = JSONValue.object(members).jsonText
            result += try records(in: text, source: source, position: "models.Dataset.\(key)", ordinal: ordinal + 1)
        }
        return result
    }

    static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .number(let text): return text
        default: return nil
        }
    }

    /// The members of a dataset object the annotator needs.
    struct Fields {
        /// The identifier, title and date found so far, each with the rank of the key it came from
        /// (lower is preferred: `pid` over `_id` over `id` ...).
        var id: RankedText?
        var title: RankedText?
        var date: RankedText?
        var references: [TechniqueReference] = []
        var texts: [TechniqueReference] = []
        var hasAnnotation = false
        var models: JSONValue?
        /// True once a member with a role (other than `panet`) was seen.
        var isRecognized = false

        struct RankedText {
            var rank: Int
            var text: String
        }

        /// What a member of a dataset object is read as.
        enum Role {
            case id(Int), title(Int), date(Int)
            case techniques, keywords, subjects, text, annotation, models
        }

        /// The role of a member, by its key (a `switch` on short strings beats hashing them).
        static func role(of key: String) -> Role? {
            switch key {
            case "pid": return .id(0)
            case "_id": return .id(1)
            case "id": return .id(2)
            case "@id": return .id(3)
            case "doi": return .id(4)
            case "identifier": return .id(5)
            case "title": return .title(0)
            case "datasetName": return .title(1)
            case "name": return .title(2)
            case "updatedAt": return .date(0)
            case "modificationDate": return .date(1)
            case "dateModified": return .date(2)
            case "datestamp": return .date(3)
            case "creationTime": return .date(4)
            case "createdAt": return .date(5)
            case "creationDate": return .date(6)
            case "dateCreated": return .date(7)
            case "techniques", "technique", "measurementTechnique": return .techniques
            case "keywords": return .keywords
            case "subjects": return .subjects
            case "description", "abstract": return .text
            case "panet": return .annotation
            case "models": return .models
            default: return nil
            }
        }

        /// Keeps `text` when no lower-ranked key gave one already (the first of equal keys wins).
        static func keep(_ text: String, rank: Int, in slot: inout RankedText?) {
            if let current = slot, current.rank <= rank { return }
            slot = RankedText(rank: rank, text: text)
        }

        mutating func read(_ key: String, from scanner: inout JSONScanner) throws(JSONScanError) {
            guard let role = Fields.role(of: key) else {
                try scanner.skipValue()
                return
            }
            if case .annotation = role {} else { isRecognized = true }
            switch role {
            case .id(let rank):
                if let text = JSONRecordReader.scalarText(try scanner.parseValue()), !text.isEmpty {
                    Fields.keep(text, rank: rank, in: &id)
                }
            case .title(let rank):
                if case .string(let text) = try scanner.parseValue() { Fields.keep(text, rank: rank, in: &title) }
            case .date(let rank):
                let value = try scanner.parseValue()
                if let text = value.stringValue ?? value["$date"]?.stringValue { Fields.keep(text, rank: rank, in: &date) }
            case .techniques:
                try readTechniques(from: &scanner, field: key, names: Fields.fieldNames(key), depth: 1)
            case .keywords:
                addSubjects(try scanner.parseValue(), field: key)
            case .subjects:
                addDataCiteSubjects(try scanner.parseValue())
            case .text:
                if case .string(let text) = try scanner.parseValue() {
                    texts.append(TechniqueReference([ReferenceCandidate(text, field: key)], strength: .text))
                }
            case .annotation:
                hasAnnotation = true
                try scanner.skipValue()
            case .models:
                let value = try scanner.parseValue()
                if value["Dataset"] != nil { models = value }
            }
        }

        /// The members of a technique object that name it, most specific first.
        static let techniqueKeys = ["panetId", "iri", "@id", "identifier", "url", "pid", "termCode", "name", "label"]
        static let techniquesFieldNames = techniqueKeys.map { "techniques.\($0)" }
        static let techniqueFieldNames = techniqueKeys.map { "technique.\($0)" }
        static let measurementTechniqueFieldNames = techniqueKeys.map { "measurementTechnique.\($0)" }

        /// `field.key` for each technique key.
        static func fieldNames(_ field: String) -> [String] {
            switch field {
            case "techniques": return techniquesFieldNames
            case "technique": return techniqueFieldNames
            case "measurementTechnique": return measurementTechniqueFieldNames
            default: return techniqueKeys.map { "\(field).\($0)" }
            }
        }

        /// The rank of a technique object's member in `techniqueKeys`, by a `switch` on the key.
        static func techniqueKeyRank(_ key: String) -> Int? {
            switch key {
            case "panetId": return 0
            case "iri": return 1
            case "@id": return 2
            case "identifier": return 3
            case "url": return 4
            case "pid": return 5
            case "termCode": return 6
            case "name": return 7
            case "label": return 8
            default: return nil
            }
        }

        /// Reads a techniques member straight from the scanner, building no `JSONValue` tree: a
        /// non-empty string is one reference; a technique object is one reference whose candidates
        /// are its `techniqueKeys` members with string or number values, in key order; arrays of
        /// either may nest; anything else names nothing.
        mutating func readTechniques(from scanner: inout JSONScanner, field: String, names: [String],
                                     depth: Int) throws(JSONScanError) {
            guard depth < JSONScanner.maximumDepth else {
                throw scanner.error("nesting deeper than \(JSONScanner.maximumDepth) levels")
            }
            switch scanner.peek() {
            case UInt8(ascii: "["):
                scanner.index += 1
                if scanner.peek() == UInt8(ascii: "]") { scanner.index += 1; return }
                while true {
                    try readTechniques(from: &scanner, field: field, names: names, depth: depth + 1)
                    switch scanner.peek() {
                    case UInt8(ascii: ","): scanner.index += 1
                    case UInt8(ascii: "]"): scanner.index += 1; return
                    case nil: throw scanner.error("unterminated array: expected ',' or ']'")
                    default: throw scanner.error("expected ',' or ']' in an array, found \(scanner.describeCurrent())")
                    }
                }
            case 0x22:
                let text = try scanner.parseString()
                if !text.isEmpty { references.append(TechniqueReference([ReferenceCandidate(text, field: field)], strength: .technique)) }
            case UInt8(ascii: "{"):
                // The first member of each key counts, as `value[key]` would pick it.
                var seen: UInt16 = 0
                var found: [(rank: Int, text: String)] = []
                try scanner.forEachMember { (scanner: inout JSONScanner, key: String) throws(JSONScanError) in
                    guard let rank = Fields.techniqueKeyRank(key), seen & (1 << rank) == 0 else {
                        try scanner.skipValue(depth: depth + 1)
                        return
                    }
                    seen |= 1 << rank
                    if scanner.peek() == 0x22 {
                        let text = try scanner.parseString()
                        if !text.isEmpty { found.append((rank, text)) }
                    } else if case .number(let text) = try scanner.parseValue(depth: depth + 1) {
                        found.append((rank, text))
                    }
                }
                guard !found.isEmpty else { return }
                if found.count > 1 { found.sort { $0.rank < $1.rank } }
                references.append(TechniqueReference(found.map { ReferenceCandidate($0.text, field: names[$0.rank]) },
                                                     strength: .technique))
            default:
                try scanner.skipValue(depth: depth)
            }
        }

        mutating func addSubjects(_ value: JSONValue, field: String) {
            switch value {
            case .array(let items):
                for item in items { addSubjects(item, field: field) }
            case .string(let text):
                let trimmed = text.trimmingWhitespace()
                if !trimmed.isEmpty { references.append(TechniqueReference([ReferenceCandidate(trimmed, field: field)], strength: .subject)) }
            default:
                break
            }
        }

        mutating func addDataCiteSubjects(_ value: JSONValue) {
            guard case .array(let items) = value else { return }
            for item in items {
                guard let subject = item["subject"]?.stringValue else { continue }
                let valueURI = (item["valueUri"] ?? item["valueURI"])?.stringValue
                let scheme = [item["subjectScheme"]?.stringValue, (item["schemeUri"] ?? item["schemeURI"])?.stringValue]
                if let reference = SubjectClassifier.reference(text: subject, valueURI: valueURI, schemes: scheme.compactMap { $0 },
                                                              classificationCode: item["classificationCode"]?.stringValue,
                                                              field: "subjects") {
                    references.append(reference)
                }
            }
        }

        func record(original: String, source: String, position: String, ordinal: Int) -> DatasetRecord {
            DatasetRecord(id: id?.text ?? "\(source)#\(ordinal)", source: source, position: position,
                          datestamp: date?.text, title: title?.text, format: .json,
                          references: texts.isEmpty ? references : references + texts, original: .json(original),
                          hasAnnotation: hasAnnotation, isRecognized: isRecognized)
        }
    }
}

/// Decides how strongly a subject names a technique.
enum SubjectClassifier {
    /// A reference for a DataCite subject: a `valueURI` or a PaNET scheme makes it a technique reference,
    /// otherwise it is a plain subject.
    static func reference(text: String, valueURI: String?, schemes: [String], classificationCode: String?,
                          field: String) -> TechniqueReference? {
        let text = text.trimmingWhitespace()
        var candidates: [ReferenceCandidate] = []
        if let valueURI = valueURI?.trimmingWhitespace(), !valueURI.isEmpty {
            candidates.append(ReferenceCandidate(valueURI, field: "\(field)@valueURI"))
        }
        if let code = classificationCode?.trimmingWhitespace(), !code.isEmpty {
            candidates.append(ReferenceCandidate(code, field: "\(field)@classificationCode"))
        }
        if !text.isEmpty { candidates.append(ReferenceCandidate(text, field: field)) }
        guard !candidates.isEmpty else { return nil }
        let isPaNET = schemes.contains { $0.lowercased().contains("panet") || $0.lowercased().contains("pan-science") }
        return TechniqueReference(candidates, strength: isPaNET || !candidates.allSatisfy({ $0.field == field }) ? .technique : .subject)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}
