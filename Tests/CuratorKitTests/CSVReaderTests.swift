import CuratorKit
import Testing

@Suite("CSV reader")
struct CSVReaderTests {
    @Test("quoted fields keep commas, doubled quotes and line breaks")
    func quotedFields() throws {
        let text = "a,\"b, c\",\"say \"\"hi\"\"\"\r\n\"multi\r\nline\",x,\n"
        let records = try CSVReader().records(text, source: "t.csv")
        #expect(records.count == 2)
        #expect(records[0].fields == ["a", "b, c", "say \"hi\""])
        #expect(records[0].line == 1)
        #expect(records[1].fields == ["multi\r\nline", "x", ""])
        #expect(records[1].line == 2)
    }

    @Test("a byte order mark and CRLF line ends are handled")
    func bomAndCRLF() throws {
        let records = try CSVReader().records("\u{FEFF}id,label\r\n1,x\r\n", source: "t.csv")
        #expect(records.map(\.fields) == [["id", "label"], ["1", "x"]])
    }

    @Test("an unclosed quote is reported at the line and column where it opens")
    func unclosedQuote() {
        #expect(throws: CuratorError.csvSyntax(source: "t.csv", line: 2, column: 3,
                                               message: "quoted field is never closed; add the closing '\"'")) {
            try CSVReader().records("a,b\n1,\"open\n2,3\n", source: "t.csv")
        }
    }

    @Test("text after a closing quote is an error")
    func textAfterQuote() {
        #expect(throws: CuratorError.self) { try CSVReader().records("\"a\"b,c\n", source: "t.csv") }
    }

    @Test("tab-separated files use the tab delimiter")
    func tabDelimiter() throws {
        let reader = CSVReader(delimiter: CSVReader.delimiter(forPath: "list.tsv"))
        #expect(try reader.records("a\tb,c\n", source: "list.tsv")[0].fields == ["a", "b,c"])
    }
}

@Suite("Text decoding")
struct TextDecodingTests {
    @Test("UTF-8 with and without BOM, and UTF-16 with BOM in both byte orders, decode")
    func supportedEncodings() throws {
        #expect(try TextFile.decode(Array("SAXS\n".utf8), source: "x") == "SAXS\n")
        #expect(try TextFile.decode([0xEF, 0xBB, 0xBF] + Array("é".utf8), source: "x") == "é")
        let utf16LE: [UInt8] = [0xFF, 0xFE] + Array("ab".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(try TextFile.decode(utf16LE, source: "x") == "ab")
        let utf16BE: [UInt8] = [0xFE, 0xFF] + Array("ab".utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(try TextFile.decode(utf16BE, source: "x") == "ab")
    }

    @Test("Latin-1 bytes are rejected with the line of the first bad byte")
    func latin1Rejected() {
        let bytes: [UInt8] = Array("SAXS\nd".utf8) + [0xE9] + Array("tecteur\n".utf8)
        #expect(throws: CuratorError.unknownEncoding(source: "list.txt", line: 2, byteOffset: 6)) {
            try TextFile.decode(bytes, source: "list.txt")
        }
    }
}
