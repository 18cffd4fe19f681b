public import OntologyKit

/// The `panet` object added to a record.
public struct RecordAnnotation: Sendable, Equatable {
    /// Techniques the record names.
    public var techniques: [MatchedTechnique]
    /// Inferred ancestors of those techniques, excluding the techniques themselves, general first.
    public var ancestors: [ClassID]
    /// Strings that matched nothing.
    public var unmatched: [String]
    /// `owl:versionIRI`, else `owl:versionInfo`, of the ontology used.
    public var ontologyVersion: String

    /// The classes to index for the record: the techniques and every ancestor.
    public var closure: [ClassID] { techniques.map(\.classID) + ancestors }
}

/// Adds the inferred technique hierarchy to records, in the "Annotated record" shape:
/// the input record unchanged plus
/// `"panet": {"techniques": [{"iri","id","label","matched","source","field"}], "ancestors": [{"iri","id","label"}],
/// "unmatched": [...], "ontology_version": "..."}`.
///
/// A technique reached through a deprecated term carries `"deprecated": true` and
/// `"replaced": {"iri","id","label"}` (the term the record used); a deprecated term with no replacement
/// carries `"deprecated": true`.
/// Not thread-safe (the matcher caches); use one annotator per thread.
public final class RecordAnnotator {
    /// The ontology used.
    public let ontology: ClassifiedOntology
    /// The matcher used.
    public let matcher: TechniqueMatcher
    /// The `ontology_version` written into annotations.
    public let ontologyVersion: String
    /// Whether PaNET's root 'photon and neutron technique' is left out of `ancestors`.
    public let excludesRoot: Bool
    private let classJSON: [[UInt8]]
    private let ancestorLists: [[ClassID]]
    /// Each class's ancestors as positions in `byRank` (general first), for merging several lists.
    private let ancestorRanks: [[Int32]]
    /// Classes ordered by depth, then short id: the order of `ancestors`.
    private let byRank: [ClassID]
    private let rankOf: [Int32]
    private var marks: [UInt32]
    private var generation: UInt32 = 0
    private let versionJSON: [UInt8]

    /// An annotator for `ontology`.
    ///
    /// - Parameter excludingRoot: Leave 'photon and neutron technique' (PaNET00001) out of `ancestors`.
    public init(ontology: ClassifiedOntology, excludingRoot: Bool = false) {
        self.ontology = ontology
        matcher = TechniqueMatcher(ontology: ontology)
        excludesRoot = excludingRoot
        let view = ontology.ontology
        ontologyVersion = view.versionIRI ?? view.versionInfo ?? view.ontologyIRI ?? "unknown"
        var versionBytes: [UInt8] = []
        JSONWriter.appendQuoted(ontologyVersion, to: &versionBytes)
        versionJSON = versionBytes
        let hierarchy = ontology.classification.hierarchy
        let count = view.classes.count
        classJSON = view.classIDs.map { id in
            let item = view[id]
            var bytes: [UInt8] = Array("{\"iri\":".utf8)
            JSONWriter.appendQuoted(item.iri, to: &bytes)
            bytes += Array(",\"id\":".utf8)
            JSONWriter.appendQuoted(item.shortID, to: &bytes)
            bytes += Array(",\"label\":".utf8)
            if let label = item.label { JSONWriter.appendQuoted(label, to: &bytes) } else { bytes += Array("null".utf8) }
            return bytes
        }
        let order = view.classIDs.sorted { lhs, rhs in
            let left = hierarchy.depth(of: lhs), right = hierarchy.depth(of: rhs)
            return left != right ? left < right : view[lhs].shortID < view[rhs].shortID
        }
        var rank = [Int32](repeating: 0, count: count)
        for (position, id) in order.enumerated() { rank[Int(id)] = Int32(position) }
        byRank = order
        rankOf = rank
        let root = view.classID(of: TermResolver.panetTechniqueRoot)
        let ranks = view.classIDs.map { id in
            hierarchy.ancestors(of: id).filter { !(excludingRoot && $0 == root) }.map { rank[Int($0)] }.sorted()
        }
        ancestorRanks = ranks
        ancestorLists = ranks.map { list in list.map { order[Int($0)] } }
        marks = [UInt32](repeating: 0, count: count)
    }

    /// Finds the techniques of `record` and their ancestors.
    public func annotate(_ record: DatasetRecord) -> RecordAnnotation {
        let result = matcher.match(record.references)
        return RecordAnnotation(techniques: result.techniques, ancestors: ancestors(of: result.techniques),
                                unmatched: result.unmatched, ontologyVersion: ontologyVersion)
    }

    private func ancestors(of techniques: [MatchedTechnique]) -> [ClassID] {
        if techniques.isEmpty { return [] }
        if techniques.count == 1 { return ancestorLists[Int(techniques[0].classID)] }
        generation &+= 1
        if generation == 0 {
            for index in marks.indices { marks[index] = 0 }
            generation = 1
        }
        // Marks are indexed by rank: a technique is never listed among the ancestors.
        for technique in techniques { marks[Int(rankOf[Int(technique.classID)])] = generation }
        var ranks: [Int32] = []
        ranks.reserveCapacity(ancestorRanks[Int(techniques[0].classID)].count * 2)
        for technique in techniques {
            for ancestor in ancestorRanks[Int(technique.classID)] where marks[Int(ancestor)] != generation {
                marks[Int(ancestor)] = generation
                ranks.append(ancestor)
            }
        }
        ranks.sort()
        // Reuse the buffer: ranks become class ids in place.
        for index in ranks.indices { ranks[index] = byRank[Int(ranks[index])] }
        return ranks
    }

