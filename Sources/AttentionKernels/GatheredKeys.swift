// GatheredKeys: the partial tiles of a work item that keep few of their keys — random
// links, the summary columns of a fixed pattern — merged into a few dense tiles of just
// the kept keys. Their K columns and V rows are gathered per key/value head and their
// masks remapped, so a row that keeps 2 keys in each of 250 tiles runs 8 gathered tiles
// instead of 250 mostly masked ones. Used by the compiled kernels.

/// One thread's gathered keys for the current work item, and the memory to gather them.
struct GatheredKeys {
    let block: Int
    let wordsPerRow: Int
    let depth: Int
    let paddedValueDepth: Int
    /// The kept keys, as positions in the sequence; gathered tile `t` holds keys
    /// `t · block ..< min(count, (t + 1) · block)`.
    private(set) var count = 0
    private var keyCapacity = 0
    private(set) var positions: UnsafeMutablePointer<Int32>
    /// Per gathered tile: `block` rows of `wordsPerRow` words, the item's mask remapped.
    private(set) var masks: UnsafeMutablePointer<UInt64>
    /// Per gathered tile: whether one of its source tiles holds a non-finite value.
    private(set) var hasNonFiniteValues: UnsafeMutablePointer<Bool>
    /// Gathered K (per tile `depth × block`, transposed as packed) and V (`block × paddedValueDepth`).
    private(set) var keys: UnsafeMutablePointer<Float>
    private(set) var values: UnsafeMutablePointer<Float>
    /// The key/value head the gathered K and V belong to, or -1.
    private(set) var gatheredHead = -1

    /// A tile goes into the gathered ones when at most `block / sparseShare` keys are kept
    /// (and they are spread out).
    static let sparseShare = 2

    init(block: Int, depth: Int, paddedValueDepth: Int) {
        (self.block, self.depth, self.paddedValueDepth) = (block, depth, paddedValueDepth)
        wordsPerRow = (block + 63) / 64
        keyCapacity = block
        positions = .allocate(capacity: keyCapacity)
        masks = .allocate(capacity: block * wordsPerRow)
        hasNonFiniteValues = .allocate(capacity: 1)
        keys = .allocate(capacity: depth * keyCapacity)
        values = .allocate(capacity: keyCapacity * paddedValueDepth)
    }

    /// The number of gathered tiles.
    var tileCount: Int { (count + block - 1) / block }

    /// Forgets the item's keys.
    mutating func removeAll() {
        count = 0
        gatheredHead = -1
    }

    /// Takes tile `column` (its mask, `block` rows) when it keeps few keys; returns whether
    /// it did. `nonFinite` says whether its value tile holds NaN or ∞ (for any head).
    /// Given `keptByMostRowsOf` (the tile's pairs), only keys that half the rows or more
    /// keep on average: a column every row keeps, which a run in lanes would otherwise list
    /// pair by pair, while gathered with 63 others it is a dense tile.
    mutating func take(column: Int, mask: UnsafePointer<UInt64>, nonFinite: Bool, keptByMostRowsOf pairs: Int? = nil) -> Bool {
        var (kept, low, high) = (0, block, 0)
        for word in 0..<wordsPerRow {
            let bits = union(mask, word)
            guard bits != 0 else { continue }
            kept += bits.nonzeroBitCount
            low = min(low, word * 64 + bits.trailingZeroBitCount)
            high = word * 64 + 64 - bits.leadingZeroBitCount
        }
        // The tile loop computes the 8-aligned span of the kept columns anyway: gathering
        // pays only when that span is at least twice the kept keys (not for a run of 32
        // contiguous summary columns).
        let span = (high + 7) / 8 * 8 - low / 8 * 8
        guard kept > 0, kept * Self.sparseShare <= block, kept * 2 <= span else { return false }
        if let pairs, pairs * 2 < kept * block { return false }
        reserve(count + kept)
        let first = count
        for word in 0..<wordsPerRow {
            var bits = union(mask, word)
            while bits != 0 {
                positions[count] = Int32(column * block + word * 64 + bits.trailingZeroBitCount)
                count += 1
                bits &= bits - 1
            }
        }
        // Remap each row's bits to the gathered lanes first ..< count.
        for index in first..<count {
            let (tile, lane) = index.quotientAndRemainder(dividingBy: block)
            let j = Int(positions[index]) - column * block
            if lane == 0 { clearTile(tile) }
            if nonFinite { hasNonFiniteValues[tile] = true }
            let target = masks + tile * block * wordsPerRow
            for row in 0..<block where mask[row * wordsPerRow + j >> 6] >> UInt64(j & 63) & 1 == 1 {
                target[row * wordsPerRow + lane >> 6] |= 1 << UInt64(lane & 63)
            }
        }
        return true
    }

    private func union(_ mask: UnsafePointer<UInt64>, _ word: Int) -> UInt64 {
        var bits: UInt64 = 0
        for row in 0..<block { bits |= mask[row * wordsPerRow + word] }
        return bits
    }

    private func clearTile(_ tile: Int) {
        (masks + tile * block * wordsPerRow).update(repeating: 0, count: block * wordsPerRow)
        hasNonFiniteValues[tile] = false
    }

    private mutating func reserve(_ keysNeeded: Int) {
        guard keysNeeded > keyCapacity else { return }
        var grown = keyCapacity
        while grown < keysNeeded { grown *= 2 }
        func grow<T>(_ pointer: inout UnsafeMutablePointer<T>, _ old: Int, _ new: Int) {
            let larger = UnsafeMutablePointer<T>.allocate(capacity: new)
            larger.moveInitialize(from: pointer, count: old)
            pointer.deallocate()
            pointer = larger
        }
        let (oldTiles, newTiles) = (keyCapacity / block, grown / block)
        grow(&positions, count, grown)
        grow(&masks, oldTiles * block * wordsPerRow, newTiles * block * wordsPerRow)
        grow(&hasNonFiniteValues, oldTiles, newTiles)
        keys.deallocate()
        values.deallocate()
        keys = .allocate(capacity: depth * grown)
        values = .allocate(capacity: grown * paddedValueDepth)
        keyCapacity = grown
        gatheredHead = -1
    }

    /// Gathers K and V of key/value head `head` from the packed tiles (once per head).
    mutating func gather(head: Int, packedKeys: UnsafePointer<Float>, packedValues: UnsafePointer<Float>, tilesPerHead: Int) {
        guard head != gatheredHead else { return }
        gatheredHead = head
        let keyTile = depth * block, valueTile = block * paddedValueDepth
        for index in 0..<count {
            let (column, j) = Int(positions[index]).quotientAndRemainder(dividingBy: block)
            let (tile, lane) = index.quotientAndRemainder(dividingBy: block)
            let source = packedKeys + (head * tilesPerHead + column) * keyTile + j
            let target = keys + tile * keyTile + lane
            for d in 0..<depth { target[d * block] = source[d * block] }
            (values + tile * valueTile + lane * paddedValueDepth)
                .update(from: packedValues + (head * tilesPerHead + column) * valueTile + j * paddedValueDepth, count: paddedValueDepth)
        }
    }

    func deallocate() {
        positions.deallocate(); masks.deallocate(); hasNonFiniteValues.deallocate(); keys.deallocate(); values.deallocate()
    }
}
