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
    /// Q in slot order (see ``permutation``).
    let query: [Float]
    /// K in position order, row-major, for the listed keys.
    let key: [Float]
    /// How positions are relabelled inside whole tiles for this run.
    let permutation: ResiduePermutation

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

    /// Packs K and V into tiles for a run over `schedule`, in the slot order of `permutation`
    /// (whose masks the caller lists in slot order too); the outputs come out in slot order.
    public init(shape: AttentionShape, block: Int, scale: Float?, query: AttentionTensor, key: AttentionTensor, value: AttentionTensor,
                schedule: Schedule, permutation: ResiduePermutation) {
        self.shape = shape
        self.schedule = schedule
        self.permutation = permutation
        self.query = permutation.reorder(query.values, width: shape.depth, length: shape.length, toSlots: true, threadCount: schedule.threadCount)
        self.key = key.values
        run = TileRun(shape: shape, block: block, scale: scale ?? 1 / Float(shape.depth).squareRoot())
        packed = PackedKeysValues(shape: shape, block: block, key: key.values, value: value.values, permutation: permutation)
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

    /// Runs work item `index` of the schedule over the tiles listed in `workspace`.
    public func run(item index: Int, workspace: inout CompiledWorkspace, targets: Targets) {
        workspace.computeExtents()
        let (n, d, block) = (shape.length, shape.depth, run.block)
        let tiles = (n + block - 1) / block
        let valueHeads = shape.batch * shape.keyValueHeads
        let finite = packed.finiteValueTiles
        workspace.routeSparseTiles { column in (0..<valueHeads).contains { !finite[$0 * tiles + column] } }
        let item = schedule.items[index]
        let row = Int(item.row)
        let rows = min(block, n - row * block)
        let entries = workspace.entryTable
        let (tile, count) = (workspace.tile, workspace.count)
        let (gatheredTiles, wordsPerRow) = (workspace.gathered.tileCount, workspace.wordsPerRow)
        let lists = workspace.lists
        let valueTile = block * tile.paddedValueDepth
        query.withUnsafeBufferPointer { q in
          key.withUnsafeBufferPointer { k in
            let sources = TileSources(query: q.baseAddress!, keys: packed.keys, values: packed.values,
                                      words: workspace.words, wordsPerRow: wordsPerRow, finiteValueTiles: packed.finiteValueTiles)
            for head in 0..<shape.queryHeadCount {
                if gatheredTiles > 0 {
                    workspace.gather(head: shape.keyValueHead(ofQueryHead: head), packedKeys: packed.keys, packedValues: packed.values, tilesPerHead: tiles)
                }
                let gathered = workspace.gathered
                var chunk = 0
                while chunk < rows {
                    let chunkRows = min(TileWorkspace.rowChunk, rows - chunk)
                    let first = row * run.block + chunk
                    tile.begin(rows: chunkRows)
                    run.attend(tile, head: head, firstRow: first, rows: chunkRows, maskRow: chunk,
                               entries: 0..<count, layout: entries, sources: sources)
                    for part in 0..<gatheredTiles {
                        tile.attend(query: q.baseAddress! + (head * n + first) * d, rows: chunkRows,
                                    keys: gathered.keys + part * d * block, values: gathered.values + part * block * tile.paddedValueDepth,
                                    keyCount: min(block, gathered.count - part * block),
                                    mask: gathered.masks + (part * block + chunk) * wordsPerRow, wordsPerRow: wordsPerRow,
                                    skipsMaskedValues: gathered.hasNonFiniteValues[part])
                    }
                    if !lists.isEmpty {
                        let kvHead = shape.keyValueHead(ofQueryHead: head)
                        let (keys, values) = (k.baseAddress! + kvHead * n * d, packed.values + kvHead * tiles * valueTile)
                        for r in 0..<chunkRows {
                            let (start, end) = (Int(lists.starts[chunk + r]), Int(lists.starts[chunk + r + 1]))
                            guard start < end else { continue }
                            tile.attend(row: r, query: q.baseAddress! + (head * n + first + r) * d, positions: lists.positions + start,
                                        count: end - start, keys: keys, values: values, permutation: permutation)
                        }
                    }
                    if item.partCount == 1 {
                        tile.finish(rows: chunkRows, output: targets.output + (head * shape.length + first) * shape.valueDepth,
                                              logSumExp: targets.logSumExp + head * shape.length + first)
                    } else {
                        parts.store(tile, item: index, head: head, rowInTile: chunk, rows: chunkRows)
                    }
                    chunk += chunkRows
                }
            }
          }
        }
    }

    /// Merges the split rows' parts into the finished arrays, then puts their rows back in
    /// position order; call once, after every item ran.
    public func merge(into output: inout [Float], logSumExp: inout [Float]) {
        parts.merge(into: &output, logSumExp: &logSumExp)
        output = permutation.reorder(output, width: shape.valueDepth, length: shape.length, toSlots: false, threadCount: schedule.threadCount)
        logSumExp = permutation.reorder(logSumExp, width: 1, length: shape.length, toSlots: false, threadCount: schedule.threadCount)
    }
}
