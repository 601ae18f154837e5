// Schedules: every kept tile scheduled exactly once, split rows numbered and contiguous,
// and the balance bound (max thread cost ≤ mean + the costliest item) held.

import Testing
import PatternLanguage
@testable import BlockSparsePlanner

@Suite struct ScheduleTests {
    static func expectValid(_ schedule: Schedule, of layout: BlockLayout, sourceLocation: SourceLocation = #_sourceLocation) {
        var seen = [Int](repeating: 0, count: layout.entryCount)
        var parts: [Int32: [WorkItem]] = [:]
        var maximumItem = 0.0
        for thread in 0..<schedule.threadCount {
            var cost = 0.0
            for item in schedule.items(ofThread: thread) {
                #expect(layout.entries(ofRow: Int(item.row)).contains(item.entryStart), sourceLocation: sourceLocation)
                #expect(item.entryEnd <= layout.entries(ofRow: Int(item.row)).upperBound && item.entryStart < item.entryEnd, sourceLocation: sourceLocation)
                var itemCost = 0.0
                for entry in item.entryStart..<item.entryEnd {
                    seen[entry] += 1
                    itemCost += layout.kinds[entry] == .full ? TileCost.full : TileCost.partial
                }
                maximumItem = max(maximumItem, itemCost)
                cost += itemCost
                parts[item.row, default: []].append(item)
            }
            #expect(abs(cost - schedule.threadCosts[thread]) < 1e-9, sourceLocation: sourceLocation)
        }
        #expect(seen.allSatisfy { $0 == 1 }, "every kept tile is scheduled exactly once", sourceLocation: sourceLocation)
        for row in 0..<layout.tileCount where !layout.entries(ofRow: row).isEmpty {
            let items = (parts[Int32(row)] ?? []).sorted { $0.part < $1.part }
            #expect(items.map(\.part) == Array(0..<Int32(items.count)), sourceLocation: sourceLocation)
            #expect(items.allSatisfy { $0.partCount == Int32(items.count) }, sourceLocation: sourceLocation)
            #expect(items.first?.entryStart == layout.entries(ofRow: row).lowerBound, sourceLocation: sourceLocation)
            for (a, b) in zip(items, items.dropFirst()) { #expect(a.entryEnd == b.entryStart, sourceLocation: sourceLocation) }
        }
        let mean = schedule.threadCosts.reduce(0, +) / Double(schedule.threadCount)
        #expect(schedule.threadCosts.max()! <= mean + maximumItem + 1e-9, sourceLocation: sourceLocation)
    }

    @Test func bundledPatternsOverOneToFourThreads() throws {
        for declaration in try PlannerTestSupport.bundledDeclarations() {
            let pattern = try declaration.bind(overrides: [])
            let layout = BlockLayout(pattern: pattern, length: 5000)
            for threads in 1...4 {
                let schedule = Schedule(layout: layout, threadCount: threads)
                Self.expectValid(schedule, of: layout)
                if threads == 1 { #expect(schedule.items.allSatisfy { $0.partCount == 1 }) }
            }
        }
    }

    @Test func globalRowsAreSplitAndBalanced() throws {
        let pattern = try PlannerTestSupport.pattern("pattern p { block 64 mask local(64) | global([0, -1]) }")
        let layout = BlockLayout(pattern: pattern, length: 65_536)
        let schedule = Schedule(layout: layout, threadCount: 2)
        Self.expectValid(schedule, of: layout)
        #expect(schedule.items.contains { $0.row == 0 && $0.partCount > 1 })
        #expect(schedule.imbalance < 1.1, "imbalance \(schedule.imbalance)")
    }

    @Test func emptyLayoutsAndMoreThreadsThanRows() throws {
        let empty = BlockLayout(pattern: try PlannerTestSupport.pattern("pattern p { mask false }"), length: 100)
        let schedule = Schedule(layout: empty, threadCount: 3)
        #expect(schedule.items.isEmpty && schedule.imbalance == 1)
        let tiny = BlockLayout(pattern: try PlannerTestSupport.pattern("pattern p { mask true }"), length: 1)
        Self.expectValid(Schedule(layout: tiny, threadCount: 8), of: tiny)
    }
}

@Suite struct PlanLimitTests {
    @Test func planningStopsAtTheTileLimit() throws {
        let pattern = try PlannerTestSupport.pattern("pattern p { block 8 mask true }")
        #expect(throws: Planner.TooManyTiles(limit: 100, row: 7, tilesPerSide: 13)) {
            try Planner.plan(pattern, length: 100, maximumTiles: 100)
        }
        #expect(try Planner.plan(pattern, length: 100, maximumTiles: 169).layout.entryCount == 169)
    }
}
