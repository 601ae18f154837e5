// PlanReport: a planned pattern with everything `plan` prints — layout, masks, schedule,
// statistics and timings — and its two renderings, a readable summary and JSON.

import BlockSparsePlanner
import PatternLanguage

struct PlanReport {
    var pattern: CheckedPattern
    var plan: Planner.Plan
    var masks: PartialTileMasks
    var schedule: Schedule
    var statistics: LayoutStatistics
    var memory: KernelMemory
    var heads: Int
    var headDimension: Int
    /// Seconds spent planning the layout, building the masks, and scheduling.
    var seconds: (layout: Double, masks: Double, schedule: Double)

    /// The most tiles per side `plan` accepts: the row offsets alone take 8 bytes a row.
    static let maximumTilesPerSide = 1 << 24
    /// The most kept tiles `plan` lays out: 2²⁶ tiles take 320 MiB of CSR arrays, and
    /// kernels would compute 2²⁶ · 4096 pairs per head at B = 64 — hours of work.
    static let maximumKeptTiles = 1 << 26

    init(pattern: CheckedPattern, length: Int, threads: Int, heads: Int, headDimension: Int) throws {
        let tiles = (length + pattern.blockSize - 1) / pattern.blockSize
        guard tiles <= Self.maximumTilesPerSide else {
            throw Diagnostic(.error, "N = \(length) with block \(pattern.blockSize) makes \(tiles) tiles per side; the planner accepts at most \(Self.maximumTilesPerSide)",
                             hint: "use a larger block or a shorter sequence")
        }
        self.pattern = pattern
        self.heads = heads
        self.headDimension = headDimension
        let clock = ContinuousClock()
        var plan: Planner.Plan!
        var masks: PartialTileMasks!
        var schedule: Schedule!
        var tooMany: Planner.TooManyTiles?
        let layoutTime = clock.measure {
            do throws(Planner.TooManyTiles) { plan = try Planner.plan(pattern, length: length, maximumTiles: Self.maximumKeptTiles) } catch { tooMany = error }
        }
        if let tooMany {
            throw Diagnostic(.error, "the layout of '\(pattern.name)' at N = \(length) keeps more than \(tooMany.limit) tiles (more than \(Format.bytes(5 * tooMany.limit)) of layout) by row \(tooMany.row) of \(tooMany.tilesPerSide); planning stopped",
                             hint: "a pattern this dense is better run as dense attention, or with a shorter sequence or a larger block")
        }
        let masksTime = clock.measure { masks = PartialTileMasks(pattern: pattern, layout: plan.layout) }
        let scheduleTime = clock.measure { schedule = Schedule(layout: plan.layout, threadCount: threads) }
        self.plan = plan
        self.masks = masks
        self.schedule = schedule
        statistics = LayoutStatistics(layout: plan.layout, masks: masks)
        memory = KernelMemory(layout: plan.layout, masks: masks, schedule: schedule, heads: heads, headDimension: headDimension, valueDimension: headDimension)
        seconds = (Self.seconds(layoutTime), Self.seconds(masksTime), Self.seconds(scheduleTime))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    /// The tile lists of one kind, per row, ascending.
    func tileLists(_ kind: TileKind) -> (counts: [JSON], indices: [JSON]) {
        let layout = plan.layout
        var counts: [JSON] = [], indices: [JSON] = []
        for row in 0..<layout.tileCount {
            let columns = layout.entries(ofRow: row).filter { layout.kinds[$0] == kind }.map { JSON.integer(Int64(layout.columns[$0])) }
            counts.append(.integer(Int64(columns.count)))
            indices.append(.array(columns))
        }
        return (counts, indices)
    }
}
