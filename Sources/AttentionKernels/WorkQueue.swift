// WorkQueue: hands out the work items of a compiled kernel's run to its threads. The items,
// longest first, are cut into one contiguous run per thread of about equal cost, which that
// thread takes front to back — neighbouring rows of a band share most of their key tiles,
// which then stay in that core's cache (taking from one shared front instead interleaved the
// threads' rows, and cost the generated kernels 3–5 % at two threads). A thread whose run is
// done takes the last item of the longest run left, so the threads still finish together
// where the cost estimates are off (a global row whose tiles each keep one query, a band whose
// tiles the residue relabelling halved).

import Foundation

/// Per-thread runs of item indices with stealing, taken under a lock (once per item, not per tile).
public final class WorkQueue: @unchecked Sendable {
    @usableFromInline let order: [Int]
    /// Thread `t`'s run is `order[fronts[t] ..< ends[t]]`.
    @usableFromInline var fronts: [Int]
    @usableFromInline var ends: [Int]
    @usableFromInline let lock = NSLock()

    /// A queue of `order` (`costs[k]` the estimated cost of `order[k]`) for `threadCount` threads.
    public init(order: [Int], costs: [Double], threadCount: Int) {
        precondition(costs.count == order.count && threadCount >= 1, "one cost per item, and at least one thread")
        self.order = order
        let total = costs.reduce(0, +)
        var (boundaries, spent, k) = ([0], 0.0, 0)
        for thread in 1..<threadCount {
            // Run `thread - 1` ends once it holds its share of the cost.
            while k < order.count && spent + costs[k] / 2 < total * Double(thread) / Double(threadCount) {
                spent += costs[k]
                k += 1
            }
            boundaries.append(k)
        }
        fronts = boundaries
        ends = Array(boundaries.dropFirst()) + [order.count]
    }

    /// The next item index for `thread`, or `nil` when every item has been taken.
    @inlinable
    public func take(thread: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        if fronts[thread] < ends[thread] {
            fronts[thread] += 1
            return order[fronts[thread] - 1]
        }
        var (victim, longest) = (-1, 0)
        for other in fronts.indices where ends[other] - fronts[other] > longest {
            (victim, longest) = (other, ends[other] - fronts[other])
        }
        guard victim >= 0 else { return nil }
        ends[victim] -= 1
        return order[ends[victim]]
    }
}
