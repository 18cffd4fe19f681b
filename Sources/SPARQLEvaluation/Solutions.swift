import RDFModel

/// A bag of solutions stored row-major in one flat id buffer; id 0 is "unbound".
struct Solutions {
    let width: Int
    var storage: ContiguousArray<TermID> = []
    private(set) var count = 0

    init(width: Int) {
        self.width = width
    }

    /// One solution that binds nothing (the join identity).
    static func unit(width: Int) -> Solutions {
        var result = Solutions(width: width)
        result.appendEmpty()
        return result
    }

    var isEmpty: Bool { count == 0 }

    mutating func appendEmpty() {
        storage.append(contentsOf: repeatElement(0, count: width))
        count += 1
    }

    mutating func append(_ row: some Collection<TermID>) {
        storage.append(contentsOf: row)
        count += 1
    }

    mutating func append(contentsOf other: Solutions) {
        storage.append(contentsOf: other.storage)
        count += other.count
    }

    @inline(__always)
    func row(_ index: Int) -> ArraySlice<TermID> {
        ArraySlice(storage[(index * width)..<((index + 1) * width)])
    }

    @inline(__always)
    subscript(row: Int, slot: Int) -> TermID {
        get { storage[row * width + slot] }
        set { storage[row * width + slot] = newValue }
    }

    mutating func removeLast(_ rows: Int) {
        storage.removeLast(rows * width)
        count -= rows
    }
}
