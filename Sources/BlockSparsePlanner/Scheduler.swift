// Scheduler: a layout's tiles spread over threads so that they finish together. Rows
// costlier than a chunk (a global query row touches every tile) are cut into parts whose
// results the kernels merge by log-sum-exp; the items then go, largest first, to the
// least loaded thread (LPT), which bounds the finish time by the mean plus one chunk.

extension Schedule {
    /// How many chunks per thread the total work is cut into at most: smaller chunks
    /// balance better and cost more merges.
    public static let chunksPerThread = 8

    /// A balanced schedule of `layout` over `threadCount` threads (`threadCount >= 1`).
    ///
    /// Every kept tile is in exactly one item. A row costing more than a chunk,
    /// `max(total / (8T), 4 partial tiles)`, is cut into parts of about a chunk each, so
    /// no item costs much more than a chunk, and no thread's cost exceeds the mean by
    /// more than its costliest item; ``imbalance`` reports the result.
    public init(layout: BlockLayout, threadCount: Int) {
        precondition(threadCount >= 1, "a schedule needs at least one thread")
        let cost = { (entry: Int) -> Double in layout.kinds[entry] == .full ? TileCost.full : TileCost.partial }
        var rowCosts = [Double](repeating: 0, count: layout.tileCount)
        var total = 0.0
        for row in 0..<layout.tileCount {
            for entry in layout.entries(ofRow: row) { rowCosts[row] += cost(entry) }
            total += rowCosts[row]
        }
        let chunkLimit = threadCount == 1 ? Double.infinity : max(total / Double(threadCount * Self.chunksPerThread), 4 * TileCost.partial)
        var items: [(item: WorkItem, cost: Double)] = []
        for row in 0..<layout.tileCount where !layout.entries(ofRow: row).isEmpty {
            let entries = layout.entries(ofRow: row)
            let parts = rowCosts[row] > chunkLimit ? min(entries.count, Int((rowCosts[row] / chunkLimit).rounded(.up))) : 1
            // Cut where the running cost passes each equal share of the row's cost.
            var pieces: [(range: Range<Int>, cost: Double)] = []
            var (pieceStart, pieceCost, running) = (entries.lowerBound, 0.0, 0.0)
            for entry in entries {
                pieceCost += cost(entry)
                running += cost(entry)
                if pieces.count < parts - 1 && running >= rowCosts[row] * Double(pieces.count + 1) / Double(parts) {
                    pieces.append((pieceStart..<entry + 1, pieceCost))
                    (pieceStart, pieceCost) = (entry + 1, 0)
                }
            }
            if pieceStart < entries.upperBound { pieces.append((pieceStart..<entries.upperBound, pieceCost)) }
            for (part, piece) in pieces.enumerated() {
                let item = WorkItem(row: Int32(row), entryStart: piece.range.lowerBound, entryEnd: piece.range.upperBound, part: Int32(part), partCount: Int32(pieces.count))
                items.append((item, piece.cost))
            }
        }
        // Largest first to the least loaded thread; ties by row, so the result is deterministic.
        let order = items.indices.sorted { items[$0].cost != items[$1].cost ? items[$0].cost > items[$1].cost : $0 < $1 }
        var perThread = [[Int]](repeating: [], count: threadCount)
        var costs = [Double](repeating: 0, count: threadCount)
        for index in order {
            let thread = costs.indices.min { costs[$0] != costs[$1] ? costs[$0] < costs[$1] : $0 < $1 }!
            perThread[thread].append(index)
            costs[thread] += items[index].cost
        }
        var offsets = [0]
        var flat: [WorkItem] = []
        for indices in perThread {
            flat.append(contentsOf: indices.sorted().map { items[$0].item })
            offsets.append(flat.count)
        }
        self.init(threadCount: threadCount, items: flat, threadOffsets: offsets, threadCosts: costs)
    }
}
