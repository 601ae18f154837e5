// BlockLayout: which tiles of the N×N score matrix a pattern keeps — per row of query
// tiles, the ascending key tiles, each full or partial — as plain CSR arrays.

/// How much of a kept tile the mask keeps.
public enum TileKind: UInt8, Sendable, Hashable {
    /// Every in-range pair of the tile is kept: kernels apply no mask there.
    case full = 1
    /// Some pairs are kept and some are not: kernels apply the element mask.
    case partial = 2
}

/// The block-sparse layout of a pattern at one sequence length.
///
/// Tiles are `blockSize × blockSize`; the last row and column of tiles are ragged when
/// `length` is not a multiple of `blockSize` (a tile is *full* when every pair inside the
/// `length × length` matrix is kept). Empty tiles are absent. Rows are stored as CSR:
/// the kept key tiles of query-tile row `r` are `columns[rowOffsets[r] ..< rowOffsets[r + 1]]`,
/// ascending, with their kinds in `kinds` at the same indices.
///
/// ```swift
/// let layout = BlockLayout.bruteForce(pattern, length: 1000)
/// for entry in layout.entries(ofRow: 0) { print(layout.columns[entry], layout.kinds[entry]) }
/// ```
public struct BlockLayout: Sendable, Hashable {
    /// The sequence length `N`.
    public let length: Int
    /// The tile size `B`.
    public let blockSize: Int
    /// Where each row's entries start; `tileCount + 1` offsets, the last is the entry count.
    public let rowOffsets: [Int]
    /// The key tile of each entry.
    public let columns: [Int32]
    /// The kind of each entry.
    public let kinds: [TileKind]

    /// Makes a layout from CSR arrays; they must be consistent (see the type's documentation).
    public init(length: Int, blockSize: Int, rowOffsets: [Int], columns: [Int32], kinds: [TileKind]) {
        precondition(length >= 1 && blockSize >= 1, "a layout needs N >= 1 and B >= 1")
        precondition(rowOffsets.count == (length + blockSize - 1) / blockSize + 1, "one offset per tile row, plus one")
        precondition(columns.count == kinds.count && rowOffsets.last == columns.count, "offsets, columns and kinds disagree")
        self.length = length
        self.blockSize = blockSize
        self.rowOffsets = rowOffsets
        self.columns = columns
        self.kinds = kinds
    }

    /// The number of tiles per side, `ceil(N / B)`.
    public var tileCount: Int { rowOffsets.count - 1 }

    /// The number of kept tiles.
    public var entryCount: Int { columns.count }

    /// The indices into `columns` and `kinds` of one row's entries.
    public func entries(ofRow row: Int) -> Range<Int> { rowOffsets[row]..<rowOffsets[row + 1] }

    /// The positions `start ..< end` that tile `index` covers; the last tile may be short.
    public func positions(ofTile index: Int) -> Range<Int> {
        index * blockSize..<min(length, (index + 1) * blockSize)
    }

    /// The kind of tile `(row, column)`, or `nil` when it is empty.
    public func kind(row: Int, column: Int) -> TileKind? {
        let entries = entries(ofRow: row)
        var low = entries.lowerBound, high = entries.upperBound
        while low < high {
            let middle = (low + high) / 2
            if columns[middle] < column { low = middle + 1 } else { high = middle }
        }
        return low < entries.upperBound && columns[low] == column ? kinds[low] : nil
    }
}
