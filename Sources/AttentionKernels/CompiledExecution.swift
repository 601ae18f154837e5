// CompiledExecution: the non-generic half of a compiled kernel's run — packed inputs,
// outputs, split-row parts and the tile loop of one work item over the tiles the
// generated code listed — shared with the interpreter's micro-kernels, so generated and
// interpreted kernels differ only in how they find tiles and masks.

import BlockSparsePlanner

/// The state of one run of a compiled kernel; see ``CompiledAttention``.
public final class CompiledExecution: @unchecked Sendable {
    let shape: AttentionShape
    let run: TileRun
    let schedule: Schedule
    let packed: PackedKeysValues
    let parts: PartStorage
    /// Q in position order; a chunk's rows are gathered into slot order as it runs.
    let query: [Float]
    /// K in position order, row-major, for the listed keys.
    let key: [Float]
    /// How positions are relabelled inside whole tiles for this run.
    let permutation: ResiduePermutation
    /// Whether the run keeps each chunk's query rows in lanes and reads K and V in place
    /// (see `TileWorkspace+QueryLanes`); else it packs them.
    let inLanes: Bool
    /// V in position order, row-major, for runs in lanes.
    let value: [Float]
    /// The position inside a relabelled whole tile of each slot (see ``ResiduePermutation``).
    let slotPositions: [Int32]

    /// Where a run writes: the output and log-sum-exp arrays, for the run's duration.
    public struct Targets: @unchecked Sendable {
        let output: UnsafeMutablePointer<Float>
        let logSumExp: UnsafeMutablePointer<Float>

        /// Targets over the storage of the two arrays (valid while they are borrowed).
        public init(output: UnsafeMutableBufferPointer<Float>, logSumExp: UnsafeMutableBufferPointer<Float>) {
            self.output = output.baseAddress!
            self.logSumExp = logSumExp.baseAddress!
        }
    }

    /// Prepares a run over `schedule` (on its threads) in the slot order of `permutation`
    /// (whose masks the caller lists in slot order too): packs K and V into tiles in that
    /// order, unless the run keeps its query rows in lanes and reads them in place; each chunk
    /// of query rows is gathered into slot order as it runs, and its outputs are written back
    /// to their positions.
    public init(shape: AttentionShape, block: Int, scale: Float?, query: AttentionTensor, key: AttentionTensor, value: AttentionTensor,
                schedule: Schedule, permutation: ResiduePermutation) {
        self.shape = shape
        self.schedule = schedule
        self.permutation = permutation
        self.query = query.values
        self.key = key.values
        self.value = value.values
        run = TileRun(shape: shape, block: block, scale: scale ?? 1 / Float(shape.depth).squareRoot())
        inLanes = TileWorkspace.keepsQueriesInLanes(block: block, valueDepth: shape.valueDepth)
        // A whole tile's key rows in slot order, as positions inside the tile.
        slotPositions = (0..<block).map { Int32(permutation.isIdentity ? $0 : permutation.position(ofSlot: $0)) }
        packed = inLanes
            ? PackedKeysValues(unpackedFor: shape, block: block)
            : PackedKeysValues(shape: shape, block: block, key: key.values, value: value.values, permutation: permutation,
                               threadCount: schedule.threadCount)
        parts = PartStorage(schedule: schedule, shape: shape, block: block)
    }

    deinit {
        packed.deallocate()
        parts.deallocate()
    }

    /// A thread's scratch.
    public func makeWorkspace() -> CompiledWorkspace {
        CompiledWorkspace(tile: TileWorkspace(block: run.block, depth: shape.depth, valueDepth: shape.valueDepth, scale: run.scale), block: run.block)
    }

