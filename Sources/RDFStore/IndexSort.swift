extension ContiguousArray where Element == IndexKey {
    /// Sorts the keys and drops duplicates, with a least-significant-byte radix sort that skips
    /// the byte positions in which all keys agree (ids rarely use all 32 bits; the graph is often 0).
    ///
    /// - Parameter scratch: A buffer the sort may use and leave with any contents, so that several
    ///   sorts can share one allocation.
    /// - Complexity: O(*n*), one pass per varying byte.
    mutating func sortRemovingDuplicates(scratch: inout ContiguousArray<IndexKey>) {
        if count < 256 {
            sort()
            removeAdjacentDuplicates()
            return
        }
        // One pass counts every byte position; positions where all keys agree need no pass.
        var counts = [Int](repeating: 0, count: 16 * 256)
        withUnsafeBufferPointer { keys in
            counts.withUnsafeMutableBufferPointer { counts in
                for key in keys {
                    for byte in 0..<8 {
                        counts[byte &* 256 &+ Int(truncatingIfNeeded: (key.low >> UInt64(8 &* byte)) & 0xFF)] &+= 1
                        counts[(byte &+ 8) &* 256 &+ Int(truncatingIfNeeded: (key.high >> UInt64(8 &* byte)) & 0xFF)] &+= 1
                    }
                }
            }
        }
        let count = self.count
        var sourceIsSelf = true
        // Byte positions 0..<8 are in `low`, 8..<16 in `high`, least significant first.
        for position in 0..<16 {
            if counts[position * 256 + Int(Self.byte(self[0], position))] == count { continue }
            if scratch.count < count {
                scratch = []
                scratch = ContiguousArray(repeating: IndexKey(high: 0, low: 0), count: count)
            }
            var offsets = [Int](repeating: 0, count: 256)
            var total = 0
            for digit in 0..<256 {
                offsets[digit] = total
                total += counts[position * 256 + digit]
            }
            if sourceIsSelf {
                Self.scatter(count, from: self, into: &scratch, position: position, offsets: &offsets)
            } else {
                Self.scatter(count, from: scratch, into: &self, position: position, offsets: &offsets)
            }
            sourceIsSelf.toggle()
        }
        if !sourceIsSelf {
            swap(&self, &scratch)
            removeLast(self.count - count)
        }
        removeAdjacentDuplicates()
    }

    @inline(__always)
    private static func byte(_ key: IndexKey, _ position: Int) -> UInt8 {
        position < 8 ? UInt8(truncatingIfNeeded: key.low >> UInt64(8 * position))
            : UInt8(truncatingIfNeeded: key.high >> UInt64(8 * (position - 8)))
    }

    /// Moves the first `count` keys of `source` into `target` by one byte, in the order they come.
    private static func scatter(_ count: Int, from source: ContiguousArray<IndexKey>, into target: inout ContiguousArray<IndexKey>,
                                position: Int, offsets: inout [Int]) {
        source.withUnsafeBufferPointer { source in
            let source = UnsafeBufferPointer(rebasing: source[..<count])
            target.withUnsafeMutableBufferPointer { target in
                offsets.withUnsafeMutableBufferPointer { offsets in
                    if position < 8 {
                        let shift = UInt64(8 * position)
                        for key in source {
                            let digit = Int(truncatingIfNeeded: (key.low >> shift) & 0xFF)
                            target[offsets[digit]] = key
                            offsets[digit] += 1
                        }
                    } else {
                        let shift = UInt64(8 * (position - 8))
                        for key in source {
                            let digit = Int(truncatingIfNeeded: (key.high >> shift) & 0xFF)
                            target[offsets[digit]] = key
                            offsets[digit] += 1
                        }
                    }
                }
            }
        }
    }

    /// Merges two sorted, duplicate-free key arrays into one, dropping keys present in both.
    static func mergeRemovingDuplicates(_ left: ContiguousArray<IndexKey>, _ right: ContiguousArray<IndexKey>)
        -> ContiguousArray<IndexKey> {
        if left.isEmpty { return right }
        if right.isEmpty { return left }
        var merged = ContiguousArray<IndexKey>()
        merged.reserveCapacity(left.count + right.count)
        left.withUnsafeBufferPointer { left in
            right.withUnsafeBufferPointer { right in
                var i = 0, j = 0
                while i < left.count && j < right.count {
                    let a = left[i], b = right[j]
                    if a < b {
                        merged.append(a); i += 1
                    } else if b < a {
                        merged.append(b); j += 1
                    } else {
                        merged.append(a); i += 1; j += 1
                    }
                }
                merged.append(contentsOf: left[i...])
                merged.append(contentsOf: right[j...])
            }
        }
        return merged
    }
}
