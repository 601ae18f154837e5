// Tests of what the schedule decides and the numbers cannot hide: rows split into parts
// merged by log-sum-exp, empty rows, logits in the thousands, and determinism.

import AttentionKernels
import BlockSparsePlanner
import PatternLanguage
import Testing

@Suite struct SplitRowTests {
    /// A schedule that splits every row into parts of at most `partSize` entries, dealt to
    /// the threads in a scrambled order.
    static func splitSchedule(_ layout: BlockLayout, partSize: Int, threads: Int) -> Schedule {
        var items: [WorkItem] = []
        for row in 0..<layout.tileCount {
            let entries = layout.entries(ofRow: row)
            guard !entries.isEmpty else { continue }
            let starts = Array(stride(from: entries.lowerBound, to: entries.upperBound, by: partSize))
            for (part, start) in starts.enumerated() {
                items.append(WorkItem(row: Int32(row), entryStart: start, entryEnd: min(start + partSize, entries.upperBound),
                                      part: Int32(part), partCount: Int32(starts.count)))
            }
        }
        var perThread = [[WorkItem]](repeating: [], count: threads)
        for (index, item) in items.reversed().enumerated() { perThread[(index * 7) % threads].append(item) }
        var offsets = [0]
        for thread in perThread { offsets.append(offsets.last! + thread.count) }
        return Schedule(threadCount: threads, items: perThread.flatMap { $0 }, threadOffsets: offsets,
                        threadCosts: perThread.map { Double($0.count) })
    }

    @Test(arguments: [1, 2, 3])
    func splitRowsAreMergedByLogSumExp(partSize: Int) throws {
        try Self.checkSplitRows("pattern p { block 8\n mask global([0, 9]) | local(3) | q >= 30 }", length: 43, heads: 3, depth: 16,
                                valueDepth: 9, partSize: partSize, threads: 1...3)
    }

    /// The same with tiles of 64 and Dv = 16, which CPUs with AVX-512 run with the query rows
    /// in lanes: each part's lanes become row state before it is stored.
    @Test(arguments: [1, 2])
    func splitRowsInLanesAreMergedByLogSumExp(partSize: Int) throws {
        try Self.checkSplitRows("pattern p { block 64\n mask global([0, 70]) | local(40) | q >= 300 }", length: 350, heads: 2, depth: 16,
                                valueDepth: 16, partSize: partSize, threads: 1...2)
    }

    /// Runs the interpreter on `source` with rows split into parts of `partSize` tiles, on
    /// each thread count, against the reference.
    static func checkSplitRows(_ source: String, length: Int, heads: Int, depth: Int, valueDepth: Int, partSize: Int,
                               threads: ClosedRange<Int>, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let pattern = try KernelTestSupport.pattern(source)
        let layout = BlockLayout(pattern: pattern, length: length)
        let masks = PartialTileMasks(pattern: pattern, layout: layout)
        let q = KernelTestSupport.random([heads, length, depth], seed: 20), k = KernelTestSupport.random([heads, length, depth], seed: 21)
        let v = KernelTestSupport.random([heads, length, valueDepth], seed: 22)
        let expected = try ReferenceAttention.run(pattern: pattern, query: q, key: k, value: v)
        for threads in threads {
            let schedule = splitSchedule(layout, partSize: partSize, threads: threads)
            #expect(partSize == 3 || schedule.items.contains { $0.partCount > 1 }, sourceLocation: sourceLocation)
            let actual = try BlockSparseInterpreter(layout: layout, masks: masks, schedule: schedule).run(query: q, key: k, value: v)
            KernelTestSupport.expectClose(actual, expected, "parts of \(partSize), T=\(threads)")
        }
    }

    @Test func emptyPartsAreHarmless() throws {
        // Every row in three parts: its entries, then two parts with no entries at all.
        let pattern = try KernelTestSupport.pattern("pattern p { block 8\n mask local(5) | q == 17 }")
        let length = 26
        let layout = BlockLayout(pattern: pattern, length: length)
        var items: [WorkItem] = []
        for row in 0..<layout.tileCount {
            let entries = layout.entries(ofRow: row)
            items.append(WorkItem(row: Int32(row), entryStart: entries.upperBound, entryEnd: entries.upperBound, part: 2, partCount: 3))
            items.append(WorkItem(row: Int32(row), entryStart: entries.lowerBound, entryEnd: entries.upperBound, part: 1, partCount: 3))
            items.append(WorkItem(row: Int32(row), entryStart: entries.lowerBound, entryEnd: entries.lowerBound, part: 0, partCount: 3))
        }
        let schedule = Schedule(threadCount: 2, items: items, threadOffsets: [0, items.count / 2, items.count], threadCosts: [1, 1])
        let interpreter = BlockSparseInterpreter(layout: layout, masks: PartialTileMasks(pattern: pattern, layout: layout), schedule: schedule)
        let q = KernelTestSupport.random([length, 8], seed: 40), k = KernelTestSupport.random([length, 8], seed: 41)
        let v = KernelTestSupport.random([length, 8], seed: 42)
        KernelTestSupport.expectClose(try interpreter.run(query: q, key: k, value: v), try ReferenceAttention.run(pattern: pattern, query: q, key: k, value: v))
    }

