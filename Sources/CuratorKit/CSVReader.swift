/// One record of a CSV file, with the line it starts on.
public struct CSVRecord: Sendable, Equatable {
    /// The 1-based line of the file where the record starts.
    public var line: Int
    /// The field values, unquoted.
    public var fields: [String]

    /// Creates a record.
    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }

    /// The field at `index`, or the empty string past the end of a short record.
    public subscript(index: Int) -> String {
        index < fields.count ? fields[index] : ""
    }

    /// True when every field is empty or whitespace.
    public var isBlank: Bool {
        fields.allSatisfy { $0.allSatisfy(\.isBlank) }
    }
}

/// An RFC 4180 CSV reader: quoted fields with `""` escapes, line breaks inside quotes, CRLF, LF or CR
/// line ends, a leading byte order mark, and a choice of delimiter.
public struct CSVReader: Sendable {
    /// The field separator.
    public var delimiter: Unicode.Scalar

    /// A reader for `delimiter`-separated values (`,` by default, `\t` for TSV).
    public init(delimiter: Unicode.Scalar = ",") {
        self.delimiter = delimiter
    }

    /// The delimiter a file name suggests: tab for `.tsv` and `.tab`, comma otherwise.
    public static func delimiter(forPath path: String) -> Unicode.Scalar {
        let lower = path.lowercased()
        return lower.hasSuffix(".tsv") || lower.hasSuffix(".tab") ? "\t" : ","
    }

    /// Splits `text` into records.
    ///
    /// - Parameters:
    ///   - text: The decoded file content.
    ///   - source: The name used in error messages.
    /// - Throws: `CuratorError.csvSyntax` for a quote left open or text after a closing quote.
    /// - Complexity: O(*n*) in the length of `text`.
    public func records(_ text: String, source: String) throws -> [CSVRecord] {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1, column = 1
        var recordLine = 1
        var index = 0
        var atFieldStart = true
        var fieldWasQuoted = false

        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            atFieldStart = true
            fieldWasQuoted = false
        }
        func endRecord() {
            endField()
            records.append(CSVRecord(line: recordLine, fields: fields))
            fields = []
        }

        while index < scalars.count {
            let scalar = scalars[index]
            if atFieldStart && scalar == "\"" {
                // A quoted field: read to the closing quote, keeping line breaks and doubled quotes.
                let openLine = line, openColumn = column
                index += 1
                column += 1
                var closed = false
                while index < scalars.count {
                    let inner = scalars[index]
                    if inner == "\"" {
                        if index + 1 < scalars.count && scalars[index + 1] == "\"" {
                            field.append("\"")
                            index += 2
                            column += 2
                            continue
                        }
                        index += 1
                        column += 1
                        closed = true
                        break
                    }
                    if inner == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n" {
                        field.append("\r")
                        field.append("\n")
                        index += 2
                        line += 1
                        column = 1
                        continue
                    }
                    field.append(inner)
                    index += 1
                    if inner == "\n" || inner == "\r" {
                        line += 1
                        column = 1
                    } else {
                        column += 1
                    }
                }
                guard closed else {
                    throw CuratorError.csvSyntax(source: source, line: openLine, column: openColumn,
                                                 message: "quoted field is never closed; add the closing '\"'")
                }
                atFieldStart = false
                fieldWasQuoted = true
                if index < scalars.count {
                    let next = scalars[index]
                    if next != delimiter && next != "\n" && next != "\r" {
                        throw CuratorError.csvSyntax(
                            source: source, line: line, column: column,
                            message: "unexpected '\(Character(next))' after a closing quote; "
                                + "double quotes inside a quoted field must be written \"\"")
                    }
                }
                continue
            }
            if scalar == delimiter {
                endField()
                index += 1
                column += 1
            } else if scalar == "\n" || scalar == "\r" {
                endRecord()
                index += scalar == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n" ? 2 : 1
                line += 1
                column = 1
                recordLine = line
            } else {
                field.append(scalar)
                atFieldStart = false
                index += 1
                column += 1
            }
        }
        if !fields.isEmpty || !field.isEmpty || fieldWasQuoted {
            endRecord()
        }
        return records
    }
}
