// WorkQueue: hands out the work items of a compiled kernel's run to its threads, longest
// first, in chunks of neighbouring rows (guided self-scheduling by cost): a chunk takes
// items in a run of rows at most 2 apart while they cost at most 1/(2 · threads) of the
// work left. The rows of a band, which cost the same and share most of their key tiles,
// then run on one core and find those tiles in its cache (one item at a time interleaved
// the threads' rows and cost the generated kernels 3–5 % at two threads); items far apart,
// such as the parts of two global rows, go one at a time to whichever thread is free (in
// one chunk they could leave the other thread idle when their estimates were low), and
// the chunks shrink towards the end, so the threads finish together.

import Foundation

/// A shared queue of item indices handed out in chunks, taken under a lock (once per item,
/// not per tile).
public final class WorkQueue: @unchecked Sendable {
    @usableFromInline let order: [Int]
    @usableFromInline let costs: [Double]
    @usableFromInline let rows: [Int]
    @usableFromInline let threadCount: Int
    /// The first item of `order` no thread has taken, and the cost from it on.
    @usableFromInline var next = 0
    @usableFromInline var remainingCost: Double
    /// Thread `t`'s chunk is `order[fronts[t] ..< ends[t]]`.
    @usableFromInline var fronts: [Int]
    @usableFromInline var ends: [Int]
    @usableFromInline let lock = NSLock()

    /// A queue of `order` (`costs[k]` the estimated cost of `order[k]`, longest first, and
    /// `rows[k]` its row of query tiles) for `threadCount` threads.
    public init(order: [Int], costs: [Double], rows: [Int], threadCount: Int) {
        precondition(costs.count == order.count && rows.count == order.count && threadCount >= 1,
                     "one cost and one row per item, and at least one thread")
        self.order = order
        self.costs = costs
        self.rows = rows
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
        while end < order.count && cost + costs[end] <= budget && abs(rows[end] - rows[end - 1]) <= 2 {
            cost += costs[end]
            end += 1
        }
        remainingCost -= cost
        (fronts[thread], ends[thread]) = (next + 1, end)
        defer { next = end }
        return order[next]
    }
}
