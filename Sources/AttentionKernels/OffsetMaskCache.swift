// OffsetMaskCache: one thread's partial-tile masks of a translation-invariant pattern
// (a window, a dilated or strided band), keyed by the offset between the tile's row and
// column: every interior tile on one diagonal has the same mask, so it is filled from
// the element mask once and copied after that. An open-addressing table over raw memory,
// so a lookup allocates nothing and touches no reference count.

/// Masks of `block` rows of `wordsPerRow` words, keyed by tile offset (row − column).
public struct OffsetMaskCache {
    @usableFromInline let wordsPerTile: Int
    /// Slot `s` holds offset `offsets[s]` (or `Int.min` when free) and its mask at
    /// `masks + entry[s] · wordsPerTile`.
    @usableFromInline var offsets: UnsafeMutablePointer<Int>
    @usableFromInline var entries: UnsafeMutablePointer<Int32>
    @usableFromInline var masks: UnsafeMutablePointer<UInt64>
    @usableFromInline var slotCount: Int
    @usableFromInline var count = 0

    /// An empty cache for masks of `block` rows of `wordsPerRow` words.
    public init(block: Int, wordsPerRow: Int) {
        wordsPerTile = block * wordsPerRow
        slotCount = 64
        offsets = .allocate(capacity: slotCount)
        offsets.initialize(repeating: .min, count: slotCount)
        entries = .allocate(capacity: slotCount)
        masks = .allocate(capacity: slotCount / 2 * wordsPerTile)
    }

    /// Copies the mask cached for `offset` into `mask` and returns `true`, or returns `false`.
    @inlinable
    public func copy(offset: Int, into mask: UnsafeMutablePointer<UInt64>) -> Bool {
        var slot = Self.hash(offset) & (slotCount - 1)
        while offsets[slot] != .min {
            if offsets[slot] == offset {
                mask.update(from: masks + Int(entries[slot]) * wordsPerTile, count: wordsPerTile)
                return true
            }
            slot = (slot + 1) & (slotCount - 1)
        }
        return false
    }

    /// Caches `mask` for `offset` (not already cached).
    @inlinable
    public mutating func store(offset: Int, from mask: UnsafePointer<UInt64>) {
        if 2 * (count + 1) > slotCount { grow() }
        var slot = Self.hash(offset) & (slotCount - 1)
        while offsets[slot] != .min { slot = (slot + 1) & (slotCount - 1) }
        offsets[slot] = offset
        entries[slot] = Int32(count)
        (masks + count * wordsPerTile).update(from: mask, count: wordsPerTile)
        count += 1
    }

    @inlinable
    static func hash(_ offset: Int) -> Int {
        Int(truncatingIfNeeded: UInt64(bitPattern: Int64(offset)) &* 0x9E37_79B9_7F4A_7C15 >> 32)
    }

    /// Doubles the table; masks keep their entry numbers.
    @usableFromInline
    mutating func grow() {
        let (oldOffsets, oldEntries, oldSlots) = (offsets, entries, slotCount)
        slotCount *= 2
        offsets = .allocate(capacity: slotCount)
        offsets.initialize(repeating: .min, count: slotCount)
        entries = .allocate(capacity: slotCount)
        for old in 0..<oldSlots where oldOffsets[old] != .min {
            var slot = Self.hash(oldOffsets[old]) & (slotCount - 1)
            while offsets[slot] != .min { slot = (slot + 1) & (slotCount - 1) }
            (offsets[slot], entries[slot]) = (oldOffsets[old], oldEntries[old])
        }
        oldOffsets.deallocate()
        oldEntries.deallocate()
        let larger = UnsafeMutablePointer<UInt64>.allocate(capacity: slotCount / 2 * wordsPerTile)
        larger.moveInitialize(from: masks, count: count * wordsPerTile)
        masks.deallocate()
        masks = larger
    }

    /// Frees the memory; the cache is unusable afterwards.
    public func release() {
        offsets.deallocate()
        entries.deallocate()
        masks.deallocate()
    }
}
