/// A little-endian byte writer for panet's binary snapshots.
public struct BinaryWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func write(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func write(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func write(_ value: Int) {
        write(UInt64(bitPattern: Int64(value)))
    }

    public mutating func write(_ value: Double) {
        write(value.bitPattern)
    }

    public mutating func write(_ value: UInt8) {
        bytes.append(value)
    }

    public mutating func write(_ text: String) {
        write(UInt32(text.utf8.count))
        bytes.append(contentsOf: text.utf8)
    }

    public mutating func write(_ values: [UInt32]) {
        write(UInt32(values.count))
        for value in values { write(value) }
    }

    public mutating func write(_ flag: Bool) {
        bytes.append(flag ? 1 : 0)
    }

    /// A string or nothing.
    public mutating func write(_ text: String?) {
        write(text != nil)
        if let text { write(text) }
    }

    /// A length-prefixed block of bytes, which a reader can take whole and decode later.
    public mutating func writeBlock(_ block: [UInt8]) {
        write(block.count)
        bytes.append(contentsOf: block)
    }

    public mutating func write(_ term: Term) {
        switch term {
        case .iri(let iri):
            write(UInt8(0)); write(iri)
        case .blankNode(let label):
            write(UInt8(1)); write(label)
        case .literal(let literal):
            if let language = literal.language {
                write(UInt8(2)); write(literal.lexicalForm); write(language)
            } else if literal.datatype == XSD.string {
                write(UInt8(3)); write(literal.lexicalForm)
            } else {
                write(UInt8(4)); write(literal.lexicalForm); write(literal.datatype)
            }
        }
    }
}

/// Errors reading a binary snapshot; callers treat any of them as "rebuild".
public enum BinaryReadError: Error, Sendable {
    case truncated
    case malformed(String)
}

/// Reads what `BinaryWriter` wrote, checking bounds on every read.
public struct BinaryReader {
    let bytes: [UInt8]
    public private(set) var offset = 0

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public var isAtEnd: Bool { offset == bytes.count }

    /// Bytes left to read.
    public var remaining: Int { bytes.count - offset }

    mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count - offset else { throw BinaryReadError.truncated }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    public mutating func readUInt8() throws -> UInt8 {
        guard offset < bytes.count else { throw BinaryReadError.truncated }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// A little-endian fixed-width integer, loaded in one step.
    @inline(__always)
    mutating func readInteger<Value: FixedWidthInteger>(_: Value.Type) throws -> Value {
        let size = MemoryLayout<Value>.size
        guard bytes.count - offset >= size else { throw BinaryReadError.truncated }
        let value = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: Value.self) }
        offset += size
        return Value(littleEndian: value)
    }

    public mutating func readUInt32() throws -> UInt32 {
        try readInteger(UInt32.self)
    }

    public mutating func readUInt64() throws -> UInt64 {
        try readInteger(UInt64.self)
    }

    public mutating func readInt() throws -> Int {
        Int(Int64(bitPattern: try readUInt64()))
    }

    /// A count of items still to read: never negative, never more than the bytes left.
    public mutating func readCount() throws -> Int {
        let count = try readInt()
        guard count >= 0, count <= remaining else { throw BinaryReadError.malformed("count") }
        return count
    }

    public mutating func readDouble() throws -> Double {
        Double(bitPattern: try readUInt64())
    }

    public mutating func readString() throws -> String {
        let count = Int(try readUInt32())
        let slice = try take(count)
        guard let text = String(validating: slice, as: UTF8.self) else { throw BinaryReadError.malformed("invalid UTF-8") }
        return text
    }

    public mutating func readBool() throws -> Bool {
        switch try readUInt8() {
        case 0: return false
        case 1: return true
        default: throw BinaryReadError.malformed("flag")
        }
    }

    public mutating func readOptionalString() throws -> String? {
        try readBool() ? try readString() : nil
    }

    /// A block written by `writeBlock(_:)`.
    public mutating func readBlock() throws -> [UInt8] {
        Array(try take(try readInt()))
    }

    public mutating func readUInt32Array() throws -> [UInt32] {
        let count = Int(try readUInt32())
        guard count * 4 <= bytes.count - offset else { throw BinaryReadError.truncated }
        var result: [UInt32] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try readUInt32()) }
        return result
    }

    public mutating func readTerm() throws -> Term {
        switch try readUInt8() {
        case 0: return .iri(try readString())
        case 1: return .blankNode(try readString())
        case 2:
            let lexical = try readString()
            return .literal(lexical, language: try readString())
        case 3: return .literal(try readString())
        case 4:
            let lexical = try readString()
            return .literal(Literal(lexical, datatype: try readString()))
        default: throw BinaryReadError.malformed("unknown term kind")
        }
    }
}

/// A fast 128-bit content hash, used to key caches: two lanes that each mix 8 bytes per step
/// (multiply, rotate, multiply), then the tail byte by byte, then the length. Not cryptographic.
public enum ContentHash {
    /// The hex digest (48 digits: both lanes and the length) of `bytes`.
    public static func hexDigest(of bytes: UnsafeRawBufferPointer) -> String {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x6c62_272e_07bb_0142
        @inline(__always) func mix(_ state: UInt64, _ word: UInt64) -> UInt64 {
            let product = (state ^ word) &* 0x9E37_79B9_7F4A_7C15
            return ((product << 31) | (product >> 33)) &* 0xBF58_476D_1CE4_E5B9
        }
        var offset = 0
        while offset + 16 <= bytes.count {
            first = mix(first, bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            second = mix(second, bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
            offset += 16
        }
        while offset < bytes.count {
            first = mix(first, UInt64(bytes[offset]))
            second = mix(second, UInt64(bytes[offset]) << 8)
            offset += 1
        }
        return [first, second, UInt64(bytes.count)].map { String($0, radix: 16).leftPadded(to: 16) }.joined()
    }
}
