/// An open-addressing hash set of 64-bit keys with a multiplicative hash, for the reasoner's inner
/// loops, where Swift's seeded SipHash dominated the profile. The key `UInt64.max` is reserved.
struct IntegerSet {
    private var slots: [UInt64]
    private var mask: Int
    private var shift: Int
    private(set) var count = 0
    private static let empty = UInt64.max

    init(minimumCapacity: Int = 16) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity <<= 1 }
        slots = [UInt64](repeating: IntegerSet.empty, count: capacity)
        mask = capacity - 1
        shift = 64 - capacity.trailingZeroBitCount
    }

    /// Fibonacci hashing: the top bits of the product, as many as the table needs.
    @inline(__always)
    private func slot(for key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
    }

    @inline(__always)
    func contains(_ key: UInt64) -> Bool {
        var index = slot(for: key)
        while true {
            let slot = slots[index]
            if slot == key { return true }
            if slot == IntegerSet.empty { return false }
            index = (index + 1) & mask
        }
    }

    /// Inserts `key`; returns false when it was already present.
    @inline(__always)
    @discardableResult
    mutating func insert(_ key: UInt64) -> Bool {
        precondition(key != IntegerSet.empty, "reserved key")
        if (count + 1) * 2 > slots.count { grow() }
        var index = slot(for: key)
        while true {
            let slot = slots[index]
            if slot == key { return false }
            if slot == IntegerSet.empty {
                slots[index] = key
                count += 1
                return true
            }
            index = (index + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: IntegerSet.empty, count: old.count * 2)
        mask = slots.count - 1
        shift = 64 - slots.count.trailingZeroBitCount
        count = 0
        for key in old where key != IntegerSet.empty { insert(key) }
    }
}

/// An open-addressing map from 64-bit keys to 32-bit values (same hashing as `IntegerSet`).
struct IntegerMap {
    private var keys: [UInt64]
    private var values: [Int32]
    private var mask: Int
    private var shift = 60
    private(set) var count = 0
    private static let empty = UInt64.max

    init() {
        keys = [UInt64](repeating: IntegerMap.empty, count: 16)
        values = [Int32](repeating: 0, count: 16)
        mask = 15
    }

    /// Fibonacci hashing: the top bits of the product, as many as the table needs.
    @inline(__always)
    private func slot(for key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
    }

    @inline(__always)
    subscript(key: UInt64) -> Int32? {
        var index = slot(for: key)
        while true {
            let slot = keys[index]
            if slot == key { return values[index] }
            if slot == IntegerMap.empty { return nil }
            index = (index + 1) & mask
        }
    }

