import RDFModel
import RDFParsing
import RDFStore

extension TemplateBuilder {
    /// Loads the ontology header at `path`. A Turtle header whose short strings hold raw line breaks
    /// (which Turtle forbids) is refused with a hint, or, when `lenient`, read as if the breaks were
    /// escaped, with one warning per such string naming its line.
    static func loadHeader(_ path: String, into store: inout TripleStore, lenient: Bool,
                           warnings: inout [TemplateWarning]) throws -> LoadReport {
        do {
            return try store.load(.file(path))
        } catch RDFParsingError.syntax(let source, let line, let column, let message)
                    where message.hasPrefix("line end in short string") {
            guard lenient else {
                throw RDFParsingError.syntax(
                    source: source, line: line, column: column,
                    message: message + "; write the string with \"\"\" quotes or \\n escapes, or give --lenient to read it as escaped")
            }
            let repair = TurtleLineBreaks.escape(try TextFile.read(path))
            for line in repair.lines {
                warnings.append(TemplateWarning(
                    source: path, row: line, column: nil,
                    message: "a short string holds raw line breaks, which Turtle forbids; read as escaped (--lenient)"))
            }
            return try store.load(.text(repair.text, name: path), format: .turtle,
                                  baseIRI: IRIFilePath.absoluteFileIRI(path))
        }
    }
}

/// Repairs Turtle whose short (single-quoted) strings contain raw line breaks.
enum TurtleLineBreaks {
    /// `text` with raw CR and LF inside `"…"` and `'…'` strings written as `\r` and `\n`, and the
    /// 1-based lines where each such string starts. Long strings, IRIs and comments are left alone.
    ///
    /// - Complexity: O(*n*) in the length of `text`.
    static func escape(_ text: String) -> (text: String, lines: [Int]) {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 64)
        var lines: [Int] = []
        var line = 1
        var index = 0
        func isLongQuote(_ at: Int, _ quote: UInt8) -> Bool {
            at + 2 < bytes.count && bytes[at + 1] == quote && bytes[at + 2] == quote
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "#"):
                while index < bytes.count, bytes[index] != 0x0A { output.append(bytes[index]); index += 1 }
                continue
            case UInt8(ascii: "<"):
                // An IRI runs to '>' on its line; a '<' elsewhere is copied as is.
                var end = index + 1
                while end < bytes.count, bytes[end] != UInt8(ascii: ">"), bytes[end] != 0x0A, bytes[end] != 0x20 { end += 1 }
                if end < bytes.count, bytes[end] == UInt8(ascii: ">") {
                    output.append(contentsOf: bytes[index...end])
                    index = end + 1
                    continue
                }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let quote = byte
                if isLongQuote(index, quote) {
                    output.append(contentsOf: bytes[index..<index + 3])
                    index += 3
                    while index < bytes.count, !(bytes[index] == quote && isLongQuote(index, quote)) {
                        if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count {
                            output.append(bytes[index]); index += 1
                        }
                        if bytes[index] == 0x0A { line += 1 }
                        output.append(bytes[index]); index += 1
                    }
                    output.append(contentsOf: bytes[index..<min(index + 3, bytes.count)])
                    index += 3
                    continue
                }
                let startLine = line
                var broken = false
                output.append(byte); index += 1
                while index < bytes.count, bytes[index] != quote {
                    let current = bytes[index]
                    if current == UInt8(ascii: "\\"), index + 1 < bytes.count {
                        output.append(current); output.append(bytes[index + 1]); index += 2
                        continue
                    }
                    if current == 0x0A || current == 0x0D {
                        broken = true
                        if current == 0x0A { line += 1 }
                        output.append(UInt8(ascii: "\\")); output.append(current == 0x0A ? UInt8(ascii: "n") : UInt8(ascii: "r"))
                    } else {
                        output.append(current)
                    }
                    index += 1
                }
                if index < bytes.count { output.append(bytes[index]); index += 1 }
                if broken { lines.append(startLine) }
                continue
            default:
                break
            }
            if byte == 0x0A { line += 1 }
            output.append(byte)
            index += 1
        }
        return (String(decoding: output, as: UTF8.self), lines)
    }
}
