import Foundation

/// Cuts an XML document into its OAI-PMH `record` elements without parsing them, so each record is
/// parsed on its own: a broken record is reported and skipped while the others go on.
///
/// A document whose root is not `OAI-PMH` (a bare DataCite `resource`, a single `record`) is one record.
/// Namespace declarations of the root are carried into every record.
struct XMLRecordSplitter {
    /// One record's text with where it starts.
    struct Chunk {
        var text: [UInt8]
        var line: Int
        var ordinal: Int
        /// Namespace declarations of the root element, to wrap the record with.
        var namespaces: String
        /// Byte range of the record within the scanned document (for a whole document in one buffer).
        var range: Range<Int>
    }

    let source: String
    private(set) var namespaces = ""
    private(set) var rootName: String?
    private(set) var ordinal = 0
    private(set) var recordRanges: [Range<Int>] = []
    private var line = 1
    private var offsetBase = 0

    init(source: String) {
        self.source = source
    }

    /// Scans `buffer` and hands out each complete record; returns how many bytes were consumed.
    ///
    /// With `isFinal`, an unterminated record is handed out as it is (its parse then fails and
    /// reports the truncation).
    mutating func scan(_ buffer: [UInt8], isFinal: Bool, _ emit: (Chunk) throws -> Void) throws -> Int {
        var index = 0
        var consumed = 0
        func countLines(_ upper: Int) {
            for position in consumed..<upper where buffer[position] == 0x0A { line += 1 }
            consumed = upper
        }
        while index < buffer.count {
            guard let open = find(UInt8(ascii: "<"), in: buffer, from: index) else { break }
            index = open
            guard let kind = markupEnd(buffer, at: open) else {
                // Incomplete markup at the end of the buffer.
                if isFinal { break }
                countLines(open)
                offsetBase += consumed
                return consumed
            }
            switch kind {
            case .other(let end):
                index = end
            case .startTag(let name, let end, let selfClosing):
                let local = XMLRecordSplitter.localName(name)
                let isRoot = rootName == nil
                if isRoot {
                    rootName = local
                    namespaces = XMLRecordSplitter.namespaceDeclarations(buffer[open..<end])
                }
                guard local == "record" || (isRoot && local != "OAI-PMH") else {
                    index = end
                    continue
                }
                let recordEnd: Int
                if selfClosing {
                    recordEnd = end
                } else if let close = closingTag(of: name, in: buffer, from: end) {
                    recordEnd = close
                } else if isFinal {
                    recordEnd = buffer.count
                } else {
                    countLines(open)
                    offsetBase += consumed
                    if isRoot { rootName = nil }
                    return consumed
                }
                countLines(open)
                ordinal += 1
                let range = (offsetBase + open)..<(offsetBase + recordEnd)
                recordRanges.append(range)
                try emit(Chunk(text: Array(buffer[open..<recordEnd]), line: line, ordinal: ordinal, namespaces: namespaces,
                               range: range))
                index = recordEnd
            }
        }
        let upper = isFinal ? buffer.count : max(consumed, min(index, buffer.count))
        countLines(upper)
        offsetBase += consumed
        return consumed
    }

    private enum Markup {
        case other(end: Int)
        case startTag(name: [UInt8], end: Int, selfClosing: Bool)
    }

    private func find(_ byte: UInt8, in buffer: [UInt8], from: Int) -> Int? {
        var index = from
        while index < buffer.count {
            if buffer[index] == byte { return index }
            index += 1
        }
        return nil
    }

    private func find(_ pattern: [UInt8], in buffer: [UInt8], from: Int) -> Int? {
        guard pattern.count <= buffer.count else { return nil }
        var index = from
        while index + pattern.count <= buffer.count {
            if buffer[index] == pattern[0] {
                var matches = true
                for offset in 1..<pattern.count where buffer[index + offset] != pattern[offset] { matches = false; break }
                if matches { return index }
            }
            index += 1
        }
        return nil
    }

    private static let commentEnd = Array("-->".utf8), cdataEnd = Array("]]>".utf8), piEnd = Array("?>".utf8)

