// MaskExtents: for each partial-tile shape, the rows that keep anything and, row by row,
// the columns they keep — so that a tile where only a global row or a sink column
// survives costs one row or eight columns, and the far corner of a band's edge tile is
// not computed.

import BlockSparsePlanner

/// The bounding rows of each mask shape of a ``PartialTileMasks``, and the bounding
/// columns of each of its rows.
///
/// Shape `s` keeps nothing outside rows `rows[2s] ..< rows[2s + 1]` (an empty range for an
/// empty shape). Row `r` of shape `s` keeps nothing outside columns
/// `columns[2(s·B + r)] ..< columns[2(s·B + r) + 1]` (`B ..< 0` for an empty row).
struct MaskExtents: Sendable {
    let rows: [Int32]
    let columns: [Int32]

    init(_ masks: PartialTileMasks) {
        let block = masks.blockSize, perRow = masks.wordsPerRow
        var rows = [Int32](repeating: 0, count: 2 * masks.shapeCount)
        var columns = [Int32](repeating: 0, count: 2 * masks.shapeCount * block)
        masks.words.withUnsafeBufferPointer { words in
            rows.withUnsafeMutableBufferPointer { rows in
                columns.withUnsafeMutableBufferPointer { columns in
                    for shape in 0..<masks.shapeCount {
                        Self.measure(words.baseAddress! + shape * block * perRow, block: block, wordsPerRow: perRow,
                                     rows: rows.baseAddress! + 2 * shape, columns: columns.baseAddress! + 2 * shape * block)
                    }
                }
            }
        }
        self.rows = rows
        self.columns = columns
    }

    /// Measures one shape (`block` rows of `wordsPerRow` words): writes its kept rows to
    /// `rows[0 ..< 2]` and each row's kept columns to `columns[2r ..< 2r + 2]`.
    static func measure(_ words: UnsafePointer<UInt64>, block: Int, wordsPerRow perRow: Int,
                        rows: UnsafeMutablePointer<Int32>, columns: UnsafeMutablePointer<Int32>) {
        var (firstRow, endRow) = (block, 0)
        for row in 0..<block {
            var (start, end) = (block, 0)
            for word in 0..<perRow where words[row * perRow + word] != 0 {
                start = min(start, word * 64 + words[row * perRow + word].trailingZeroBitCount)
                end = word * 64 + 64 - words[row * perRow + word].leadingZeroBitCount
            }
            (columns[2 * row], columns[2 * row + 1]) = (Int32(start), Int32(end))
            if start < end {
                firstRow = min(firstRow, row)
                endRow = row + 1
            }
        }
        (rows[0], rows[1]) = firstRow < endRow ? (Int32(firstRow), Int32(endRow)) : (0, 0)
    }
}
