// TileRun+QueryLanes: the loop over one query chunk's key tiles for runs that keep the
// chunk in lanes (see TileWorkspace+QueryLanes): whole tiles as 64 key rows every lane
// keeps, partial tiles as their key rows with the lanes that keep each.

import BlockSparsePlanner

extension TileRun {
    /// Folds the key tiles of `entries` into the workspace's chunk kept in lanes (begun with
    /// ``TileWorkspace/beginLanes(query:rows:)``) for query head `head`; the masks of partial
    /// tiles are `layout.laneMasks`. In a relabelled run, whose masks and chunk rows are in
    /// slot order, the key rows of whole tiles are read in slot order too: `relabelling` gives
    /// the permutation and each slot's position inside a whole tile. The last tile prefetches
    /// `nextQuery`.
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
            let next = entry + 1 < entries.upperBound
                ? (keys: key + Int(layout.columns[entry + 1]) * block * d, values: value + Int(layout.columns[entry + 1]) * block * dv)
                : nil
            let keyRows = relabelling.flatMap { $0.permutation.relabels(tile: column) ? $0.slotPositions : nil }
            workspace.attendLanes(keys: key + column * block * d, values: value + column * block * dv, keyCount: min(block, n - column * block),
                                  keyRows: keyRows, laneMasks: maskShape >= 0 ? layout.laneMasks! + maskShape * block : nil, next: next,
                                  nextQuery: nextQuery)
        }
    }
}