    /// Classifies the markup at `open` and finds its end; nil when it runs past the buffer.
    private func markupEnd(_ buffer: [UInt8], at open: Int) -> Markup? {
        func starts(_ text: String) -> Bool {
            let bytes = Array(text.utf8)
            guard open + bytes.count <= buffer.count else { return false }
            return Array(buffer[open..<(open + bytes.count)]) == bytes
        }
        if starts("<!--") { return find(XMLRecordSplitter.commentEnd, in: buffer, from: open + 4).map { .other(end: $0 + 3) } }
        if starts("<![CDATA[") { return find(XMLRecordSplitter.cdataEnd, in: buffer, from: open + 9).map { .other(end: $0 + 3) } }
        if starts("<?") { return find(XMLRecordSplitter.piEnd, in: buffer, from: open + 2).map { .other(end: $0 + 2) } }
        if starts("<!") {
            // DOCTYPE, possibly with an internal subset in brackets.
            var bracket = 0, index = open + 2
            while index < buffer.count {
                switch buffer[index] {
                case UInt8(ascii: "["): bracket += 1
                case UInt8(ascii: "]"): bracket -= 1
                case UInt8(ascii: ">") where bracket <= 0: return .other(end: index + 1)
                default: break
                }
                index += 1
            }
            return nil
        }
        guard let end = tagEnd(buffer, from: open + 1) else { return nil }
        if open + 1 < buffer.count, buffer[open + 1] == UInt8(ascii: "/") { return .other(end: end) }
        var nameEnd = open + 1
        while nameEnd < end, !XMLRecordSplitter.isNameTerminator(buffer[nameEnd]) { nameEnd += 1 }
        let selfClosing = end >= 2 && buffer[end - 2] == UInt8(ascii: "/")
        return .startTag(name: Array(buffer[(open + 1)..<nameEnd]), end: end, selfClosing: selfClosing)
    }

    /// The index after the `>` closing a tag, skipping quoted attribute values.
    private func tagEnd(_ buffer: [UInt8], from: Int) -> Int? {
        var quote: UInt8?
        var index = from
        while index < buffer.count {
            let byte = buffer[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == 0x22 || byte == 0x27 {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return index + 1
            }
            index += 1
        }
        return nil
    }

    private static func isNameTerminator(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
    }

    /// The index after the end tag matching an element named `name` opened before `from`.
    private func closingTag(of name: [UInt8], in buffer: [UInt8], from: Int) -> Int? {
        var depth = 1
        var index = from
        while let open = find(UInt8(ascii: "<"), in: buffer, from: index) {
            guard let kind = markupEnd(buffer, at: open) else { return nil }
            switch kind {
            case .other(let end):
                if buffer[open + 1] == UInt8(ascii: "/") {
                    var nameEnd = open + 2
                    while nameEnd < end, !XMLRecordSplitter.isNameTerminator(buffer[nameEnd]) { nameEnd += 1 }
                    if Array(buffer[(open + 2)..<nameEnd]) == name {
                        depth -= 1
                        if depth == 0 { return end }
                    }
                }
                index = end
            case .startTag(let tag, let end, let selfClosing):
                if tag == name && !selfClosing { depth += 1 }
                index = end
            }
        }
        return nil
    }

    static func localName(_ name: [UInt8]) -> String {
        let text = String(decoding: name, as: UTF8.self)
        if let colon = text.lastIndex(of: ":") { return String(text[text.index(after: colon)...]) }
        return text
    }

    /// The `xmlns` and `xmlns:p` attributes of a start tag, as attribute text.
    static func namespaceDeclarations(_ tag: ArraySlice<UInt8>) -> String {
        let text = String(decoding: tag, as: UTF8.self)
        var result: [String] = []
        var rest = Substring(text)
        while let range = rest.range(of: "xmlns") {
            let before = rest[..<range.lowerBound].last
            rest = rest[range.lowerBound...]
            guard before == nil || before?.isWhitespace == true,
                  let equals = rest.firstIndex(of: "="),
                  let quoteIndex = rest[rest.index(after: equals)...].firstIndex(where: { $0 == "\"" || $0 == "'" }) else {
                rest = rest.dropFirst(5)
                continue
            }
            let quote = rest[quoteIndex]
            let valueStart = rest.index(after: quoteIndex)
            guard let close = rest[valueStart...].firstIndex(of: quote) else { break }
            let name = rest[..<equals].trimmingCharacters()
            if name == "xmlns" || name.hasPrefix("xmlns:") {
                result.append("\(name)=\(quote)\(rest[valueStart..<close])\(quote)")
            }
            rest = rest[rest.index(after: close)...]
        }
        return result.joined(separator: " ")
    }
}

extension Substring {
    func trimmingCharacters() -> String {
        String(self).trimmingWhitespace()
    }
}
