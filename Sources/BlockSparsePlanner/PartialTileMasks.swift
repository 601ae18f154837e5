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

    /// The bit masks of every partial tile of `layout`. Masks made of built-ins are filled
    /// row by row from their closed forms (see `RowBits.swift`): a few word operations per
    /// row. Masks with comparisons are filled by splitting each tile until the box
    /// classification decides every piece, which interval reasoning does best in 2-D.
    public init(pattern: CheckedPattern, layout: BlockLayout) {
        let block = layout.blockSize
        let wordsPerRow = (block + 63) / 64
        var classifier = BoxClassifier(PlanExpression(pattern: pattern, length: layout.length))
        var words: [UInt64] = []
        var shapeOfEntry = [Int32](repeating: -1, count: layout.entryCount)
        var shapeIndex: [[UInt64]: Int32] = [:]
        var shape = [UInt64](repeating: 0, count: block * wordsPerRow)
        // Built-ins have row closed forms; arbitrary comparisons do better split in 2-D.
        let byRows = !classifier.expression.nodes.contains {
            switch $0 {
            case .comparison, .membership, .constantMembership: return true
            default: return false
            }
        }
        for row in 0..<layout.tileCount {
            let queries = layout.positions(ofTile: row)
            for entry in layout.entries(ofRow: row) where layout.kinds[entry] == .partial {
                let keys = layout.positions(ofTile: Int(layout.columns[entry]))
                for index in shape.indices { shape[index] = 0 }
                let tile = Box(q0: Int64(queries.lowerBound), q1: Int64(queries.upperBound - 1), k0: Int64(keys.lowerBound), k1: Int64(keys.upperBound - 1))
                if byRows {
                    shape.withUnsafeMutableBufferPointer { words in
                        for query in queries {
                            classifier.rowBits(classifier.expression.root, q: Int64(query), k0: tile.k0, k1: tile.k1,
                                               into: words.baseAddress! + (query - queries.lowerBound) * wordsPerRow, words: wordsPerRow)
                        }
                    }
                } else {
                    classifier.fill(tile, origin: tile, into: &shape, wordsPerRow: wordsPerRow)
                }
                if let known = shapeIndex[shape] {
                    shapeOfEntry[entry] = known
                } else {
                    let index = Int32(shapeIndex.count)
                    shapeIndex[shape] = index
                    words.append(contentsOf: shape)
                    shapeOfEntry[entry] = index
                }
            }
        }
        self.init(blockSize: block, words: words, shapeOfEntry: shapeOfEntry)
    }
}

extension BoxClassifier {
    /// Sets the bits of the kept pairs of `box` in a tile's mask (`origin` is the tile).
    mutating func fill(_ box: Box, origin: Box, into shape: inout [UInt64], wordsPerRow: Int) {
        switch classifyRoot(box) {
        case .empty:
            return
        case .full:
            for query in box.q0...box.q1 {
                let base = Int(query - origin.q0) * wordsPerRow
                var column = Int(box.k0 - origin.k0)
                let end = Int(box.k1 - origin.k0) + 1
                while column < end {
                    let bit = column % 64
                    let count = min(64 - bit, end - column)
                    let bits: UInt64 = count == 64 ? ~0 : ((1 << UInt64(count)) - 1) << UInt64(bit)
                    shape[base + column / 64] |= bits
                    column += count
                }
            }
        case .partial, .unknown:
            precondition(box.area > 1, "a single pair is always decided")
            let (first, second) = box.halves
            fill(first, origin: origin, into: &shape, wordsPerRow: wordsPerRow)
            fill(second, origin: origin, into: &shape, wordsPerRow: wordsPerRow)
        }
    }
}
