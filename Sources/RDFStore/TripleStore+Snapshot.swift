public import RDFModel

extension TripleStore {
    /// Appends the store (terms and quads) to a binary snapshot.
    public func writeSnapshot(to writer: inout BinaryWriter) {
        writer.write(dictionary.count)
        for (_, term) in dictionary.allTerms { writer.write(term) }
        writer.write(documentCount)
        writer.write(spo.count)
        for key in spo {
            writer.write(key.high)
            writer.write(key.low)
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
        var keys = ContiguousArray<IndexKey>()
        keys.reserveCapacity(quadCount)
        for _ in 0..<quadCount {
            let key = IndexKey(high: try reader.readUInt64(), low: try reader.readUInt64())
            let quad = IndexOrder.spo.quad(key)
            for id in [quad.subject, quad.predicate, quad.object] where id == 0 || Int(id) > termCount {
                throw BinaryReadError.malformed("term id out of range")
            }
            if quad.graph != 0 && Int(quad.graph) > termCount { throw BinaryReadError.malformed("graph id out of range") }
            keys.append(key)
        }
        for index in keys.indices.dropFirst() where !(keys[index - 1] < keys[index]) {
            throw BinaryReadError.malformed("quads not sorted")
        }
        spo = keys
        pos = ContiguousArray(keys.map { IndexOrder.pos.key(IndexOrder.spo.quad($0)) })
        pos.sort()
        osp = ContiguousArray(keys.map { IndexOrder.osp.key(IndexOrder.spo.quad($0)) })
        osp.sort()
    }
}
