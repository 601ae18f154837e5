// The queue compiled kernels' threads take work items from: every item exactly once,
// however many threads take at once, in the given order; and chunks of items in
// neighbouring rows that cost at most a share of the work left.

import Dispatch
import Foundation
import Testing
import AttentionKernels

@Suite struct WorkQueueTests {
    final class Taken: @unchecked Sendable {
        let lock = NSLock()
        var items: [[Int]] = []
        func add(_ list: [Int]) { lock.lock(); items.append(list); lock.unlock() }
    }

    @Test(arguments: [1, 2, 4, 7])
    func everyItemIsTakenOnce(threads: Int) {
        let order = (0..<5000).map { ($0 * 7919) % 5000 }
        let queue = WorkQueue(order: order, costs: order.map { Double($0 % 13 + 1) }, rows: order.map { $0 / 3 }, threadCount: threads)
        let taken = Taken()
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            var mine: [Int] = []
            while let item = queue.take(thread: thread) { mine.append(item) }
            taken.add(mine)
        }
        #expect(taken.items.flatMap { $0 }.sorted() == Array(0..<5000))
        #expect((0..<threads).allSatisfy { queue.take(thread: $0) == nil })
        // Each thread's items appear in the queue's order.
        let rank = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        #expect(taken.items.allSatisfy { list in zip(list, list.dropFirst()).allSatisfy { rank[$0]! < rank[$1]! } })
        if threads == 1 { #expect(taken.items == [order]) }
    }

    @Test func chunksTakeNeighbouringRowsUpToAShareOfTheWorkLeft() {
        // Two threads: a chunk may cost a quarter of what is left. Costs 20, then 16 of 2
        // (52 in all), items 100 ... 116 in rows 0, 2, 3, ..., 17 (a gap of 3 before row 8):
        // 20 alone; then 2 + 2 + 2 + 2 of the 32 left; then 2 + 2 + 2 of 24 ...
        let rows = [0] + Array(2...7) + Array(10...19)
        let queue = WorkQueue(order: Array(100...116), costs: [20] + Array(repeating: 2, count: 16), rows: rows, threadCount: 2)
        #expect(queue.take(thread: 0) == 100)
        #expect(queue.take(thread: 1) == 101)
        #expect(queue.take(thread: 0) == 105)  // thread 0's chunk is over; 101 ... 104 are thread 1's
        #expect([queue.take(thread: 1), queue.take(thread: 1), queue.take(thread: 1)] == [102, 103, 104])
        #expect(queue.take(thread: 1) == 107)  // 105, 106 were thread 0's: rows 6, 7, then a gap
        var rest: [Int] = []
        while let item = queue.take(thread: 0) { rest.append(item) }
        #expect(rest == [106] + Array(109...116))  // 107, 108 were thread 1's (4 of the 20 left)
        #expect(queue.take(thread: 1) == 108 && queue.take(thread: 1) == nil)
        #expect(WorkQueue(order: [], costs: [], rows: [], threadCount: 3).take(thread: 2) == nil)
    }
}