    /// Appends the `panet` object for `annotation` to `output`.
    public func writeAnnotation(_ annotation: RecordAnnotation, into output: inout [UInt8]) {
        output.append(contentsOf: "{\"techniques\":[".utf8)
        for (index, technique) in annotation.techniques.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output += classJSON[Int(technique.classID)]
            output.append(contentsOf: ",\"matched\":\"".utf8)
            output.append(contentsOf: technique.kind.rawValue.utf8)
            output.append(contentsOf: "\",\"source\":".utf8)
            JSONWriter.appendQuoted(technique.source, to: &output)
            output.append(contentsOf: ",\"field\":".utf8)
            JSONWriter.appendQuoted(technique.field, to: &output)
            if technique.isDeprecated {
                output.append(contentsOf: ",\"deprecated\":true".utf8)
                if let replaced = technique.replacedClass {
                    output.append(contentsOf: ",\"replaced\":".utf8)
                    output += classJSON[Int(replaced)]
                    output.append(UInt8(ascii: "}"))
                }
            }
            output.append(UInt8(ascii: "}"))
        }
        output.append(contentsOf: "],\"ancestors\":[".utf8)
        for (index, ancestor) in annotation.ancestors.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output += classJSON[Int(ancestor)]
            output.append(UInt8(ascii: "}"))
        }
        output.append(contentsOf: "],\"unmatched\":[".utf8)
        for (index, text) in annotation.unmatched.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            JSONWriter.appendQuoted(text, to: &output)
        }
        output.append(contentsOf: "],\"ontology_version\":".utf8)
        output += versionJSON
        output.append(UInt8(ascii: "}"))
    }

    /// The `panet` object as JSON text.
    public func annotationJSON(_ annotation: RecordAnnotation) -> String {
        var output: [UInt8] = []
        writeAnnotation(annotation, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the annotated record (one line of JSON, no newline) to `output`.
    ///
    /// A JSON record is written byte for byte as read with `"panet"` added as its last member (an
    /// earlier `panet` member is replaced). An XML record becomes
    /// `{"id","datestamp","title","sets","format","deleted","xml","panet"}` with the record's XML text unchanged.
    public func writeAnnotatedRecord(_ record: DatasetRecord, _ annotation: RecordAnnotation, into output: inout [UInt8]) {
        switch record.original {
        case .json(let text):
            if record.hasAnnotation, case .object(let members)? = try? JSONValue.parse(text, source: record.source) {
                JSONValue.object(members.filter { $0.0 != "panet" }).write(into: &output)
            } else if RecordAnnotator.spansLines(text) {
                RecordAnnotator.appendCompacted(text, to: &output)
            } else {
                output.append(contentsOf: text.utf8)
            }
            // Drop the closing brace (and trailing space) and append the member.
            while let last = output.last, last == 0x20 || last == 0x0A || last == 0x0D || last == 0x09 { output.removeLast() }
            if output.last == UInt8(ascii: "}") { output.removeLast() }
            var tail = output.count - 1
            while tail >= 0, output[tail] == 0x20 || output[tail] == 0x0A || output[tail] == 0x0D || output[tail] == 0x09 { tail -= 1 }
            if tail >= 0, output[tail] != UInt8(ascii: "{") { output.append(UInt8(ascii: ",")) }
        case .xml(let text):
            output.append(contentsOf: "{\"id\":".utf8)
            JSONWriter.appendQuoted(record.id, to: &output)
            if let datestamp = record.datestamp {
                output.append(contentsOf: ",\"datestamp\":".utf8)
                JSONWriter.appendQuoted(datestamp, to: &output)
            }
            if let title = record.title {
                output.append(contentsOf: ",\"title\":".utf8)
                JSONWriter.appendQuoted(title, to: &output)
            }
            if !record.sets.isEmpty {
                output.append(contentsOf: ",\"sets\":".utf8)
                JSONValue.array(record.sets.map(JSONValue.string)).write(into: &output)
            }
            output.append(contentsOf: ",\"format\":".utf8)
            JSONWriter.appendQuoted(record.format.rawValue, to: &output)
            if record.isDeleted { output += Array(",\"deleted\":true".utf8) }
            output.append(contentsOf: ",\"xml\":".utf8)
            JSONWriter.appendQuoted(text, to: &output)
            output.append(UInt8(ascii: ","))
        }
        output.append(contentsOf: "\"panet\":".utf8)
        writeAnnotation(annotation, into: &output)
        output.append(UInt8(ascii: "}"))
    }

    /// Whether `text` holds a line break (checked on the contiguous UTF-8 bytes when available).
    static func spansLines(_ text: String) -> Bool {
        if let found = text.utf8.withContiguousStorageIfAvailable({ bytes in
            bytes.contains { $0 == 0x0A || $0 == 0x0D }
        }) {
            return found
        }
        return text.utf8.contains { $0 == 0x0A || $0 == 0x0D }
    }

    /// Appends JSON text without the whitespace between tokens, so a pretty-printed object fits on one line.
    static func appendCompacted(_ text: String, to output: inout [UInt8]) {
        var inString = false, escaped = false
        for byte in text.utf8 {
            if inString {
                if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
                output.append(byte)
                continue
            }
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { continue }
            if byte == 0x22 { inString = true }
            output.append(byte)
        }
    }

    /// The annotated record as one line of JSON text.
    public func annotatedRecordJSON(_ record: DatasetRecord, _ annotation: RecordAnnotation) -> String {
        var output: [UInt8] = []
        writeAnnotatedRecord(record, annotation, into: &output)
        return String(decoding: output, as: UTF8.self)
    }
}
