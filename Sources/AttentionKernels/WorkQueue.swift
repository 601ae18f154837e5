// WorkQueue: hands out the work items of a compiled kernel's run to its threads, longest
// first, in chunks of consecutive items (guided self-scheduling by cost): a chunk takes
// items while they cost at most 1/(2 · threads) of the work left. Neighbouring rows of a
// band, which cost the same and share most of their key tiles, then run on one core and
// find those tiles in its cache (one item at a time interleaved the threads' rows and
// cost the generated kernels 3–5 % at two threads); an item costlier than that share,
// such as a part of a global row, is a chunk of its own, so the long items still go first
// to whichever thread is free, and the chunks shrink towards the end, so the threads
// finish together.

import Foundation

/// A shared queue of item indices handed out in chunks, taken under a lock (once per item,
/// not per tile).
public final class WorkQueue: @unchecked Sendable {
    @usableFromInline let order: [Int]
    @usableFromInline let costs: [Double]
    @usableFromInline let threadCount: Int
    /// The first item of `order` no thread has taken, and the cost from it on.
    @usableFromInline var next = 0
    @usableFromInline var remainingCost: Double
    /// Thread `t`'s chunk is `order[fronts[t] ..< ends[t]]`.
    @usableFromInline var fronts: [Int]
    @usableFromInline var ends: [Int]
    @usableFromInline let lock = NSLock()

    /// A queue of `order` (`costs[k]` the estimated cost of `order[k]`, longest first) for
    /// `threadCount` threads.
    public init(order: [Int], costs: [Double], threadCount: Int) {
        precondition(costs.count == order.count && threadCount >= 1, "one cost per item, and at least one thread")
        self.order = order
        self.costs = costs
        self.threadCount = threadCount
        remainingCost = costs.reduce(0, +)
        fronts = Array(repeating: 0, count: threadCount)
        ends = Array(repeating: 0, count: threadCount)
    }

    /// The next item index for `thread` (`0 ..< threadCount`), or `nil` when every item has been taken.
    @inlinable
    public func take(thread: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        if fronts[thread] < ends[thread] {
            fronts[thread] += 1
            return order[fronts[thread] - 1]
        }
        guard next < order.count else { return nil }
        let budget = remainingCost / Double(2 * threadCount)
        var (end, cost) = (next + 1, costs[next])
        while end < order.count && cost + costs[end] <= budget {
            cost += costs[end]
            end += 1
        }
        remainingCost -= cost
        (fronts[thread], ends[thread]) = (next + 1, end)
        defer { next = end }
        return order[next]
    }
}
