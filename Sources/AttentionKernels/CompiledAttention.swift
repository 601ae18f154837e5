// CompiledAttention: the driver of generated kernels, generic over the compiled pattern
// and inlined into the generated module, so that the pattern's column support, tile
// states and element mask are specialised into its loops. It never builds a layout: it
// counts each row's kept tiles in closed form to schedule the work, then, per work item,
// lists the item's tiles and fills its partial masks from the inlined element mask.

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
        // Count each row's kept tiles (closed form), for the schedule.
        var rowOffsets = [Int](repeating: 0, count: tiles + 1)
        var ranges = ColumnRanges()
        for row in 0..<tiles {
            var kept = 0
            forEachTile(pattern, row: row, ranges: &ranges) { _, _ in kept += 1 }
            rowOffsets[row + 1] = rowOffsets[row] + kept
        }
        let schedule = Schedule(rowOffsets: rowOffsets, threadCount: max(1, threadCount)) { _ in TileCost.full }
        let execution = CompiledExecution(shape: shape, block: Int(block), scale: scale, query: query, key: key, value: value, schedule: schedule)
        let offsets = rowOffsets
        DispatchQueue.concurrentPerform(iterations: schedule.threadCount) { thread in
            var workspace = execution.makeWorkspace()
            var ranges = ColumnRanges()
            for index in schedule.threadOffsets[thread]..<schedule.threadOffsets[thread + 1] {
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
                        fillMask(pattern, row: row, column: column, into: workspace.addPartial(column: column), wordsPerRow: workspace.wordsPerRow)
                    }
                }
                execution.run(item: index, workspace: &workspace)
            }
            workspace.release()
        }
        return execution.finish()
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

    /// Sets the bits of the kept pairs of tile (`row`, `column`) from the element mask.
    @inlinable
    static func fillMask<Pattern: CompiledPattern>(_ pattern: Pattern, row: Int, column: Int, into mask: UnsafeMutablePointer<UInt64>, wordsPerRow: Int) {
        let block = Pattern.blockSize
        let (q0, k0) = (row * block, column * block)
        let (rows, keys) = (min(block, pattern.length - q0), min(block, pattern.length - k0))
        for i in 0..<rows {
            let q = Int64(q0 + i)
            let bits = mask + i * wordsPerRow
            for j in 0..<keys where pattern.keeps(query: q, key: Int64(k0 + j)) {
                bits[j >> 6] |= 1 << UInt64(j & 63)
            }
        }
    }
}
