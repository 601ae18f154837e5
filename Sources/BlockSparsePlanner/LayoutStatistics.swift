// LayoutStatistics: what a layout keeps and costs — tiles by kind, exact kept pairs,
// density, FLOPs — and the memory the kernels will need to run it.

/// Counts and costs of a layout, with its partial tiles' masks for the exact pair count.
///
/// ```swift
/// let statistics = LayoutStatistics(layout: layout, masks: masks)
/// statistics.density        // kept pairs / N²
/// ```
public struct LayoutStatistics: Sendable, Hashable {
    /// Tiles per side.
    public var tilesPerSide: Int
    /// Full tiles.
    public var fullTiles: Int
    /// Partial tiles.
    public var partialTiles: Int
    /// Tiles absent from the layout: `tilesPerSide² − full − partial`.
    public var emptyTiles: Int
    /// The exact number of kept (q, k) pairs.
    public var keptPairs: Int
    /// Pairs inside kept tiles: the work the kernels do, kept or masked.
    public var computedPairs: Int
    /// Kept pairs over N².
    public var density: Double
    /// Distinct partial-tile masks.
    public var partialShapes: Int

    /// Computes the statistics of `layout`; `masks` must be that layout's.
    public init(layout: BlockLayout, masks: PartialTileMasks) {
        tilesPerSide = layout.tileCount
        var (full, partial, kept, computed) = (0, 0, 0, 0)
        var keptPerShape = [Int](repeating: -1, count: masks.shapeCount)
        let shapeWords = masks.blockSize * masks.wordsPerRow
        for row in 0..<layout.tileCount {
            let rows = layout.positions(ofTile: row).count
            for entry in layout.entries(ofRow: row) {
                let area = rows * layout.positions(ofTile: Int(layout.columns[entry])).count
                computed += area
                if layout.kinds[entry] == .full {
                    full += 1
                    kept += area
                } else {
                    partial += 1
                    let shape = Int(masks.shapeOfEntry[entry])
                    if keptPerShape[shape] < 0 {
                        keptPerShape[shape] = masks.words[shape * shapeWords..<(shape + 1) * shapeWords].reduce(0) { $0 + $1.nonzeroBitCount }
                    }
                    kept += keptPerShape[shape]
                }
            }
        }
        (fullTiles, partialTiles, keptPairs, computedPairs) = (full, partial, kept, computed)
        emptyTiles = layout.tileCount * layout.tileCount - full - partial
        density = Double(kept) / (Double(layout.length) * Double(layout.length))
        partialShapes = masks.shapeCount
    }

    /// Useful floating-point operations of attention over the kept pairs: `4 · D · pairs`
    /// per head (`2·D` for Q·Kᵀ and `2·D` for P·V, with `Dv = D`).
    public func usefulFLOPs(headDimension: Int, heads: Int) -> Double {
        4 * Double(headDimension) * Double(heads) * Double(keptPairs)
    }
}

/// The memory a forward pass over a layout needs, in bytes.
public struct KernelMemory: Sendable, Hashable {
    /// Q, K, V, the output and the log-sum-exp, as Float32.
    public var tensors: Int
    /// The layout's arrays and the partial tiles' masks.
    public var plan: Int
    /// Per-thread scratch (a tile of scores, packed K, the accumulators) and the partial
    /// results of split rows waiting to be merged.
    public var scratch: Int
    /// Everything.
    public var total: Int { tensors + plan + scratch }

    /// The estimate for `heads` query heads (as many key/value heads), head size `D`,
    /// value size `Dv`, on `schedule`'s threads.
    public init(layout: BlockLayout, masks: PartialTileMasks, schedule: Schedule, heads: Int, headDimension: Int, valueDimension: Int) {
        let n = layout.length, b = layout.blockSize
        tensors = 4 * heads * n * (2 * headDimension + 2 * valueDimension + 1)
        plan = 8 * layout.rowOffsets.count + 5 * layout.entryCount + 8 * masks.words.count + 4 * masks.shapeOfEntry.count
            + MemoryLayout<WorkItem>.stride * schedule.items.count
        let perThread = 4 * b * (b + headDimension + 2 * valueDimension + 2)
        let splitItems = schedule.items.filter { $0.partCount > 1 }.count
        scratch = schedule.threadCount * perThread + splitItems * heads * 4 * b * (valueDimension + 2)
    }
}
