// The queue compiled kernels' threads take work items from: every item exactly once, in
// the given order, however many threads take at once.

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

    @Test func everyItemIsTakenOnceInOrder() {
        let order = (0..<5000).map { ($0 * 7919) % 5000 }
        let queue = WorkQueue(order: order)
        let taken = Taken()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            var mine: [Int] = []
            while let item = queue.take() { mine.append(item) }
            taken.add(mine)
        }
        #expect(taken.items.flatMap { $0 }.sorted() == Array(0..<5000))
        // Each thread's items appear in the queue's order.
        let rank = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        #expect(taken.items.allSatisfy { list in zip(list, list.dropFirst()).allSatisfy { rank[$0]! < rank[$1]! } })
        #expect(queue.take() == nil && WorkQueue(order: []).take() == nil)
    }
}
