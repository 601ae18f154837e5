// Scheduler: a layout's tiles spread over threads.
// TEMPORARY: whole rows round-robin until the balancing scheduler lands (issue 3).

extension Schedule {
    /// A schedule of `layout` over `threadCount` threads (`threadCount >= 1`).
    public init(layout: BlockLayout, threadCount: Int) {
        var perThread = [[WorkItem]](repeating: [], count: threadCount)
        var costs = [Double](repeating: 0, count: threadCount)
        for row in 0..<layout.tileCount where !layout.entries(ofRow: row).isEmpty {
            let entries = layout.entries(ofRow: row)
            let thread = row % threadCount
            perThread[thread].append(WorkItem(row: Int32(row), entryStart: entries.lowerBound, entryEnd: entries.upperBound, part: 0, partCount: 1))
            costs[thread] += entries.reduce(0) { $0 + (layout.kinds[$1] == .full ? TileCost.full : TileCost.partial) }
        }
        var offsets = [0]
        for items in perThread { offsets.append(offsets.last! + items.count) }
        self.init(threadCount: threadCount, items: perThread.flatMap { $0 }, threadOffsets: offsets, threadCosts: costs)
    }
}
