#if canImport(Glibc)
import Glibc
#endif

/// Reads text files whose encoding is known or announced: UTF-8 (with or without a byte order mark),
/// or UTF-16 in either byte order with a byte order mark.
public enum TextFile {
    /// Reads and decodes the file at `path`.
    ///
    /// - Throws: `CuratorError.io` when the file cannot be read, `CuratorError.unknownEncoding` with the
    ///   line of the first bad byte when the content is not valid in a supported encoding.
    public static func read(_ path: String) throws -> String {
        try decode(readBytes(path), source: path)
    }

    /// The bytes of the file at `path` (`-` for standard input; pipes are accepted too).
    ///
    /// - Throws: `CuratorError.io` naming the path.
    public static func readBytes(_ path: String) throws -> [UInt8] {
        var info = stat()
        let isStandardInput = path == "-"
        if !isStandardInput {
            guard stat(path, &info) == 0 else {
                throw CuratorError.io(path: path, message: String(cString: strerror(errno)))
            }
            guard (info.st_mode & S_IFMT) != S_IFDIR else {
                throw CuratorError.io(path: path, message: "is a directory, not a file")
            }
        }
        guard let file = isStandardInput ? fdopen(dup(0), "rb") : fopen(path, "rb") else {
            throw CuratorError.io(path: path, message: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        var result: [UInt8] = []
        result.reserveCapacity(max(0, Int(info.st_size)))
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count > 0 { result.append(contentsOf: buffer[0..<count]) }
            if count < buffer.count {
                if ferror(file) != 0 {
                    throw CuratorError.io(path: path, message: "read failed: \(String(cString: strerror(errno)))")
                }
                break
            }
        }
        return result
    }

    /// Decodes `bytes`: a UTF-16 byte order mark selects UTF-16, otherwise the bytes must be UTF-8
    /// (a UTF-8 byte order mark is dropped).
    ///
    /// - Parameters:
    ///   - bytes: The raw file content.
    ///   - source: The name used in error messages.
    /// - Throws: `CuratorError.unknownEncoding` with the line and offset of the first invalid byte.
    public static func decode(_ bytes: [UInt8], source: String) throws -> String {
        if bytes.count >= 2 && (bytes[0] == 0xFF && bytes[1] == 0xFE || bytes[0] == 0xFE && bytes[1] == 0xFF) {
            let littleEndian = bytes[0] == 0xFF
            guard bytes.count % 2 == 0 else {
                throw CuratorError.unknownEncoding(source: source, line: lineNumber(in: bytes, at: bytes.count - 1),
                                                   byteOffset: bytes.count - 1)
            }
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2 - 1)
            var index = 2
            while index + 1 < bytes.count {
                let unit = littleEndian ? UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8
                    : UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
                units.append(unit)
                index += 2
            }
            var result = ""
            var iterator = units.makeIterator()
            var decoder = UTF16()
            var unitOffset = 0
            loop: while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar):
                    result.unicodeScalars.append(scalar)
                    unitOffset += scalar.value > 0xFFFF ? 2 : 1
                case .emptyInput:
                    break loop
                case .error:
                    let offset = 2 + unitOffset * 2
                    throw CuratorError.unknownEncoding(source: source, line: result.filter { $0 == "\n" }.count + 1,
                                                       byteOffset: offset)
                }
            }
            return result
        }
        var start = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
        let body = bytes[start...]
        if let invalid = firstInvalidUTF8(body) {
            throw CuratorError.unknownEncoding(source: source, line: lineNumber(in: bytes, at: invalid), byteOffset: invalid)
        }
        return String(decoding: body, as: UTF8.self)
    }

    /// The offset of the first byte that makes `bytes` invalid UTF-8, or nil when it is valid.
    static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let lead = bytes[index]
            let length: Int
            switch lead {
            case 0x00...0x7F: index += 1; continue
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return index
            }
            guard index + length <= bytes.endIndex else { return index }
            for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 { return index }
            let second = bytes[index + 1]
            if lead == 0xE0 && second < 0xA0 || lead == 0xED && second > 0x9F
                || lead == 0xF0 && second < 0x90 || lead == 0xF4 && second > 0x8F {
                return index
            }
            index += length
        }
        return nil
    }

    static func lineNumber(in bytes: [UInt8], at offset: Int) -> Int {
        bytes[..<min(offset, bytes.count)].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
    }
}
