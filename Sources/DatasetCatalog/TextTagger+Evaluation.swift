public import OntologyKit

/// One labelled text: the text and, per expected technique, the classes that count as it.
public struct LabelledText: Sendable {
    /// Where the text was read (`file:line`).
    public var source: String
    /// The text to tag.
    public var text: String
    /// Each group lists alternatives; a group is found when one of them is predicted.
    public var expected: [[ClassID]]

    /// A labelled text; see the properties.
    public init(source: String, text: String, expected: [[ClassID]]) {
        self.source = source
        self.text = text
        self.expected = expected
    }
}

/// Precision, recall and F1 of a tagger on labelled texts.
public struct TaggerEvaluation: Sendable {
    /// A text where the tagger disagreed with the labels.
    public struct Miss: Sendable {
        /// Where the text was read (`file:line`).
        public var source: String
        /// The text.
        public var text: String
        /// Predicted classes that are neither expected nor an ancestor of an expected class.
        public var wrong: [ClassID]
        /// Expected groups that no prediction named, by their first alternative.
        public var missed: [ClassID]
    }

    /// Texts scored.
    public var texts = 0
    /// Distinct classes predicted, summed over texts.
    public var predicted = 0
    /// Predicted classes that are an expected class or one of its inferred ancestors.
    public var correct = 0
    /// Expected groups, summed over texts.
    public var expected = 0
    /// Expected groups with an alternative predicted exactly.
    public var found = 0
    /// The texts with a wrong or a missed technique, in file order.
    public var misses: [Miss] = []

    /// correct / predicted (1 when nothing was predicted).
    public var precision: Double { predicted == 0 ? 1 : Double(correct) / Double(predicted) }
    /// found / expected (1 when nothing was expected).
    public var recall: Double { expected == 0 ? 1 : Double(found) / Double(expected) }
    /// The harmonic mean of precision and recall.
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
}

extension TextTagger {
    /// Reads a labelled file: one JSON object per line, `{"text": ..., "expected": [[term, ...], ...]}`,
    /// where a term is an IRI, CURIE, id, label or synonym. Blank lines are skipped.
    ///
    /// - Throws: `DatasetCatalogError.malformedJSON` or `.unrecognizedRecord` naming the line.
    public func readLabelled(_ content: String, source: String) throws -> [LabelledText] {
        var result: [LabelledText] = []
        for (offset, line) in content.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            guard line.contains(where: { !$0.isWhitespace }) else { continue }
            var bytes = Array(line.utf8)
            let value: JSONValue = try bytes.withUnsafeMutableBufferPointer { buffer in
                let view = UnsafeBufferPointer(buffer)
                var scanner = JSONScanner(view)
                do {
                    let value = try scanner.parseValue()
                    try scanner.expectEnd()
                    return value
                } catch {
                    throw error.located(in: view, source: source, firstLine: lineNumber)
                }
            }
            func bad(_ message: String) -> DatasetCatalogError {
                .unrecognizedRecord(source: source, position: "\(lineNumber)", message: message)
            }
            guard let text = value["text"]?.stringValue else { throw bad("expected an object with a string \"text\"") }
            guard let groups = value["expected"]?.arrayValue else { throw bad("expected an array \"expected\" of arrays of terms") }
            var expected: [[ClassID]] = []
            for group in groups {
                let terms = group.arrayValue ?? [group]
                var alternatives: [ClassID] = []
                for term in terms {
                    guard let name = term.stringValue else { throw bad("a term of \"expected\" is not a string") }
                    guard let match = ontology.resolver.resolve(name) else {
                        throw bad("unknown term '\(String(name.prefix(200)))' in \"expected\"")
                    }
                    alternatives.append(match.classID)
                }
                if !alternatives.isEmpty { expected.append(alternatives) }
            }
            result.append(LabelledText(source: "\(source):\(lineNumber)", text: text, expected: expected))
        }
        return result
    }

    /// Scores the tagger on `texts`: a prediction is correct when it is an expected class or one of
    /// its inferred ancestors; an expected group is found when one of its alternatives is predicted.
    public func evaluate(_ texts: [LabelledText]) -> TaggerEvaluation {
        let hierarchy = ontology.classification.hierarchy
        var result = TaggerEvaluation()
        for item in texts {
            let predicted = classes(in: item.text)
            let alternatives = item.expected.flatMap { $0 }
            let wrong = predicted.filter { guess in !alternatives.contains { hierarchy.isSubclass($0, of: guess) } }
            let missed = item.expected.filter { group in !group.contains { predicted.contains($0) } }
            result.texts += 1
            result.predicted += predicted.count
            result.correct += predicted.count - wrong.count
            result.expected += item.expected.count
            result.found += item.expected.count - missed.count
            if !wrong.isEmpty || !missed.isEmpty {
                result.misses.append(.init(source: item.source, text: item.text, wrong: wrong, missed: missed.map { $0[0] }))
            }
        }
        return result
    }
}

extension TextTagger {
    /// The whole text of `path` (`-` for standard input), for texts to tag and labelled files.
    ///
    /// - Throws: `DatasetCatalogError.unreadable` when it cannot be read.
    public static func readText(path: String) throws -> String {
        let input = try ByteSource(path: path)
        var buffer: [UInt8] = []
        while try input.read(into: &buffer) {}
        return String(decoding: buffer, as: UTF8.self)
    }
}