    @Test func emptyRowsGiveZerosAndMinusInfinity() throws {
        // Rows 0 ..< 5 keep nothing; in rows 5 ..< 20 part of a split row keeps nothing.
        let pattern = try KernelTestSupport.pattern("pattern p { block 8\n mask q >= 5 & (k < 2 | k >= 17) & q < 20 }")
        let length = 29
        let layout = BlockLayout(pattern: pattern, length: length)
        let q = KernelTestSupport.random([length, 4], seed: 23), k = KernelTestSupport.random([length, 4], seed: 24)
        let v = KernelTestSupport.random([length, 4], seed: 25)
        let expected = try ReferenceAttention.run(pattern: pattern, query: q, key: k, value: v)
        for schedule in [Schedule(layout: layout, threadCount: 2), Self.splitSchedule(layout, partSize: 1, threads: 2)] {
            let interpreter = BlockSparseInterpreter(layout: layout, masks: PartialTileMasks(pattern: pattern, layout: layout), schedule: schedule)
            let actual = try interpreter.run(query: q, key: k, value: v)
            #expect(!actual.output.values.contains { $0.isNaN } && !actual.logSumExp.values.contains { $0.isNaN })
            for row in Array(0..<5) + Array(20..<length) {
                #expect(actual.logSumExp.values[row] == -.infinity)
                #expect(actual.output.values[row * 4..<row * 4 + 4].allSatisfy { $0 == 0 })
            }
            KernelTestSupport.expectClose(actual, expected)
        }
    }

    @Test func logitsInTheThousandsStayExact() throws {
        // Integer entries make every logit an exact integer in the thousands.
        let pattern = try KernelTestSupport.pattern("pattern p { block 8\n mask causal & local(12) }")
        let length = 30, depth = 16
        let q = AttentionTensor(shape: [length, depth], values: (0..<length * depth).map { Float(($0 * 7) % 13) * 10 - 60 })
        let k = AttentionTensor(shape: [length, depth], values: (0..<length * depth).map { Float(($0 * 5) % 11) - 5 })
        let v = KernelTestSupport.random([length, 8], seed: 26)
        let expected = try ReferenceAttention.run(pattern: pattern, query: q, key: k, value: v, scale: 1)
        #expect(expected.logSumExp.values.contains { abs($0) > 1000 })
        let layout = BlockLayout(pattern: pattern, length: length)
        for schedule in [Schedule(layout: layout, threadCount: 1), Self.splitSchedule(layout, partSize: 1, threads: 2)] {
            let interpreter = BlockSparseInterpreter(layout: layout, masks: PartialTileMasks(pattern: pattern, layout: layout), schedule: schedule)
            let actual = try interpreter.run(query: q, key: k, value: v, scale: 1)
            #expect(actual.output.values.allSatisfy(\.isFinite) && actual.logSumExp.values.allSatisfy(\.isFinite))
            KernelTestSupport.expectClose(actual, expected)
        }
    }

    @Test func sameThreadCountIsBitIdentical() throws {
        let pattern = try KernelTestSupport.pattern("pattern p { block 8\n mask local(9) | global([1]) }")
        let length = 50
        let layout = BlockLayout(pattern: pattern, length: length)
        let masks = PartialTileMasks(pattern: pattern, layout: layout)
        let q = KernelTestSupport.random([2, length, 8], seed: 27), k = KernelTestSupport.random([2, length, 8], seed: 28)
        let v = KernelTestSupport.random([2, length, 8], seed: 29)
        for schedule in [Schedule(layout: layout, threadCount: 3), Self.splitSchedule(layout, partSize: 2, threads: 3)] {
            let interpreter = BlockSparseInterpreter(layout: layout, masks: masks, schedule: schedule)
            let first = try interpreter.run(query: q, key: k, value: v)
            for _ in 0..<5 { #expect(try interpreter.run(query: q, key: k, value: v) == first) }
        }
    }
}
