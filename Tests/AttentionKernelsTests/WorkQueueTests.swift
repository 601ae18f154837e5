// The queue compiled kernels' threads take work items from: every item exactly once,
// however many threads take at once; each thread's own run in order, cut by cost; and a
// thread whose run is done taking the last item of the longest run left.

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
        let queue = WorkQueue(order: order, costs: order.map { Double($0 % 13 + 1) }, threadCount: threads)
        let taken = Taken()
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            var mine: [Int] = []
            while let item = queue.take(thread: thread) { mine.append(item) }
            taken.add(mine)
        }
        #expect(taken.items.flatMap { $0 }.sorted() == Array(0..<5000))
        #expect((0..<threads).allSatisfy { queue.take(thread: $0) == nil })
        if threads == 1 { #expect(taken.items == [order]) }
    }

    @Test func runsAreCutByCostAndTheIdleStealFromTheBack() {
        // Costs 6, 1, 1, 1, 1, 1, 1: two runs of cost 6 each, [10] and [11 ... 16].
        let queue = WorkQueue(order: Array(10...16), costs: [6, 1, 1, 1, 1, 1, 1], threadCount: 2)
        #expect(queue.take(thread: 1) == 11)
        #expect(queue.take(thread: 0) == 10)
        // Thread 0's run is done: it takes from the back of thread 1's.
        #expect(queue.take(thread: 0) == 16)
        #expect(queue.take(thread: 1) == 12)
        #expect(queue.take(thread: 0) == 15)
        #expect([queue.take(thread: 1), queue.take(thread: 1), queue.take(thread: 1)] == [13, 14, nil])
        #expect(queue.take(thread: 0) == nil)
        #expect(WorkQueue(order: [], costs: [], threadCount: 3).take(thread: 2) == nil)
    }
}
