// MaskExtents: for each partial-tile shape, the rows that keep anything and the columns up
// to the last kept one — so that a tile where only a global row or a sink column survives
// costs one row or eight columns, not the whole tile.

import BlockSparsePlanner

/// The bounding rows and columns of each mask shape of a ``PartialTileMasks``.
///
/// Shape `s` keeps nothing outside rows `values[3s] ..< values[3s + 1]` and columns
/// `0 ..< values[3s + 2]`; an empty shape has an empty row range.
struct MaskExtents: Sendable {
    let values: [Int32]

    init(_ masks: PartialTileMasks) {
        var values: [Int32] = []
        values.reserveCapacity(3 * masks.shapeCount)
        let block = masks.blockSize, perRow = masks.wordsPerRow
        for shape in 0..<masks.shapeCount {
            var (firstRow, endRow, endColumn) = (block, 0, 0)
            for row in 0..<block {
                let base = (shape * block + row) * perRow
                var rowEnd = 0
                for word in 0..<perRow where masks.words[base + word] != 0 {
                    rowEnd = word * 64 + 64 - masks.words[base + word].leadingZeroBitCount
                }
                guard rowEnd > 0 else { continue }
                firstRow = min(firstRow, row)
                endRow = row + 1
                endColumn = max(endColumn, rowEnd)
            }
            values += firstRow < endRow ? [Int32(firstRow), Int32(endRow), Int32(endColumn)] : [0, 0, 0]
        }
        self.values = values
    }
}
