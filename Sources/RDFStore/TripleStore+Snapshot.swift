public import RDFModel

extension TripleStore {
    /// Appends the store (terms and quads) to a binary snapshot.
    public func writeSnapshot(to writer: inout BinaryWriter) {
        writer.write(dictionary.count)
        for (_, term) in dictionary.allTerms { writer.write(term) }
        writer.write(documentCount)
        writer.write(spo.count)
        // All three indexes are written, so reading needs no sorting.
        for index in [spo, pos, osp] {
            for key in index {
                writer.write(key.high)
                writer.write(key.low)
            }
        }
    }

    /// Reads a store written by `writeSnapshot(to:)`.
    ///
    /// - Throws: `BinaryReadError` when the bytes are truncated or inconsistent.
    public init(snapshot reader: inout BinaryReader) throws {
        self.init()
        let termCount = try reader.readInt()
        guard termCount >= 0 else { throw BinaryReadError.malformed("term count") }
        dictionary.reserveCapacity(termCount)
        for expected in 1...max(1, termCount) where termCount > 0 {
            let id = dictionary.encode(try reader.readTerm())
            guard id == TermID(expected) else { throw BinaryReadError.malformed("duplicate term") }
        }
        documentCount = try reader.readInt()
        let quadCount = try reader.readInt()
        guard quadCount >= 0 else { throw BinaryReadError.malformed("quad count") }
        guard quadCount * 48 <= reader.remaining else { throw BinaryReadError.truncated }
        func readIndex(_ order: IndexOrder) throws -> ContiguousArray<IndexKey> {
            var keys = ContiguousArray<IndexKey>()
            keys.reserveCapacity(quadCount)
            for _ in 0..<quadCount {
                let key = IndexKey(high: try reader.readUInt64(), low: try reader.readUInt64())
                if let last = keys.last, !(last < key) { throw BinaryReadError.malformed("index not sorted") }
                let quad = order.quad(key)
                if quad.subject == 0 || quad.predicate == 0 || quad.object == 0 || Int(quad.subject) > termCount
                    || Int(quad.predicate) > termCount || Int(quad.object) > termCount || Int(quad.graph) > termCount {
                    throw BinaryReadError.malformed("term id out of range")
                }
                keys.append(key)
            }
            return keys
        }
        spo = try readIndex(.spo)
        pos = try readIndex(.pos)
        osp = try readIndex(.osp)
    }
}