    /// Runs work item `index` of the schedule over the tiles listed in `workspace`;
    /// `nextItem`, the item the thread will run next if known, is where it prefetches the
    /// query rows to after its last chunk.
    public func run(item index: Int, workspace: inout CompiledWorkspace, targets: Targets, nextItem: Int? = nil) {
        let (n, d, block) = (shape.length, shape.depth, run.block)
        let tiles = (n + block - 1) / block
        let valueHeads = shape.batch * shape.keyValueHeads
        let finite = packed.finiteValueTiles
        workspace.routeSparseTiles(inLanes: inLanes) { column in (0..<valueHeads).contains { !finite[$0 * tiles + column] } }
        workspace.computeExtents(inLanes: inLanes)
        if inLanes, workspace.gathered.tileCount > 0 { workspace.computeGatheredLanes(permutation: permutation) }
        let item = schedule.items[index]
        let row = Int(item.row)
        let rows = min(block, n - row * block)
        // An item whose tiles were all dropped when their masks were filled keeps nothing: its
        // rows are zeros (its log-sum-exp is −∞ already), as `EmptyTileRows` writes them for a
        // row of tiles with no item; the positions of its tile are only reordered by a permutation.
        if workspace.count == 0, workspace.gathered.tileCount == 0, workspace.lists.isEmpty, item.partCount == 1 {
            EmptyTileRows.zero(targets.output, tile: row, shape: shape, block: block)
            return
        }
        let entries = workspace.entryTable
        let (tile, count) = (workspace.tile, workspace.count)
        let (gatheredTiles, wordsPerRow) = (workspace.gathered.tileCount, workspace.wordsPerRow)
        let lists = workspace.lists
        let valueTile = block * tile.paddedValueDepth
        // Where listed keys find a slot's value row: packed tiles are in slot order, V in place
        // in position order.
        let valueOrder = inLanes ? permutation : ResiduePermutation(classes: 1, block: block, length: n)
        let nextRowStart = nextItem.map { Int(schedule.items[$0].row) * block }
        query.withUnsafeBufferPointer { q in
          key.withUnsafeBufferPointer { k in
           value.withUnsafeBufferPointer { v in
            let sources = TileSources(query: q.baseAddress!, key: k.baseAddress!, value: v.baseAddress!, keys: packed.keys,
                                      values: packed.values, words: workspace.words, wordsPerRow: wordsPerRow,
                                      finiteValueTiles: packed.finiteValueTiles)
            for head in 0..<shape.queryHeadCount {
                if gatheredTiles > 0, !inLanes {
                    workspace.gather(head: shape.keyValueHead(ofQueryHead: head), packedKeys: packed.keys, packedValues: packed.values, tilesPerHead: tiles)
                }
                let gathered = workspace.gathered
                var chunk = 0
                while chunk < rows {
                    let chunkRows = min(TileWorkspace.rowChunk, rows - chunk)
                    let first = row * run.block + chunk
                    let chunkQuery = gatherQuery(workspace, head: head, first: first, rows: chunkRows, query: q.baseAddress!)
                    // Relabelled runs gather their query rows (from all over Q), so prefetch none.
                    let nextQuery = permutation.isIdentity
                        ? run.queryRows(after: .init(head: head, chunk: chunk, rows: rows, rowStart: row * block, nextRowStart: nextRowStart),
                                        query: q.baseAddress!)
                        : nil
                    if inLanes {
                        tile.beginLanes(query: chunkQuery, rows: chunkRows)
                        slotPositions.withUnsafeBufferPointer { slots in
                            run.attendLanes(tile, head: head, entries: 0..<count, layout: entries, sources: sources,
                                            relabelling: permutation.isIdentity ? nil : (permutation, slots.baseAddress!),
                                            nextQuery: nextQuery)
                        }
                        attendGatheredInLanes(workspace, head: head, sources: sources)
                        tile.endLanes()
                    } else {
                        tile.begin(rows: chunkRows)
                        run.attend(tile, query: chunkQuery, head: head, firstRow: first, rows: chunkRows, maskRow: chunk,
                                   entries: 0..<count, layout: entries, sources: sources, nextQuery: nextQuery)
                        for part in 0..<gatheredTiles {
                            tile.attend(query: chunkQuery, rows: chunkRows,
                                        keys: gathered.keys + part * d * block, values: gathered.values + part * block * tile.paddedValueDepth,
                                        keyCount: min(block, gathered.count - part * block),
                                        mask: gathered.masks + (part * block + chunk) * wordsPerRow, wordsPerRow: wordsPerRow,
                                        skipsMaskedValues: gathered.hasNonFiniteValues[part])
                        }
                    }
                    if !lists.isEmpty {
                        let kvHead = shape.keyValueHead(ofQueryHead: head)
                        // Runs in lanes read V's rows in place (their value depth is a multiple of 8, so
                        // those rows are laid out as packed ones), others the packed tiles.
                        let keys: UnsafePointer<Float> = k.baseAddress! + kvHead * n * d
                        let values: UnsafePointer<Float> = inLanes
                            ? v.baseAddress! + kvHead * n * shape.valueDepth
                            : UnsafePointer(packed.values) + kvHead * tiles * valueTile
                        tile.attendListed(rows: chunkRows, query: chunkQuery, starts: lists.starts + chunk, positions: lists.positions,
                                          keys: keys, values: values, permutation: permutation, valueOrder: valueOrder)
                    }
                    if item.partCount == 1 {
                        finish(workspace, head: head, first: first, rows: chunkRows, targets: targets)
                    } else {
                        parts.store(tile, item: index, head: head, rowInTile: chunk, rows: chunkRows)
                    }
                    chunk += chunkRows
                }
            }
           }
          }
        }
    }

