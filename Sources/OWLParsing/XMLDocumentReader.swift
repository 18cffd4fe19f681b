/// A namespace-resolved XML element with its attributes, text and child elements.
struct XMLElement {
    var namespace: String
    var localName: String
    /// The name as written (`owl:Class`), for messages.
    var qualifiedName: String
    var attributes: [XMLAttribute]
    var children: [XMLElement] = []
    /// The character data directly inside the element (text and CDATA), entities decoded.
    var text: String = ""
    /// Byte offset of the first non-whitespace character data, if any.
    var textOffset: Int?
    /// Byte offset of the `<` of the start tag.
    var offset: Int

    func attribute(_ localName: String, namespace: String = "") -> XMLAttribute? {
        attributes.first { $0.localName == localName && $0.namespace == namespace }
    }
}

struct XMLAttribute {
    var namespace: String
    var localName: String
    var qualifiedName: String
    var value: String
    var offset: Int
}

/// A small XML 1.0 reader: elements, attributes, namespaces, character data, CDATA, comments,
/// processing instructions, the five predefined entities and character references. A DOCTYPE with
/// an internal subset (where entities are declared) is refused, and nesting is limited, so the
/// work stays linear in the input.
struct XMLDocumentReader {
    static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"
    static let maximumDepth = 1_000

    let bytes: [UInt8]
    let path: String
    private var index = 0

