// PartialTileMasks: the element masks of a layout's partial tiles as bits, deduplicated —
// the diagonal tiles of a band share a handful of shapes — for kernels that read the mask
// as data instead of evaluating the pattern.

import PatternLanguage

/// The bit masks of a layout's partial tiles, one shape per distinct mask.
///
/// A shape is `blockSize` rows of `wordsPerRow` 64-bit words: bit `j % 64` of word
/// `row * wordsPerRow + j / 64` says whether the pair (tile row `row`, tile column `j`)
/// is kept. Bits outside the `N × N` matrix (in ragged last tiles) are zero. Full tiles
/// and absent tiles have no shape: `shapeOfEntry` is `-1` for full entries.
public struct PartialTileMasks: Sendable, Hashable {
    /// The tile size `B`.
    public let blockSize: Int
    /// Words per tile row, `ceil(B / 64)`.
    public let wordsPerRow: Int
    /// The shapes, `blockSize * wordsPerRow` words each, one after the other.
    public let words: [UInt64]
    /// For each entry of the layout, the index of its shape, or `-1` for a full tile.
    public let shapeOfEntry: [Int32]

    /// The number of distinct shapes.
    public var shapeCount: Int { words.count / max(1, blockSize * wordsPerRow) }

    /// The number of partial tiles the shapes stand for.
    public var partialTileCount: Int { shapeOfEntry.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) } }

    /// Partial tiles per distinct shape: how much deduplication saved (1 means none).
    public var deduplicationRatio: Double {
        shapeCount == 0 ? 1 : Double(partialTileCount) / Double(shapeCount)
    }

    /// Makes the masks from their arrays.
    public init(blockSize: Int, words: [UInt64], shapeOfEntry: [Int32]) {
        self.blockSize = blockSize
        self.wordsPerRow = (blockSize + 63) / 64
        precondition(words.count % (blockSize * wordsPerRow) == 0, "whole shapes only")
        self.words = words
        self.shapeOfEntry = shapeOfEntry
    }

    /// Whether pair (`row`, `column`) of the tile with shape `shape` is kept (positions
    /// relative to the tile).
    public func contains(shape: Int, row: Int, column: Int) -> Bool {
        let word = words[(shape * blockSize + row) * wordsPerRow + column / 64]
        return word >> UInt64(column % 64) & 1 == 1
    }

    /// The bit masks of every partial tile of `layout`, by evaluating the pattern on
    /// those tiles only: `B²` evaluations per partial tile, none for full or empty ones.
    public init(pattern: CheckedPattern, layout: BlockLayout) {
        let block = layout.blockSize
        let wordsPerRow = (block + 63) / 64
        let shapeWords = block * wordsPerRow
        let evaluator = MaskEvaluator(pattern: pattern, length: layout.length)
        var words: [UInt64] = []
        var shapeOfEntry = [Int32](repeating: -1, count: layout.entryCount)
        var shapeIndex: [ArraySlice<UInt64>: Int32] = [:]
        var shape = [UInt64](repeating: 0, count: shapeWords)
        for row in 0..<layout.tileCount {
            let queries = layout.positions(ofTile: row)
            for entry in layout.entries(ofRow: row) where layout.kinds[entry] == .partial {
                let keys = layout.positions(ofTile: Int(layout.columns[entry]))
                for index in shape.indices { shape[index] = 0 }
                for query in queries {
                    let base = (query - queries.lowerBound) * wordsPerRow
                    for key in keys where evaluator.contains(query: query, key: key) {
                        let column = key - keys.lowerBound
                        shape[base + column / 64] |= 1 << UInt64(column % 64)
                    }
                }
                if let known = shapeIndex[shape[...]] {
                    shapeOfEntry[entry] = known
                } else {
                    let index = Int32(shapeIndex.count)
                    shapeIndex[shape[...]] = index
                    words.append(contentsOf: shape)
                    shapeOfEntry[entry] = index
                }
            }
        }
        self.init(blockSize: block, words: words, shapeOfEntry: shapeOfEntry)
    }
}
