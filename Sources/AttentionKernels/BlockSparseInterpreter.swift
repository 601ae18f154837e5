// BlockSparseInterpreter: attention over any block-sparse layout at run time — per work
// item of the schedule (each thread runs its share, then takes from the busiest, see
// ``WorkQueue``), per query tile, stream the kept key tiles, mask only the partial ones,
// online softmax, P·V; split rows are merged by log-sum-exp afterwards, in part order.

import BlockSparsePlanner
import Dispatch
import PatternLanguage

/// Runs attention for a layout, its partial-tile masks and a schedule.
///
/// The output is deterministic: the same schedule (so the same thread count) gives
/// bit-identical results run to run, whichever thread runs which item. No N×N buffer is ever made.
///
/// ```swift
/// let interpreter = BlockSparseInterpreter(pattern: pattern, length: 4096, threadCount: 2)
/// let result = try interpreter.run(query: q, key: k, value: v)
/// ```
public struct BlockSparseInterpreter: Sendable {
    /// The kept tiles.
    public let layout: BlockLayout
    /// The bit masks of the partial tiles.
    public let masks: PartialTileMasks
    /// The work items, and each thread's share of them.
    public let schedule: Schedule
    /// The rows and columns each mask shape keeps something in.
    let extents: MaskExtents
    /// The estimated cost of each work item, for the ``WorkQueue`` of every run.
    let itemCosts: [Double]

    /// Makes an interpreter from a layout, its masks and a schedule of it; the three must
    /// agree (checked: a work item outside its row is a programming error).
    public init(layout: BlockLayout, masks: PartialTileMasks, schedule: Schedule) {
        precondition(masks.blockSize == layout.blockSize && masks.shapeOfEntry.count == layout.entryCount, "masks of another layout")
        // The kernels trust these ranges with raw pointers: check them once here.
        precondition(schedule.threadOffsets.first == 0 && schedule.threadOffsets.last == schedule.items.count
                     && zip(schedule.threadOffsets, schedule.threadOffsets.dropFirst()).allSatisfy { $0 <= $1 },
                     "the schedule's thread offsets do not cover its items")
        for item in schedule.items {
            let row = Int(item.row)
            precondition(row >= 0 && row < layout.tileCount, "a work item's row is outside the layout")
            let entries = layout.entries(ofRow: row)
            precondition(entries.lowerBound <= item.entryStart && item.entryStart <= item.entryEnd && item.entryEnd <= entries.upperBound,
                         "a work item's entries are outside its row")
            precondition(item.part >= 0 && item.part < item.partCount, "a work item's part is outside 0 ..< partCount")
        }
        self.layout = layout
        self.masks = masks
        self.schedule = schedule
        self.extents = MaskExtents(masks)
        itemCosts = schedule.items.map { item in
            (item.entryStart..<item.entryEnd).reduce(0) { $0 + (layout.kinds[$1] == .full ? TileCost.full : TileCost.partial) }
        }
    }

    /// Plans `pattern` at `length` (at least 1), builds its masks and schedules it over
    /// `threadCount` threads (at least 1).
    public init(pattern: CheckedPattern, length: Int, threadCount: Int) {
        precondition(length >= 1, "length must be at least 1, but it is \(length)")
        precondition(threadCount >= 1, "threadCount must be at least 1, but it is \(threadCount)")
        let layout = BlockLayout(pattern: pattern, length: length)
        self.init(layout: layout, masks: PartialTileMasks(pattern: pattern, layout: layout),
                  schedule: Schedule(layout: layout, threadCount: threadCount))
    }

