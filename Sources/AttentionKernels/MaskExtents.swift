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
        var rows: [Int32] = []
        rows.reserveCapacity(2 * masks.shapeCount)
        var columns: [Int32] = []
        columns.reserveCapacity(2 * masks.shapeCount * block)
        for shape in 0..<masks.shapeCount {
            var (firstRow, endRow) = (block, 0)
            for row in 0..<block {
                let base = (shape * block + row) * perRow
                var (start, end) = (block, 0)
                for word in 0..<perRow where masks.words[base + word] != 0 {
                    start = min(start, word * 64 + masks.words[base + word].trailingZeroBitCount)
                    end = word * 64 + 64 - masks.words[base + word].leadingZeroBitCount
                }
                columns += [Int32(start), Int32(end)]
                if start < end {
                    firstRow = min(firstRow, row)
                    endRow = row + 1
                }
            }
            rows += firstRow < endRow ? [Int32(firstRow), Int32(endRow)] : [0, 0]
        }
        self.rows = rows
        self.columns = columns
    }
}
