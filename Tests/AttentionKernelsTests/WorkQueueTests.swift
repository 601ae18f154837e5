// The queue compiled kernels' threads take work items from: every item exactly once,
// however many threads take at once; each thread its own share front to back, then the
// last items of the thread with the most work left.

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
        let count = 5000
        // Uneven shares (the last thread owns most), so that stealing happens.
        let offsets = (0...threads).map { $0 == threads ? count : ($0 * $0 * count) / (threads * threads) }
        let queue = WorkQueue(threadOffsets: offsets, costs: (0..<count).map { Double($0 % 13 + 1) })
        let taken = Taken()
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            var mine: [Int] = []
            while let item = queue.take(thread: thread) { mine.append(item) }
            taken.add(mine)
        }
        #expect(taken.items.flatMap { $0 }.sorted() == Array(0..<count))
        #expect((0..<threads).allSatisfy { queue.take(thread: $0) == nil })
        if threads == 1 { #expect(taken.items == [Array(0..<count)]) }
    }

    @Test func aThreadRunsItsShareThenStealsFromTheEndOfTheBusiestThread() {
        // Three threads own items 0 ..< 4, 4 ..< 6 and 6 ..< 9, each costing 1 but
        // item 5 (10) and item 7 (5).
        let costs = [1, 1, 1, 1, 1, 10, 1, 5, 1].map(Double.init)
        let queue = WorkQueue(threadOffsets: [0, 4, 6, 9], costs: costs)
        #expect([queue.take(thread: 1), queue.take(thread: 2), queue.take(thread: 1)] == [4, 6, 5])
        // Thread 1's share is over. Thread 0 has 4 left and thread 2 has 6: take thread
        // 2's last item, then (5 left against 4) its other one, then thread 0's last.
        #expect([queue.take(thread: 1), queue.take(thread: 1), queue.take(thread: 1)] == [8, 7, 3])
        #expect(queue.take(thread: 2) == 2)
        #expect([queue.take(thread: 0), queue.take(thread: 0), queue.take(thread: 0)] == [0, 1, nil])
        #expect(queue.take(thread: 1) == nil && queue.take(thread: 2) == nil)
        #expect(WorkQueue(threadOffsets: [0, 0, 0, 0], costs: []).take(thread: 2) == nil)
    }

    @Test func upcomingIsTheNextItemOfTheThreadsOwnShareOnly() {
        let queue = WorkQueue(threadOffsets: [0, 2, 3], costs: [1, 1, 1])
        #expect(queue.upcoming(thread: 0) == 0 && queue.upcoming(thread: 1) == 2)
        #expect(queue.take(thread: 0) == 0)
        // Asking takes nothing.
        #expect(queue.upcoming(thread: 0) == 1 && queue.upcoming(thread: 0) == 1)
        #expect(queue.take(thread: 0) == 1)
        // Thread 0's share is over: what it steals next is not announced.
        #expect(queue.upcoming(thread: 0) == nil)
        #expect(queue.take(thread: 0) == 2)
        #expect(queue.upcoming(thread: 1) == nil && queue.take(thread: 1) == nil)
    }
}
