/// A value of the YAML subset SSSOM metadata headers use: maps, lists and scalars.
public indirect enum YAMLValue: Sendable, Equatable {
    case scalar(String)
    case list([YAMLValue])
    case map([(String, YAMLValue)])

    public static func == (lhs: YAMLValue, rhs: YAMLValue) -> Bool {
        switch (lhs, rhs) {
        case (.scalar(let a), .scalar(let b)): return a == b
        case (.list(let a), .list(let b)): return a == b
        case (.map(let a), .map(let b)): return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The text of a scalar.
    public var scalarValue: String? {
        if case .scalar(let text) = self { return text }
        return nil
    }
}

/// One line of YAML text with its place in the file it came from.
struct YAMLLine {
    /// The 1-based line in the file.
    var line: Int
    /// The 1-based column in the file where `text` starts.
    var column: Int
    var text: String
}

/// Reads block-style YAML: `key: value` maps, `- item` lists, plain, single- and double-quoted
/// scalars, plain scalars continued on more-indented lines, and `#` comments. Flow collections,
/// anchors, tags and block scalars (`|`, `>`) are refused with their position.
struct YAMLSubsetReader {
    let source: String
    /// Significant lines: indentation, content without comment, and position.
    private var items: [(indent: Int, text: String, line: Int, column: Int)] = []
    private var index = 0

    init(lines: [YAMLLine], source: String) throws {
        self.source = source
        for entry in lines {
            let scalars = Array(entry.text.unicodeScalars)
            var indent = 0
            while indent < scalars.count, scalars[indent] == " " { indent += 1 }
            if indent < scalars.count, scalars[indent] == "\t" {
                throw MappingError.yamlSyntax(source: source, line: entry.line, column: entry.column + indent,
                                              message: "tab in indentation; indent with spaces")
            }
            let content = Self.strippingComment(String(String.UnicodeScalarView(scalars[indent...])))
            guard !content.isEmpty, content != "---" else { continue }
            items.append((indent, content, entry.line, entry.column + indent))
        }
    }

    /// Reads the whole header as a map (empty when there is no content).
    mutating func readDocument() throws -> [(String, YAMLValue)] {
        guard index < items.count else { return [] }
        let value = try readBlock(indent: items[index].indent)
        if index < items.count {
            let item = items[index]
            throw error(item.line, item.column, "unexpected indentation; align the line with the entries it belongs to")
        }
        guard case .map(let members) = value else {
            throw error(items[0].line, items[0].column, "expected 'key: value' lines")
        }
        return members
    }

    private func error(_ line: Int, _ column: Int, _ message: String) -> MappingError {
        .yamlSyntax(source: source, line: line, column: column, message: message)
    }

    /// Reads a map or list whose entries start at exactly `indent`.
    private mutating func readBlock(indent: Int) throws -> YAMLValue {
        let first = items[index]
        if first.text == "-" || first.text.hasPrefix("- ") {
            var list: [YAMLValue] = []
            while index < items.count, items[index].indent == indent,
                  items[index].text == "-" || items[index].text.hasPrefix("- ") {
                let item = items[index]
                let rest = String(item.text.dropFirst(1)).trimmingLeadingSpaces()
                index += 1
                if rest.isEmpty {
                    guard index < items.count, items[index].indent > indent else {
                        list.append(.scalar(""))
                        continue
                    }
                    list.append(try readBlock(indent: items[index].indent))
                } else if Self.keySeparator(in: rest) != nil {
                    throw error(item.line, item.column + 2, "maps inside list items are not supported; write the item as a scalar")
                } else {
                    list.append(.scalar(try scalar(rest, line: item.line, column: item.column + 2, indent: indent)))
                }
            }
            return .list(list)
        }
        var members: [(String, YAMLValue)] = []
        while index < items.count, items[index].indent == indent {
            let item = items[index]
            if item.text.hasPrefix("- ") || item.text == "-" {
                throw error(item.line, item.column, "a list item where a 'key: value' line was expected")
            }
            guard let separator = Self.keySeparator(in: item.text) else {
                throw error(item.line, item.column, "expected 'key: value', found '\(item.text.clipped)'")
            }
            let key = try scalar(String(item.text[..<separator]).trimmingTrailingSpaces(), line: item.line,
                                 column: item.column, indent: nil)
            if members.contains(where: { $0.0 == key }) {
                throw error(item.line, item.column, "key '\(key.clipped)' appears twice; keep one")
            }
            let afterColon = item.text.index(after: separator)
            let rest = String(item.text[afterColon...]).trimmingLeadingSpaces()
            let restColumn = item.column + item.text.distance(from: item.text.startIndex, to: afterColon)
                + (item.text[afterColon...].count - rest.count)
            index += 1
            if rest.isEmpty {
                if index < items.count, items[index].indent > indent {
                    members.append((key, try readBlock(indent: items[index].indent)))
                } else if index < items.count, items[index].indent == indent, items[index].text.hasPrefix("- ") {
                    members.append((key, try readBlock(indent: indent)))  // a list at the key's own indentation
                } else {
                    members.append((key, .scalar("")))
                }
            } else {
                members.append((key, .scalar(try scalar(rest, line: item.line, column: restColumn, indent: indent))))
            }
        }
        return .map(members)
    }

    /// A scalar's value; a plain scalar takes the following lines indented deeper than `indent`.
    private mutating func scalar(_ text: String, line: Int, column: Int, indent: Int?) throws -> String {
        guard let first = text.unicodeScalars.first else { return "" }
        switch first {
        case "'", "\"":
            return try quoted(text, line: line, column: column)
        case "[", "{":
            throw error(line, column, "flow collections ('\(first)') are not supported; use block style")
        case "|", ">":
            throw error(line, column, "block scalars ('\(first)') are not supported; write the value on one line")
        case "&", "*", "!":
            throw error(line, column, "anchors, aliases and tags are not supported")
        default:
            var value = text
            if let indent {
                // A plain scalar continues on more-indented lines that are not entries themselves.
                while index < items.count, items[index].indent > indent {
                    value += " " + items[index].text
                    index += 1
                }
            }
            return value
        }
    }

    private func quoted(_ text: String, line: Int, column: Int) throws -> String {
        let scalars = Array(text.unicodeScalars)
        let quote = scalars[0]
        var result = String.UnicodeScalarView()
        var position = 1
        while position < scalars.count {
            let scalar = scalars[position]
            if scalar == quote {
                if quote == "'", position + 1 < scalars.count, scalars[position + 1] == "'" {
                    result.append("'")
                    position += 2
                    continue
                }
                let trailing = scalars[(position + 1)...].filter { $0 != " " }
                guard trailing.isEmpty else {
                    throw error(line, column + position + 1, "text after the closing quote")
                }
                return String(result)
            }
            if quote == "\"", scalar == "\\", position + 1 < scalars.count {
                let next = scalars[position + 1]
                switch next {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "\\", "\"", "/": result.append(next)
                default:
                    throw error(line, column + position, "unsupported escape '\\\(Character(next))'")
                }
                position += 2
                continue
            }
            result.append(scalar)
            position += 1
        }
        throw error(line, column, "quoted value is never closed; add the closing \(Character(quote))")
    }

    /// The position of the `:` that ends a key (followed by a space or the end), outside quotes.
    static func keySeparator(in text: String) -> String.Index? {
        var quote: Character?
        var position = text.startIndex
        while position < text.endIndex {
            let character = text[position]
            let next = text.index(after: position)
            if let open = quote {
                if character == open { quote = nil }
            } else if (character == "'" || character == "\"") && position == text.startIndex {
                quote = character
            } else if character == ":" && (next == text.endIndex || text[next] == " ") {
                return position
            }
            position = next
        }
        return nil
    }

    /// The line without a `#` comment (one preceded by a space or at the start, outside quotes).
    static func strippingComment(_ text: String) -> String {
        var quote: Character?
        var previous: Character = " "
        for position in text.indices {
            let character = text[position]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"", previous == " " || previous == ":" {
                quote = character
            } else if character == "#", previous == " " {
                return String(text[..<position]).trimmingTrailingSpaces()
            }
            previous = character
        }
        return text.trimmingTrailingSpaces()
    }
}

extension String {
    func trimmingLeadingSpaces() -> String { String(drop { $0 == " " }) }
    func trimmingTrailingSpaces() -> String {
        var slice = Substring(self)
        while slice.last == " " || slice.last == "\r" { slice = slice.dropLast() }
        return String(slice)
    }
}
