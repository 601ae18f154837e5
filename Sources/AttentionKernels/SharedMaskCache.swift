// SharedMaskCache: one thread's partial-tile masks that several tiles share — every
// interior tile on one diagonal of a band, in one column of a sink, in one row of a
// row-periodic mask (see MaskResidual) — keyed by the shared index and the kind of sharing,
// so each is filled from the element mask once and copied after that. An open-addressing
// table over raw memory: a lookup allocates nothing and touches no reference count.

/// Masks of `block` rows of `wordsPerRow` words, keyed by an integer (see
/// `CompiledAttention.fillMask` for the keys).
public struct SharedMaskCache {
    @usableFromInline let wordsPerTile: Int
    /// Slot `s` holds key `keys[s]` (or `Int.min` when free) and its mask at
    /// `masks + entry[s] · wordsPerTile`.
    @usableFromInline var keys: UnsafeMutablePointer<Int>
    @usableFromInline var entries: UnsafeMutablePointer<Int32>
    @usableFromInline var masks: UnsafeMutablePointer<UInt64>
    @usableFromInline var slotCount: Int
    @usableFromInline var count = 0

    /// An empty cache for masks of `block` rows of `wordsPerRow` words.
    public init(block: Int, wordsPerRow: Int) {
        wordsPerTile = block * wordsPerRow
        slotCount = 64
        keys = .allocate(capacity: slotCount)
        keys.initialize(repeating: .min, count: slotCount)
        entries = .allocate(capacity: slotCount)
        masks = .allocate(capacity: slotCount / 2 * wordsPerTile)
    }

    /// Copies the mask cached for `key` into `mask` and returns `true`, or returns `false`.
    @inlinable
    public func copy(key: Int, into mask: UnsafeMutablePointer<UInt64>) -> Bool {
        var slot = Self.hash(key) & (slotCount - 1)
        while keys[slot] != .min {
            if keys[slot] == key {
                mask.update(from: masks + Int(entries[slot]) * wordsPerTile, count: wordsPerTile)
                return true
            }
            slot = (slot + 1) & (slotCount - 1)
        }
        return false
    }

    /// Caches `mask` for `key` (not already cached).
    @inlinable
    public mutating func store(key: Int, from mask: UnsafePointer<UInt64>) {
        if 2 * (count + 1) > slotCount { grow() }
        var slot = Self.hash(key) & (slotCount - 1)
        while keys[slot] != .min { slot = (slot + 1) & (slotCount - 1) }
        keys[slot] = key
        entries[slot] = Int32(count)
        (masks + count * wordsPerTile).update(from: mask, count: wordsPerTile)
        count += 1
    }

    @inlinable
    static func hash(_ key: Int) -> Int {
        // The high half of a Fibonacci product: every bit of the key reaches the low bits.
        Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }

    /// Doubles the table; masks keep their entry numbers.
    @usableFromInline
    mutating func grow() {
        let (oldKeys, oldEntries, oldSlots) = (keys, entries, slotCount)
        slotCount *= 2
        keys = .allocate(capacity: slotCount)
        keys.initialize(repeating: .min, count: slotCount)
        entries = .allocate(capacity: slotCount)
        for old in 0..<oldSlots where oldKeys[old] != .min {
            var slot = Self.hash(oldKeys[old]) & (slotCount - 1)
            while keys[slot] != .min { slot = (slot + 1) & (slotCount - 1) }
            (keys[slot], entries[slot]) = (oldKeys[old], oldEntries[old])
        }
        oldKeys.deallocate()
        oldEntries.deallocate()
        let larger = UnsafeMutablePointer<UInt64>.allocate(capacity: slotCount / 2 * wordsPerTile)
        larger.moveInitialize(from: masks, count: count * wordsPerTile)
        masks.deallocate()
        masks = larger
    }

    /// Frees the memory; the cache is unusable afterwards.
    public func release() {
        keys.deallocate()
        entries.deallocate()
        masks.deallocate()
    }
}
