// CompiledAttention: the driver of generated kernels, generic over the compiled pattern
// and inlined into the generated module, so that the pattern's column support, tile
// states and element mask are specialised into its loops. It never builds a layout: it
// counts each row's kept tiles in closed form to split the work into items, which the
// threads take longest first from a shared queue; per item it lists the item's tiles and
// fills its partial masks from the inlined element mask.

import BlockSparsePlanner
import Dispatch

/// Runs compiled patterns; called by the generated `attention` functions.
public enum CompiledAttention {
    /// Attention over `pattern` for inputs of `shape` (already checked) on `threadCount` threads.
    @inlinable
    public static func run<Pattern: CompiledPattern>(_ pattern: Pattern, shape: AttentionShape, query: AttentionTensor, key: AttentionTensor,
                                                     value: AttentionTensor, scale: Float?, threadCount: Int) -> AttentionResult {
        let block = Int64(Pattern.blockSize)
        let length = Int64(shape.length)
        let tiles = Int((length + block - 1) / block)
        // Count each row's kept tiles (closed form, rows spread over the threads), for the schedule.
        var rowCounts = [Int](repeating: 0, count: tiles)
        var rowCosts = [Double](repeating: 0, count: tiles)
        rowCounts.withUnsafeMutableBufferPointer { counts in
            rowCosts.withUnsafeMutableBufferPointer { costs in
                let (counts, costs) = (SendablePointer(counts.baseAddress!), SendablePointer(costs.baseAddress!))
                let parts = max(1, min(threadCount, tiles))
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    var ranges = ColumnRanges()
                    for row in stride(from: part, to: tiles, by: parts) {
                        var (kept, cost) = (0, 0.0)
                        forEachTile(pattern, row: row, ranges: &ranges) { _, state in
                            kept += 1
                            cost += state == .full ? TileCost.full : TileCost.partial
                        }
                        (counts.pointer[row], costs.pointer[row]) = (kept, cost)
                    }
                }
            }
        }
        var rowOffsets = [Int](repeating: 0, count: tiles + 1)
        for row in 0..<tiles { rowOffsets[row + 1] = rowOffsets[row] + rowCounts[row] }
        // Each tile of a row costs the row's mean: no per-tile list is kept.
        let meanCost = { (row: Int) in rowCosts[row] / Double(max(1, rowOffsets[row + 1] - rowOffsets[row])) }
        let schedule = Schedule(rowOffsets: rowOffsets, threadCount: max(1, threadCount)) { entry in
            var (low, high) = (0, tiles - 1)
            while low < high {
                let middle = (low + high + 1) / 2
                if rowOffsets[middle] <= entry { low = middle } else { high = middle - 1 }
            }
            // Rows without tiles share their offset with the next one: take the last.
            return meanCost(low)
        }
        // The schedule splits long rows; its items are then taken longest first.
        let queue = WorkQueue(order: schedule.items.indices.sorted { a, b in
            let (x, y) = (schedule.items[a], schedule.items[b])
            return Double(x.entryEnd - x.entryStart) * meanCost(Int(x.row)) > Double(y.entryEnd - y.entryStart) * meanCost(Int(y.row))
        })
        let permutation = ResiduePermutation(classes: Pattern.residueClasses, block: Int(block), length: shape.length)
        let execution = CompiledExecution(shape: shape, block: Int(block), scale: scale, query: query, key: key, value: value,
                                          schedule: schedule, permutation: permutation)
        let offsets = rowOffsets
        var output = LargeBuffer.filledArray(0, count: shape.queryHeadCount * shape.length * shape.valueDepth, threadCount: schedule.threadCount)
        var logSumExp = LargeBuffer.filledArray(-.infinity, count: shape.queryHeadCount * shape.length, threadCount: schedule.threadCount)
        output.withUnsafeMutableBufferPointer { outputs in
            logSumExp.withUnsafeMutableBufferPointer { sums in
                let targets = CompiledExecution.Targets(output: outputs, logSumExp: sums)
                DispatchQueue.concurrentPerform(iterations: schedule.threadCount) { _ in
                    var workspace = execution.makeWorkspace()
                    var offsetMasks = OffsetMaskCache(block: Int(block), wordsPerRow: workspace.wordsPerRow)
                    let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: Int(block) * workspace.wordsPerRow)
                    var ranges = ColumnRanges()
                    while let index = queue.take() {
                        let item = schedule.items[index]
                        let row = Int(item.row)
                        let (first, end) = (item.entryStart - offsets[row], item.entryEnd - offsets[row])
                        workspace.beginItem()
                        var position = 0
                        forEachTile(pattern, row: row, ranges: &ranges) { column, state in
                            defer { position += 1 }
                            guard position >= first && position < end else { return }
                            if state == .full {
                                workspace.addFull(column: column)
                            } else {
                                fillMask(pattern, row: row, column: column, into: workspace.addPartial(column: column),
                                         wordsPerRow: workspace.wordsPerRow, cache: &offsetMasks, permutation: permutation, scratch: scratch)
                                workspace.shareRepeatedMask()
                            }
                        }
                        execution.run(item: index, workspace: &workspace, targets: targets)
                    }
                    workspace.release()
                    offsetMasks.release()
                    scratch.deallocate()
                }
            }
        }
        execution.merge(into: &output, logSumExp: &logSumExp)
        return AttentionResult(output: AttentionTensor(shape: shape.outputShape, values: output),
                               logSumExp: AttentionTensor(shape: shape.logSumExpShape, values: logSumExp))
    }

    /// Calls `body` with each kept tile of a row of query tiles, in ascending column order.
    @inlinable
    static func forEachTile<Pattern: CompiledPattern>(_ pattern: Pattern, row: Int, ranges: inout ColumnRanges, _ body: (Int, TileState) -> Void) {
        let block = Int64(Pattern.blockSize)
        let last = Int64(pattern.length) - 1
        let (q0, q1) = (Int64(row) * block, min(last, Int64(row + 1) * block - 1))
        ranges.removeAll()
        pattern.candidateColumns(queries: q0, q1, into: &ranges)
        ranges.normalize()
        for span in ranges.spans {
            for column in span.lower...span.upper {
                let box = Box(q0: q0, q1: q1, k0: column * block, k1: min(last, (column + 1) * block - 1))
                let state = pattern.tileState(box)
                if state != .empty { body(Int(column), state) }
            }
        }
    }

    /// Sets the bits of the kept pairs of tile (`row`, `column`): boxes the pattern's tile
    /// states decide are filled whole; the rest is split, down to boxes of 256 pairs that take the
    /// element mask pair by pair. A band's diagonal tile costs a few hundred box tests, an
    /// arbitrary predicate B² element tests. An interior tile whose residual (see
    /// ``MaskResidual``) depends on q - k, k or q alone has the mask of every such tile on its
    /// diagonal, column or row: it is filled once and copied from `cache` after that. The
    /// mask is left in the slot order of `permutation` (`scratch`: `block · wordsPerRow` words).
    @inlinable
    static func fillMask<Pattern: CompiledPattern>(_ pattern: Pattern, row: Int, column: Int, into mask: UnsafeMutablePointer<UInt64>,
                                                   wordsPerRow: Int, cache: inout OffsetMaskCache, permutation: ResiduePermutation,
                                                   scratch: UnsafeMutablePointer<UInt64>) {
        let block = Int64(Pattern.blockSize)
        let last = Int64(pattern.length) - 1
        let tile = Box(q0: Int64(row) * block, q1: min(last, Int64(row + 1) * block - 1),
                       k0: Int64(column) * block, k1: min(last, Int64(column + 1) * block - 1))
        let interior = tile.q1 - tile.q0 == block - 1 && tile.k1 - tile.k0 == block - 1
        // The cache key: the shared index, times 4, plus the kind of sharing.
        var key: Int?
        if interior {
            switch pattern.maskResidual(tile).dependence {
            case .difference: key = (row - column) * 4
            case .keyOnly: key = column * 4 + 1
            case .queryOnly: key = row * 4 + 2
            case .constant, .other: key = nil
            }
        }
        if let key, cache.copy(offset: key, into: mask) { return }
        fill(pattern, tile, origin: tile, mask: mask, wordsPerRow: wordsPerRow)
        permutation.relabel(mask: mask, row: row, column: column, wordsPerRow: wordsPerRow, scratch: scratch)
        if let key { cache.store(offset: key, from: mask) }
    }

    @inlinable
    static func fill<Pattern: CompiledPattern>(_ pattern: Pattern, _ box: Box, origin: Box, mask: UnsafeMutablePointer<UInt64>, wordsPerRow: Int) {
        let state = pattern.tileState(box)
        switch state {
        case .empty:
            return
        case .full:
            let (low, high) = (Int(box.k0 - origin.k0), Int(box.k1 - origin.k0))
            for word in low >> 6...high >> 6 {
                // Bits max(low, 64 · word) through min(high, 64 · word + 63) of the word.
                let (first, last) = (max(low - word * 64, 0), min(high - word * 64, 63))
                let bits = (~UInt64(0) >> UInt64(63 - last)) & (~UInt64(0) << UInt64(first))
                for q in box.q0...box.q1 { mask[Int(q - origin.q0) * wordsPerRow + word] |= bits }
            }
        case .partial, .unknown:
            if box.area <= 256 {
                // Row by row: most rows of a random or strided tile are decided whole.
                for q in box.q0...box.q1 {
                    let bits = mask + Int(q - origin.q0) * wordsPerRow
                    let rowState = pattern.tileState(Box(q0: q, q1: q, k0: box.k0, k1: box.k1))
                    if rowState == .empty { continue }
                    for k in box.k0...box.k1 where rowState == .full || pattern.keeps(query: q, key: k) {
                        let j = Int(k - origin.k0)
                        bits[j >> 6] |= 1 << UInt64(j & 63)
                    }
                }
                return
            }
            let (first, second) = box.halves
            fill(pattern, first, origin: origin, mask: mask, wordsPerRow: wordsPerRow)
            fill(pattern, second, origin: origin, mask: mask, wordsPerRow: wordsPerRow)
        }
    }
}
