// KeyLists: the partial tiles of a work item in which each query row keeps only a few
// keys — a strided pattern's one key per row, token-level random links — listed row by
// row as key positions. A listed pair costs one dot product and one row update, where a
// masked tile costs the whole 64 × 64 product for a few dozen kept pairs. Used by the
// compiled kernels.

/// One thread's key lists for the current work item.
struct KeyLists {
    let block: Int
    let wordsPerRow: Int
    /// Row `r` of the item's query tile keeps keys `positions[starts[r] ..< starts[r + 1]]`,
    /// ascending slots of the packed tiles (positions, unless the run relabels them; see
    /// ``ResiduePermutation``).
    private(set) var starts: UnsafeMutablePointer<Int32>
    private(set) var positions: UnsafeMutablePointer<Int32>
    private var positionCapacity: Int
    /// The tiles taken so far: their key tile and their mask (valid until the item ends).
    private var takenColumns: [Int32] = []
    private var takenMasks: [UnsafePointer<UInt64>] = []

    /// A tile is listed when it keeps at most `block² / sparseShare` pairs: a listed pair
    /// costs about as much as `sparseShare / 4` elements of a register-blocked tile (it is
    /// a dot product without reuse of the loaded key, and a row update).
    static let sparseShare = 16

    init(block: Int) {
        self.block = block
        wordsPerRow = (block + 63) / 64
        starts = .allocate(capacity: block + 1)
        starts.initialize(repeating: 0, count: block + 1)
        positionCapacity = 4 * block
        positions = .allocate(capacity: positionCapacity)
        takenColumns.reserveCapacity(64)
        takenMasks.reserveCapacity(64)
    }

    /// Whether the item has listed keys.
    var isEmpty: Bool { Int(starts[block]) == 0 }

    /// Forgets the item's tiles and keys.
    mutating func removeAll() {
        takenColumns.removeAll(keepingCapacity: true)
        takenMasks.removeAll(keepingCapacity: true)
        starts.update(repeating: 0, count: block + 1)
    }

    /// Takes tile `column`, whose mask is `block` rows of `wordsPerRow` words, when it keeps
    /// few pairs; returns whether it did. Call ``build()`` after the last tile.
    mutating func take(column: Int, mask: UnsafePointer<UInt64>) -> Bool {
        take(column: column, mask: mask, pairs: Self.pairs(mask, block: block, wordsPerRow: wordsPerRow))
    }

    /// ``take(column:mask:)`` for a mask known to keep `pairs` pairs.
    mutating func take(column: Int, mask: UnsafePointer<UInt64>, pairs: Int) -> Bool {
        guard pairs * Self.sparseShare <= block * block else { return false }
        takenColumns.append(Int32(column))
        takenMasks.append(mask)
        return true
    }

    /// The pairs a tile's mask (`block` rows of `wordsPerRow` words) keeps.
    static func pairs(_ mask: UnsafePointer<UInt64>, block: Int, wordsPerRow: Int) -> Int {
        var pairs = 0
        for word in 0..<block * wordsPerRow { pairs += mask[word].nonzeroBitCount }
        return pairs
    }

    /// Lists the taken tiles' keys row by row (tiles come in ascending column order, so
    /// each row's keys ascend).
    mutating func build() {
        starts.update(repeating: 0, count: block + 1)
        guard !takenColumns.isEmpty else { return }
        for mask in takenMasks {
            for row in 0..<block {
                for word in 0..<wordsPerRow { starts[row + 1] += Int32(mask[row * wordsPerRow + word].nonzeroBitCount) }
            }
        }
        for row in 0..<block { starts[row + 1] += starts[row] }
        reserve(Int(starts[block]))
        for row in 0..<block {
            var next = Int(starts[row])
            for (column, mask) in zip(takenColumns, takenMasks) {
                for word in 0..<wordsPerRow {
                    var bits = mask[row * wordsPerRow + word]
                    while bits != 0 {
                        positions[next] = column * Int32(block) + Int32(word * 64 + bits.trailingZeroBitCount)
                        next += 1
                        bits &= bits - 1
                    }
                }
            }
        }
    }

    private mutating func reserve(_ needed: Int) {
        guard needed > positionCapacity else { return }
        while positionCapacity < needed { positionCapacity *= 2 }
        positions.deallocate()
        positions = .allocate(capacity: positionCapacity)
    }

    func deallocate() {
        starts.deallocate()
        positions.deallocate()
    }
}