    mutating func set(_ key: UInt64, _ value: Int32) {
        precondition(key != IntegerMap.empty, "reserved key")
        if (count + 1) * 2 > keys.count { grow() }
        var index = slot(for: key)
        while true {
            let slot = keys[index]
            if slot == key {
                values[index] = value
                return
            }
            if slot == IntegerMap.empty {
                keys[index] = key
                values[index] = value
                count += 1
                return
            }
            index = (index + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [UInt64](repeating: IntegerMap.empty, count: oldKeys.count * 2)
        values = [Int32](repeating: 0, count: oldKeys.count * 2)
        mask = keys.count - 1
        shift = 64 - keys.count.trailingZeroBitCount
        count = 0
        for index in oldKeys.indices where oldKeys[index] != IntegerMap.empty { set(oldKeys[index], oldValues[index]) }
    }
}

/// Lists of values per integer key in one flat array (compressed sparse rows): the values of key
/// `k` are `values[starts[k] ..< starts[k + 1]]`. Reading a list copies no array and touches no
/// reference count, which nested arrays do in the reasoner's inner loops.
struct FlatLists<Value> {
    private(set) var starts: [Int32]
    private(set) var values: [Value]

    /// The lists of `map`, for keys `0 ..< count` (keys missing from the map have empty lists).
    init(_ map: [Int32: [Value]], count: Int) {
        var starts = [Int32](repeating: 0, count: count + 1)
        for (key, list) in map { starts[Int(key) + 1] = Int32(list.count) }
        for index in 0..<count { starts[index + 1] += starts[index] }
        var values: [Value] = []
        values.reserveCapacity(Int(starts[count]))
        for key in 0..<count { values += map[Int32(key)] ?? [] }
        self.starts = starts
        self.values = values
    }

    /// The values of `pairs` grouped by key (keys `0 ..< count`), each list in the pairs' order.
    init(pairs: [(key: Int32, value: Value)], count: Int) {
        var starts = [Int32](repeating: 0, count: count + 1)
        for pair in pairs { starts[Int(pair.key) + 1] += 1 }
        for index in 0..<count { starts[index + 1] += starts[index] }
        var next = starts
        let values = [Value](unsafeUninitializedCapacity: pairs.count) { buffer, initialized in
            for pair in pairs {
                let position = Int(next[Int(pair.key)])
                next[Int(pair.key)] += 1
                (buffer.baseAddress! + position).initialize(to: pair.value)
            }
            initialized = pairs.count
        }
        self.starts = starts
        self.values = values
    }

    /// Positions of the list of `key` in `values`.
    @inline(__always)
    func range(_ key: Int32) -> Range<Int> {
        Int(starts[Int(key)]) ..< Int(starts[Int(key) + 1])
    }

    /// Whether the list of `key` is empty.
    @inline(__always)
    func isEmpty(_ key: Int32) -> Bool { starts[Int(key)] == starts[Int(key) + 1] }
}

/// Membership tables for the subsumer sets that outgrow a linear scan: one open-addressing table of
/// 32-bit members per owner, all in one arena. A table holds only its owner's members, so it stays in
/// cache while the owner's conclusions are processed, unlike one global table of (owner, member) pairs.
/// Members must be non-negative.
struct MembershipTables {
    private var arena: [Int32] = []
    /// Where an owner's table lies in `arena` and how full it is, in one record (one cache line).
    private struct Table {
        /// -1 for owners without a table.
        var start = -1
        var mask: Int32 = 0
        var filled: Int32 = 0
    }
    private var tables: [Table]
    /// Regions given up by tables that grew, by log2 of their size, for reuse by later tables.
    private var freeRegions: [[Int]] = Array(repeating: [], count: 32)
    private static let empty: Int32 = -1

    init(ownerCount: Int) {
        // Address space only: pages are touched as tables are placed, and the arena seldom moves.
        arena.reserveCapacity(ownerCount * 256)
        tables = Array(repeating: Table(), count: ownerCount)
    }

    @inline(__always)
    func hasTable(_ owner: Int) -> Bool { tables[owner].start >= 0 }

    @inline(__always)
    private static func hash(_ member: Int32) -> Int {
        Int(truncatingIfNeeded: (UInt64(UInt32(bitPattern: member)) &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }

    /// Whether `member` is in the table of `owner` (which must have one).
    @inline(__always)
    func contains(_ owner: Int, _ member: Int32) -> Bool {
        let table = tables[owner]
        let base = table.start, mask = Int(table.mask)
        var index = MembershipTables.hash(member) & mask
        while true {
            let slot = arena[base + index]
            if slot == member { return true }
            if slot == MembershipTables.empty { return false }
            index = (index + 1) & mask
        }
    }

    /// The members in the table of `owner` (which must have one), in slot order.
    func members(_ owner: Int) -> [Int32] {
        var result: [Int32] = []
        let table = tables[owner]
        result.reserveCapacity(Int(table.filled))
        for index in table.start ... table.start + Int(table.mask) where arena[index] != MembershipTables.empty {
            result.append(arena[index])
        }
        return result
    }

    /// Gives `owner` a table holding `members`, with room to grow.
    mutating func build(_ owner: Int, from members: [Int32]) {
        var capacity = 16
        while capacity < members.count * 2 { capacity <<= 1 }
        tables[owner] = Table(start: allocate(capacity), mask: Int32(capacity - 1), filled: 0)
        for member in members { _ = insert(owner, member) }
    }

    /// The start of an empty region of `capacity` (a power of two) slots.
    private mutating func allocate(_ capacity: Int) -> Int {
        if let reused = freeRegions[capacity.trailingZeroBitCount].popLast() {
            for index in reused ..< reused + capacity { arena[index] = MembershipTables.empty }
            return reused
        }
        let base = arena.count
        arena.append(contentsOf: repeatElement(MembershipTables.empty, count: capacity))
        return base
    }

    /// Inserts `member` into the table of `owner` (which must have one); false when already there.
    @inline(__always)
    mutating func insert(_ owner: Int, _ member: Int32) -> Bool {
        // Linear probing stays short up to three quarters full with this hash.
        if (Int(tables[owner].filled) + 1) * 4 > (Int(tables[owner].mask) + 1) * 3 { grow(owner) }
        let base = tables[owner].start, mask = Int(tables[owner].mask)
        var index = MembershipTables.hash(member) & mask
        while true {
            let slot = arena[base + index]
            if slot == member { return false }
            if slot == MembershipTables.empty {
                arena[base + index] = member
                tables[owner].filled += 1
                return true
            }
            index = (index + 1) & mask
        }
    }

    /// Moves the table of `owner` to a region of twice the size; the old region becomes free.
    private mutating func grow(_ owner: Int) {
        let oldBase = tables[owner].start, oldCapacity = Int(tables[owner].mask) + 1
        tables[owner] = Table(start: allocate(oldCapacity * 2), mask: Int32(oldCapacity * 2 - 1), filled: 0)
        for index in oldBase ..< oldBase + oldCapacity where arena[index] != MembershipTables.empty {
            _ = insert(owner, arena[index])
        }
        freeRegions[oldCapacity.trailingZeroBitCount].append(oldBase)
    }
}
