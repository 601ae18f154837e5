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

    init(pattern: CheckedPattern, length: Int, threads: Int, heads: Int, headDimension: Int) throws {
        self.pattern = pattern
        self.heads = heads
        self.headDimension = headDimension
        let clock = ContinuousClock()
        var plan: Planner.Plan!
        var masks: PartialTileMasks!
        var schedule: Schedule!
        let layoutTime = try clock.measure { () throws(Diagnostic) in plan = try PlanLimits.layout(pattern, length: length) }
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
