// TileRun+QueryLanes: the loop over one query chunk's key tiles for runs that keep the
// chunk in lanes (see TileWorkspace+QueryLanes): whole tiles as 64 key rows every lane
// keeps, partial tiles as their key rows with the lanes that keep each.

import BlockSparsePlanner

extension TileRun {
    /// Folds the key tiles of `entries` into the workspace's chunk kept in lanes (begun with
    /// ``TileWorkspace/beginLanes(query:rows:)``) for query head `head`; the masks of partial
    /// tiles are `layout.laneMasks`. In a relabelled run, whose masks and chunk rows are in
    /// slot order, the key rows of whole tiles are read in slot order too: `relabelling` gives
    /// the permutation and each slot's position inside a whole tile. Each tile prefetches the
    /// key and value rows the next one reads, the last `nextQuery`.
    @inline(__always)
    func attendLanes(_ workspace: TileWorkspace, head: Int, entries: Range<Int>, layout: EntryTable, sources: TileSources,
                     relabelling: (permutation: ResiduePermutation, slotPositions: UnsafePointer<Int32>)? = nil,
                     nextQuery: UnsafeRawBufferPointer? = nil) {
        let (n, d, dv) = (shape.length, shape.depth, shape.valueDepth)
        let kvHead = shape.keyValueHead(ofQueryHead: head)
        let (key, value) = (sources.key + kvHead * n * d, sources.value + kvHead * n * dv)
        for entry in entries {
            let column = Int(layout.columns[entry])
            let maskShape = Int(layout.shapes[entry])
            var next: (keys: UnsafePointer<Float>, values: UnsafePointer<Float>)? = nil
            var nextRows = 0..<block
            if entry + 1 < entries.upperBound {
                nextRows = prefetchedKeyRows(entry: entry + 1, layout: layout, relabelling: relabelling?.permutation)
                let start = Int(layout.columns[entry + 1]) * block + nextRows.lowerBound
                next = (keys: key + start * d, values: value + start * dv)
            }
            let keyRows = relabelling.flatMap { $0.permutation.relabels(tile: column) ? $0.slotPositions : nil }
            workspace.attendLanes(keys: key + column * block * d, values: value + column * block * dv, keyCount: min(block, n - column * block),
                                  keyRows: keyRows, laneMasks: maskShape >= 0 ? layout.laneMasks! + maskShape * block : nil, next: next,
                                  nextRows: nextRows.count, nextQuery: nextQuery)
        }
    }

    /// The key rows of tile `entry` that its step reads, and so the step before it prefetches:
    /// the span its lane masks keep in a partial tile (a fixed pattern's summary tile keeps
    /// its last 32 rows; fetching all 64 made those tiles about 1.2× slower), all rows of a
    /// whole tile or of one relabelled by `relabelling` (whose slots are not positions).
    @inline(__always)
    func prefetchedKeyRows(entry: Int, layout: EntryTable, relabelling: ResiduePermutation?) -> Range<Int> {
        let (column, maskShape) = (Int(layout.columns[entry]), Int(layout.shapes[entry]))
        guard maskShape >= 0, !(relabelling?.relabels(tile: column) ?? false) else { return 0..<block }
        return LaneMasks.keptKeyRows(layout.laneMasks! + maskShape * block, count: block)
    }
}
