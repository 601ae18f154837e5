// CompiledAttention: the driver of generated kernels, generic over the compiled pattern
// and inlined into the generated module, so that the pattern's column support, tile
// states and element mask are specialised into its loops. It never builds a layout: it
// lists each row's kept tiles in closed form (``KeptTileLists``), halving undecided spans
// of columns as the planner splits boxes, to split the work into items, which the threads
// take from their shares of the schedule, stealing at the end (``WorkQueue``); per item it
// reads the item's tiles back and fills its partial masks from the inlined element mask,
// running as full, or dropping, those whose masks keep every pair or none.

import BlockSparsePlanner
import Dispatch

/// Runs compiled patterns; called by the generated `attention` functions.
public enum CompiledAttention {
    /// Attention over `pattern` for inputs of `shape` (already checked) on `threadCount` threads
    /// (at least 1, as for the interpreter and the dense kernel).
    @inlinable
    public static func run<Pattern: CompiledPattern>(_ pattern: Pattern, shape: AttentionShape, query: AttentionTensor, key: AttentionTensor,
                                                     value: AttentionTensor, scale: Float?, threadCount: Int) -> AttentionResult {
        precondition(threadCount >= 1, "threadCount must be at least 1, but it is \(threadCount)")
        let block = Int64(Pattern.blockSize)
        let length = Int64(shape.length)
        let tiles = Int((length + block - 1) / block)
        // List each row's kept tiles (closed form, rows spread over the threads), and count
        // them for the schedule.
        var rowCounts = [Int](repeating: 0, count: tiles)
        var rowCosts = [Double](repeating: 0, count: tiles)
        let parts = max(1, min(threadCount, tiles))
        var lists = KeptTileLists(rows: tiles, parts: parts)
        rowCounts.withUnsafeMutableBufferPointer { counts in
            rowCosts.withUnsafeMutableBufferPointer { costs in
                lists.codes.withUnsafeMutableBufferPointer { codes in
                    lists.starts.withUnsafeMutableBufferPointer { starts in
                        let (counts, costs) = (SendablePointer(counts.baseAddress!), SendablePointer(costs.baseAddress!))
                        let (codes, starts) = (SendablePointer(codes.baseAddress!), SendablePointer(starts.baseAddress!))
                        DispatchQueue.concurrentPerform(iterations: parts) { part in
                            var ranges = ColumnRanges()
                            var list: [Int32] = []
                            for row in stride(from: part, to: tiles, by: parts) {
                                var cost = 0.0
                                starts.pointer[row] = list.count
                                forEachTile(pattern, row: row, ranges: &ranges) { column, state in
                                    list.append(KeptTileLists.code(column: column, full: state == .full))
                                    cost += state == .full ? TileCost.full : TileCost.partial
                                }
                                (counts.pointer[row], costs.pointer[row]) = (list.count - starts.pointer[row], cost)
                            }
                            codes.pointer[part] = list
                        }
                    }
                }
            }
        }
        var rowOffsets = [Int](repeating: 0, count: tiles + 1)
        for row in 0..<tiles { rowOffsets[row + 1] = rowOffsets[row] + rowCounts[row] }
        // Each tile of a row costs the row's mean: no per-tile list is kept. The schedule
        // reads the costs from an array (a closure searching the row offsets for each
        // entry was most of the time of this serial part).
        let meanCost = { (row: Int) in rowCosts[row] / Double(max(1, rowOffsets[row + 1] - rowOffsets[row])) }
        var entryCosts = [Double](repeating: 0, count: rowOffsets[tiles])
        for row in 0..<tiles {
            for entry in rowOffsets[row]..<rowOffsets[row + 1] { entryCosts[entry] = meanCost(row) }
        }
        let schedule = entryCosts.withUnsafeBufferPointer { costs in
            Schedule(rowOffsets: rowOffsets, threadCount: threadCount) { costs[$0] }
        }
        // The schedule splits long rows and shares the items out by their cost; a thread
        // that finishes its share takes items from the end of another's.
        let itemCosts = schedule.items.map { item in Double(item.entryEnd - item.entryStart) * meanCost(Int(item.row)) }
        let queue = WorkQueue(threadOffsets: schedule.threadOffsets, costs: itemCosts)
        let permutation = ResiduePermutation(classes: Pattern.residueClasses, block: Int(block), length: shape.length)
        let execution = CompiledExecution(shape: shape, block: Int(block), scale: scale, query: query, key: key, value: value,
                                          schedule: schedule, permutation: permutation)
        let (offsets, keptTiles) = (rowOffsets, lists)
        var output = LargeBuffer.outputArray(count: shape.queryHeadCount * shape.length * shape.valueDepth, threadCount: schedule.threadCount)
        var logSumExp = LargeBuffer.filledArray(-.infinity, count: shape.queryHeadCount * shape.length, threadCount: schedule.threadCount)
        output.withUnsafeMutableBufferPointer { outputs in
            logSumExp.withUnsafeMutableBufferPointer { sums in
                let targets = CompiledExecution.Targets(output: outputs, logSumExp: sums)
                DispatchQueue.concurrentPerform(iterations: schedule.threadCount) { thread in
                    var workspace = execution.makeWorkspace()
                    var sharedMasks = SharedMaskCache(block: Int(block), wordsPerRow: workspace.wordsPerRow)
                    let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: Int(block) * workspace.wordsPerRow)
                    while let index = queue.take(thread: thread) {
                        let item = schedule.items[index]
                        let row = Int(item.row)
                        let (first, end) = (item.entryStart - offsets[row], item.entryEnd - offsets[row])
                        workspace.beginItem()
                        keptTiles.forEachTile(row: row, from: first, to: end) { column, full in
                            if full {
                                workspace.addFull(column: column)
                            } else {
                                fillMask(pattern, row: row, column: column, into: workspace.addPartial(column: column),
                                         wordsPerRow: workspace.wordsPerRow, cache: &sharedMasks, permutation: permutation, scratch: scratch)
                                workspace.settleFilledMask(rows: min(Int(block), shape.length - row * Int(block)),
                                                           keys: min(Int(block), shape.length - column * Int(block)))
                            }
                        }
                        execution.run(item: index, workspace: &workspace, targets: targets, nextItem: queue.upcoming(thread: thread))
                    }
                    workspace.release()
                    sharedMasks.release()
                    scratch.deallocate()
                }
            }
        }
        execution.merge(into: &output, logSumExp: &logSumExp)
        EmptyTileRows.zero(&output, shape: shape, block: Int(block)) { offsets[$0 + 1] == offsets[$0] }
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
            forEachTile(pattern, queries: q0, q1, columns: span.lower, span.upper, body)
        }
    }

    /// Calls `body` with each kept tile of query rows `q0 ... q1` among columns `first ...
    /// last`, in ascending order. The span's state is asked first, and its halves' only when
    /// it is undecided, as the planner splits its boxes: an empty or full stretch of many
    /// tiles costs one test instead of one a tile (at most twice the tests of a tile by
    /// tile scan when no stretch is decided; spans of one or two tiles are scanned).
    @inlinable
    static func forEachTile<Pattern: CompiledPattern>(_ pattern: Pattern, queries q0: Int64, _ q1: Int64, columns first: Int64, _ last: Int64,
                                                      _ body: (Int, TileState) -> Void) {
        let block = Int64(Pattern.blockSize)
        let lastKey = Int64(pattern.length) - 1
        let box = { (first: Int64, last: Int64) in Box(q0: q0, q1: q1, k0: first * block, k1: min(lastKey, (last + 1) * block - 1)) }
        guard last - first >= 2 else {
            for column in first...last {
                let state = pattern.tileState(box(column, column))
                if state != .empty { body(Int(column), state) }
            }
            return
        }
        switch pattern.tileState(box(first, last)) {
        case .empty:
            return
        case .full:
            for column in first...last { body(Int(column), .full) }
        case .partial, .unknown:
            let middle = first + (last - first) / 2
            forEachTile(pattern, queries: q0, q1, columns: first, middle, body)
            forEachTile(pattern, queries: q0, q1, columns: middle + 1, last, body)
        }
    }
}