    /// Attention of Q, K, V over the layout; `scale` defaults to `1 / sqrt(D)`.
    ///
    /// Throws when the shapes disagree with each other or with the layout's length.
    public func run(query: AttentionTensor, key: AttentionTensor, value: AttentionTensor,
                    scale: Float? = nil) throws(AttentionShapeError) -> AttentionResult {
        let shape = try AttentionShape(query: query.shape, key: key.shape, value: value.shape)
        guard shape.length == layout.length else {
            throw AttentionShapeError("the layout is planned for N = \(layout.length), but Q has N = \(shape.length) (shape \(AttentionShape.describe(query.shape)))")
        }
        let inLanes = TileWorkspace.keepsQueriesInLanes(block: layout.blockSize, valueDepth: shape.valueDepth)
        let packed = inLanes
            ? PackedKeysValues(unpackedFor: shape, block: layout.blockSize)
            : PackedKeysValues(shape: shape, block: layout.blockSize, key: key.values, value: value.values, threadCount: schedule.threadCount)
        let table = EntryTable(layout: layout, masks: masks, extents: extents, inLanes: inLanes)
        let parts = PartStorage(schedule: schedule, shape: shape, block: layout.blockSize)
        defer { packed.deallocate(); table.deallocate(); parts.deallocate() }
        var output = LargeBuffer.outputArray(count: shape.queryHeadCount * shape.length * shape.valueDepth, threadCount: schedule.threadCount)
        var logSumExp = LargeBuffer.filledArray(-.infinity, count: shape.queryHeadCount * shape.length, threadCount: schedule.threadCount)
        let run = TileRun(shape: shape, block: layout.blockSize, scale: scale ?? 1 / Float(shape.depth).squareRoot())
        query.values.withUnsafeBufferPointer { q in
          key.values.withUnsafeBufferPointer { k in
            value.values.withUnsafeBufferPointer { v in
              output.withUnsafeMutableBufferPointer { o in
                logSumExp.withUnsafeMutableBufferPointer { l in
                    let sources = TileSources(query: q.baseAddress!, key: k.baseAddress!, value: v.baseAddress!, keys: packed.keys,
                                              values: packed.values, words: table.words, wordsPerRow: masks.wordsPerRow,
                                              finiteValueTiles: packed.finiteValueTiles)
                    let targets = TileTargets(output: SendablePointer(o.baseAddress!), logSumExp: SendablePointer(l.baseAddress!))
                    let queue = WorkQueue(threadOffsets: schedule.threadOffsets, costs: itemCosts)
                    DispatchQueue.concurrentPerform(iterations: schedule.threadCount) { thread in
                        runThread(thread, queue: queue, run: run, inLanes: inLanes, table: table, sources: sources, targets: targets, parts: parts)
                    }
                }
              }
            }
          }
        }
        parts.merge(into: &output, logSumExp: &logSumExp)
        EmptyTileRows.zero(&output, shape: shape, block: layout.blockSize) { layout.entries(ofRow: $0).isEmpty }
        return AttentionResult(output: AttentionTensor(shape: shape.outputShape, values: output),
                               logSumExp: AttentionTensor(shape: shape.logSumExpShape, values: logSumExp))
    }

    /// Runs work items from `queue` (the thread's share of the schedule, then what it takes
    /// from others), one query head after the other.
    private func runThread(_ thread: Int, queue: WorkQueue, run: TileRun, inLanes: Bool, table: EntryTable, sources: TileSources,
                           targets: TileTargets, parts: PartStorage) {
        let workspace = TileWorkspace(block: run.block, depth: run.shape.depth, valueDepth: run.shape.valueDepth, scale: run.scale)
        defer { workspace.deallocate() }
        while let index = queue.take(thread: thread) {
            let item = schedule.items[index]
            let row = Int(item.row)
            let rows = layout.positions(ofTile: row).count
            let nextRowStart = queue.upcoming(thread: thread).map { Int(schedule.items[$0].row) * run.block }
            for head in 0..<run.shape.queryHeadCount {
                var chunk = 0
                while chunk < rows {
                    let chunkRows = min(TileWorkspace.rowChunk, rows - chunk)
                    let first = row * run.block + chunk
                    let query = sources.query + (head * run.shape.length + first) * run.shape.depth
                    let nextQuery = run.queryRows(after: .init(head: head, chunk: chunk, rows: rows, rowStart: row * run.block,
                                                               nextRowStart: nextRowStart), query: sources.query)
                    if inLanes {
                        workspace.beginLanes(query: query, rows: chunkRows)
                        run.attendLanes(workspace, head: head, entries: item.entryStart..<item.entryEnd, layout: table, sources: sources,
                                        nextQuery: nextQuery)
                        workspace.endLanes()
                    } else {
                        workspace.begin(rows: chunkRows)
                        run.attend(workspace, query: query, head: head, firstRow: first, rows: chunkRows, maskRow: chunk,
                                   entries: item.entryStart..<item.entryEnd, layout: table, sources: sources, nextQuery: nextQuery)
                    }
                    if item.partCount == 1 {
                        workspace.finish(rows: chunkRows, output: targets.output.pointer + (head * run.shape.length + first) * run.shape.valueDepth,
                                         logSumExp: targets.logSumExp.pointer + head * run.shape.length + first)
                    } else {
                        parts.store(workspace, item: index, head: head, rowInTile: chunk, rows: chunkRows)
                    }
                    chunk += chunkRows
                }
            }
        }
    }
}

extension BlockSparseInterpreter {
    /// The number of (query, key) pairs the layout keeps: all pairs of full tiles and
    /// the set bits of partial ones. Attention costs `4 · D · keptPairs` flops per head.
    public var keptPairs: Int { LayoutStatistics(layout: layout, masks: masks).keptPairs }
}