    /// Folds the item's gathered tiles into the chunk kept in lanes: their keys read in place
    /// by position, each with the lanes its mask keeps (both made once for the item).
    @inline(__always)
    private func attendGatheredInLanes(_ workspace: CompiledWorkspace, head: Int, sources: TileSources) {
        let gathered = workspace.gathered
        let (n, block, kvHead) = (shape.length, run.block, shape.keyValueHead(ofQueryHead: head))
        for part in 0..<gathered.tileCount {
            workspace.tile.attendLanes(keys: sources.key + kvHead * n * shape.depth, values: sources.value + kvHead * n * shape.valueDepth,
                                       keyCount: min(block, gathered.count - part * block), keyRows: workspace.gatheredPositions + part * block,
                                       laneMasks: workspace.gatheredLaneMasks + part * block, next: nil)
        }
    }

    /// The query rows of slots `first ..< first + rows` of `head`, consecutive: in place when
    /// the run is not relabelled, else gathered from their positions into the workspace.
    @inline(__always)
    private func gatherQuery(_ workspace: CompiledWorkspace, head: Int, first: Int, rows: Int, query: UnsafePointer<Float>) -> UnsafePointer<Float> {
        let (n, d) = (shape.length, shape.depth)
        guard !permutation.isIdentity else { return query + (head * n + first) * d }
        for r in 0..<rows {
            (workspace.queryRows + r * d).update(from: query + (head * n + permutation.position(ofSlot: first + r)) * d, count: d)
        }
        return UnsafePointer(workspace.queryRows)
    }

    /// Writes the finished output and log-sum-exp of slots `first ..< first + rows` of `head`
    /// at their positions.
    @inline(__always)
    private func finish(_ workspace: CompiledWorkspace, head: Int, first: Int, rows: Int, targets: Targets) {
        let (n, dv) = (shape.length, shape.valueDepth)
        guard !permutation.isIdentity else {
            workspace.tile.finish(rows: rows, output: targets.output + (head * n + first) * dv, logSumExp: targets.logSumExp + head * n + first)
            return
        }
        for r in 0..<rows {
            let position = head * n + permutation.position(ofSlot: first + r)
            workspace.tile.finish(row: r, output: targets.output + position * dv, logSumExp: targets.logSumExp + position)
        }
    }

    /// Merges the split rows' parts into the finished arrays, at their positions; call once,
    /// after every item ran.
    public func merge(into output: inout [Float], logSumExp: inout [Float]) {
        parts.merge(into: &output, logSumExp: &logSumExp, permutation: permutation)
    }
}
