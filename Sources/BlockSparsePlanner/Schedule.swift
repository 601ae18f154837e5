// Schedule: a layout's work split over threads. A work item is a run of one query-tile
// row's entries; a row split into several items has its partial results merged by
// log-sum-exp.

/// One piece of work: some consecutive kept tiles of one row of query tiles.
public struct WorkItem: Sendable, Hashable {
    /// The row of query tiles.
    public var row: Int32
    /// The first entry (index into the layout's `columns`).
    public var entryStart: Int
    /// One past the last entry.
    public var entryEnd: Int
    /// Which part of its row this is, `0 ..< partCount`; rows that are not split have one part.
    public var part: Int32
    /// How many parts the row is split into; more than one means the kernel must merge
    /// the parts' outputs by their log-sum-exp.
    public var partCount: Int32

    /// Makes a work item.
    public init(row: Int32, entryStart: Int, entryEnd: Int, part: Int32, partCount: Int32) {
        self.row = row
        self.entryStart = entryStart
        self.entryEnd = entryEnd
        self.part = part
        self.partCount = partCount
    }
}

/// The work of a layout split over `threadCount` threads.
///
/// Thread `t` runs `items[threadOffsets[t] ..< threadOffsets[t + 1]]` in order. Every kept
/// tile of the layout belongs to exactly one item; every row with at least one kept tile
/// has at least one item, and the parts of a split row are numbered `0 ..< partCount`.
public struct Schedule: Sendable, Hashable {
    /// The number of threads.
    public let threadCount: Int
    /// The work items, grouped by thread.
    public let items: [WorkItem]
    /// Where each thread's items start; `threadCount + 1` offsets.
    public let threadOffsets: [Int]
    /// The estimated cost of each thread's items, in the unit of ``TileCost``.
    public let threadCosts: [Double]

    /// Makes a schedule from its arrays.
    public init(threadCount: Int, items: [WorkItem], threadOffsets: [Int], threadCosts: [Double]) {
        precondition(threadOffsets.count == threadCount + 1 && threadCosts.count == threadCount)
        self.threadCount = threadCount
        self.items = items
        self.threadOffsets = threadOffsets
        self.threadCosts = threadCosts
    }

    /// The items of thread `thread`.
    public func items(ofThread thread: Int) -> ArraySlice<WorkItem> {
        items[threadOffsets[thread]..<threadOffsets[thread + 1]]
    }

    /// The largest thread cost over the mean: 1 is a perfect balance.
    public var imbalance: Double {
        let total = threadCosts.reduce(0, +)
        guard total > 0 else { return 1 }
        return (threadCosts.max() ?? 0) / (total / Double(threadCount))
    }
}

/// The relative cost of a tile, used to balance schedules.
public enum TileCost {
    /// A full tile costs 1.
    public static let full = 1.0
    /// A partial tile also evaluates its element mask.
    public static let partial = 1.25
}
