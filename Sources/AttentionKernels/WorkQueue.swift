// WorkQueue: hands out the work items of a compiled kernel's run to its threads one at a
// time, longest first, so the threads finish together even where the cost estimates that
// ordered them are off (a global row whose tiles each keep one query, a band whose tiles
// the residue relabelling halved).

import Foundation

/// A shared queue of item indices, taken under a lock (once per item, not per tile).
public final class WorkQueue: @unchecked Sendable {
    @usableFromInline let order: [Int]
    @usableFromInline var next = 0
    @usableFromInline let lock = NSLock()

    /// A queue of `order`, taken front to back.
    public init(order: [Int]) {
        self.order = order
    }

    /// The next item index, or `nil` when every item has been taken.
    @inlinable
    public func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < order.count else { return nil }
        next += 1
        return order[next - 1]
    }
}
