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