    init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
    }

    /// Reads the document and returns its root element.
    static func read(bytes: [UInt8], path: String) throws(OWLParsingError) -> XMLElement {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            var reader = XMLDocumentReader(bytes: bytes, path: path)
            throw reader.error(at: reader.firstInvalidUTF8(), "the document is not valid UTF-8")
        }
        var reader = XMLDocumentReader(bytes: bytes, path: path)
        return try reader.readDocument()
    }

    private func error(at offset: Int, _ message: String) -> OWLParsingError {
        OWLParsingError.at(offset, in: bytes, path: path, message)
    }

    private mutating func firstInvalidUTF8() -> Int {
        var start = 0
        while start < bytes.count {
            let lead = bytes[start]
            let length = lead < 0x80 ? 1 : lead >> 5 == 0x6 ? 2 : lead >> 4 == 0xE ? 3 : lead >> 3 == 0x1E ? 4 : 0
            if length == 0 || start + length > bytes.count
                || String(validating: bytes[start..<start + length], as: UTF8.self) == nil { return start }
            start += length
        }
        return start
    }

    // MARK: Scanning helpers

    private func peek(_ literal: String) -> Bool {
        var position = index
        for byte in literal.utf8 {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
        }
        return true
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private mutating func skipSpace() {
        while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
    }

    /// Moves past the next `terminator`, or fails naming what was left open.
    private mutating func skip(past terminator: String, opened start: Int, what: String) throws(OWLParsingError) {
        let target = Array(terminator.utf8)
        while index + target.count <= bytes.count {
            if bytes[index] == target[0], Array(bytes[index..<index + target.count]) == target {
                index += target.count
                return
            }
            index += 1
        }
        throw error(at: start, "\(what) is not closed with '\(terminator)'")
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        !(isSpace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "=")
            || byte == UInt8(ascii: "<") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
            || byte == UInt8(ascii: "&"))
    }

    private mutating func readName() throws(OWLParsingError) -> String {
        let start = index
        while index < bytes.count, Self.isNameByte(bytes[index]) { index += 1 }
        guard index > start else {
            throw error(at: start, index < bytes.count
                ? "expected a name, found \(OWLParsingError.quote(String(decoding: [bytes[index]], as: UTF8.self)))"
                : "expected a name, found the end of the document")
        }
        let name = String(decoding: bytes[start..<index], as: UTF8.self)
        let first = name.unicodeScalars.first!
        guard first == "_" || first == ":" || first.properties.isAlphabetic || first.value > 0x7F,
              name.filter({ $0 == ":" }).count <= 1, !name.hasPrefix(":"), !name.hasSuffix(":") else {
            throw error(at: start, "\(OWLParsingError.quote(name)) is not a valid XML name")
        }
        return name
    }

    /// Decodes `&amp;`-style references in `bytes[range]` (`offset` for messages).
    private func decode(_ range: Range<Int>, normalizingSpace: Bool) throws(OWLParsingError) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(range.count)
        var position = range.lowerBound
        while position < range.upperBound {
            let byte = bytes[position]
            if byte == UInt8(ascii: "&") {
                guard let semicolon = bytes[position..<range.upperBound].firstIndex(of: UInt8(ascii: ";")),
                      semicolon - position <= 12 else {
                    throw error(at: position, "an '&' must start an entity or character reference ending in ';'")
                }
                let name = String(decoding: bytes[(position + 1)..<semicolon], as: UTF8.self)
                switch name {
                case "lt": output.append(UInt8(ascii: "<"))
                case "gt": output.append(UInt8(ascii: ">"))
                case "amp": output.append(UInt8(ascii: "&"))
                case "apos": output.append(UInt8(ascii: "'"))
                case "quot": output.append(UInt8(ascii: "\""))
                default:
                    var value: UInt32?
                    if name.hasPrefix("#x") { value = UInt32(name.dropFirst(2), radix: 16) }
                    else if name.hasPrefix("#") { value = UInt32(name.dropFirst(), radix: 10) }
                    else {
                        throw error(at: position, "unknown entity \(OWLParsingError.quote("&" + name + ";")) (only the five predefined XML entities are allowed)")
                    }
                    guard let value, value != 0, let scalar = Unicode.Scalar(value) else {
                        throw error(at: position, "\(OWLParsingError.quote("&" + name + ";")) is not a valid character reference")
                    }
                    output.append(contentsOf: Array(String(Character(scalar)).utf8))
                }
                position = semicolon + 1
            } else {
                if normalizingSpace, byte == 0x09 || byte == 0x0A || byte == 0x0D {
                    output.append(0x20)
                } else if byte == 0x0D {
                    // Line ends are normalised to LF.
                    if position + 1 < range.upperBound, bytes[position + 1] == 0x0A {} else { output.append(0x0A) }
                } else {
                    output.append(byte)
                }
                position += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    // MARK: Document structure

    private struct OpenElement {
        var element: XMLElement
        var namespaces: [String: String]
    }

    private mutating func readDocument() throws(OWLParsingError) -> XMLElement {
        if peek("\u{FEFF}") { index += 3 }
        var stack: [OpenElement] = []
        var root: XMLElement?
        while index < bytes.count {
            let start = index
            if peek("<!--") {
                index += 4
                try skip(past: "-->", opened: start, what: "the comment")
            } else if peek("<?") {
                index += 2
                try skip(past: "?>", opened: start, what: "the processing instruction")
            } else if peek("<![CDATA[") {
                guard !stack.isEmpty else { throw error(at: start, "CDATA outside the root element") }
                index += 9
                try skip(past: "]]>", opened: start, what: "the CDATA section")
                appendText(String(decoding: bytes[(start + 9)..<(index - 3)], as: UTF8.self), at: start, to: &stack)
            } else if peek("<!DOCTYPE") {
                guard root == nil, stack.isEmpty else { throw error(at: start, "a DOCTYPE must come before the root element") }
                try skipDoctype(start)
            } else if peek("</") {
                index += 2
                let name = try readName()
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else {
                    throw error(at: index, "expected '>' to end the end tag </\(name)>")
                }
                index += 1
                guard let open = stack.popLast() else {
                    throw error(at: start, "end tag \(OWLParsingError.quote("</" + name + ">")) has no start tag")
                }
                guard open.element.qualifiedName == name else {
                    throw error(at: start, "end tag \(OWLParsingError.quote("</" + name + ">")) does not match <\(open.element.qualifiedName)>")
                }
                if stack.isEmpty { root = open.element } else { stack[stack.count - 1].element.children.append(open.element) }
            } else if peek("<") {
                guard root == nil else { throw error(at: start, "content after the root element") }
                guard stack.count < Self.maximumDepth else {
                    throw error(at: start, "elements are nested more than \(Self.maximumDepth) levels deep")
                }
                let (open, isEmpty) = try readStartTag(inScope: stack.last?.namespaces ?? [:])
                if isEmpty {
                    if stack.isEmpty { root = open.element } else { stack[stack.count - 1].element.children.append(open.element) }
                } else {
                    stack.append(open)
                }
            } else {
                var end = index
                while end < bytes.count, bytes[end] != UInt8(ascii: "<") { end += 1 }
                let range = index..<end
                index = end
                if stack.isEmpty {
                    if let junk = range.first(where: { !Self.isSpace(bytes[$0]) }) {
                        throw error(at: junk, "text outside the root element")
                    }
                } else {
                    if let cdataEnd = bytes[range].firstRange(of: Array("]]>".utf8)) {
                        throw error(at: cdataEnd.lowerBound, "']]>' is not allowed in text")
                    }
                    appendText(try decode(range, normalizingSpace: false), at: start, to: &stack)
                }
            }
        }
        if let open = stack.last {
            throw error(at: open.element.offset, "the document ends before <\(open.element.qualifiedName)> is closed")
        }
        guard let root else { throw error(at: bytes.count, "the document has no root element") }
        return root
    }

    private func appendText(_ text: String, at offset: Int, to stack: inout [OpenElement]) {
        let last = stack.count - 1
        stack[last].element.text += text
        if stack[last].element.textOffset == nil, let first = text.utf8.firstIndex(where: { !Self.isSpace($0) }) {
            stack[last].element.textOffset = offset + text.utf8.distance(from: text.utf8.startIndex, to: first)
        }
    }

    /// A DOCTYPE without an internal subset is skipped; one with a subset may declare entities,
    /// which this reader refuses.
    private mutating func skipDoctype(_ start: Int) throws(OWLParsingError) {
        index += 9
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "["):
                throw error(at: start, "a DOCTYPE with an internal subset (entity declarations) is not supported")
            case UInt8(ascii: ">"):
                index += 1
                return
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let quote = bytes[index]
                index += 1
                while index < bytes.count, bytes[index] != quote { index += 1 }
                index += 1
            default:
                index += 1
            }
        }
        throw error(at: start, "the DOCTYPE is not closed with '>'")
    }

    private mutating func readStartTag(inScope: [String: String]) throws(OWLParsingError) -> (OpenElement, Bool) {
        let start = index
        index += 1
        let name = try readName()
        var raw: [(name: String, value: String, offset: Int)] = []
        var seen = Set<String>()
        var isEmpty = false
        while true {
            let hadSpace = index < bytes.count && Self.isSpace(bytes[index])
            skipSpace()
            guard index < bytes.count else { throw error(at: start, "the start tag <\(name)> is not closed") }
            if bytes[index] == UInt8(ascii: ">") { index += 1; break }
            if peek("/>") { index += 2; isEmpty = true; break }
            guard hadSpace else { throw error(at: index, "expected white space before an attribute in <\(name)>") }
            let attributeStart = index
            let attributeName = try readName()
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
                throw error(at: index, "expected '=' after the attribute \(OWLParsingError.quote(attributeName))")
            }
            index += 1
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
                throw error(at: index, "expected a quoted value for the attribute \(OWLParsingError.quote(attributeName))")
            }
            let quote = bytes[index]
            let valueStart = index + 1
            var end = valueStart
            while end < bytes.count, bytes[end] != quote {
                if bytes[end] == UInt8(ascii: "<") { throw error(at: end, "'<' is not allowed in an attribute value") }
                end += 1
            }
            guard end < bytes.count else { throw error(at: index, "the value of \(OWLParsingError.quote(attributeName)) is not closed") }
            let value = try decode(valueStart..<end, normalizingSpace: true)
            index = end + 1
            guard seen.insert(attributeName).inserted else {
                throw error(at: attributeStart, "the attribute \(OWLParsingError.quote(attributeName)) appears twice")
            }
            raw.append((attributeName, value, attributeStart))
        }
        var namespaces = inScope
        for attribute in raw {
            if attribute.name == "xmlns" { namespaces[""] = attribute.value }
            else if attribute.name.hasPrefix("xmlns:") {
                guard !attribute.value.isEmpty else { throw error(at: attribute.offset, "a namespace prefix cannot be bound to an empty name") }
                namespaces[String(attribute.name.dropFirst(6))] = attribute.value
            }
        }
        func resolve(_ qualified: String, offset: Int, isAttribute: Bool) throws(OWLParsingError) -> (String, String) {
            guard let colon = qualified.firstIndex(of: ":") else {
                return (isAttribute ? "" : namespaces[""] ?? "", qualified)
            }
            let prefix = String(qualified[..<colon])
            let local = String(qualified[qualified.index(after: colon)...])
            if prefix == "xml" { return (Self.xmlNamespace, local) }
            guard let namespace = namespaces[prefix] else {
                throw error(at: offset, "the namespace prefix \(OWLParsingError.quote(prefix)) is not declared")
            }
            return (namespace, local)
        }
        let (namespace, local) = try resolve(name, offset: start, isAttribute: false)
        var attributes: [XMLAttribute] = []
        for attribute in raw where attribute.name != "xmlns" && !attribute.name.hasPrefix("xmlns:") {
            let (attributeNamespace, attributeLocal) = try resolve(attribute.name, offset: attribute.offset, isAttribute: true)
            attributes.append(XMLAttribute(namespace: attributeNamespace, localName: attributeLocal,
                                           qualifiedName: attribute.name, value: attribute.value, offset: attribute.offset))
        }
        let element = XMLElement(namespace: namespace, localName: local, qualifiedName: name,
                                 attributes: attributes, offset: start)
        return (OpenElement(element: element, namespaces: namespaces), isEmpty)
    }
}
