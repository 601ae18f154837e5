// PositionSet: a constant list of positions (a `global` list, a constant `in` list)
// resolved for one `n` into sorted, disjoint, inclusive intervals, so that "how many of
// q0...q1 are in the list" is two binary searches, however long the list.

import PatternLanguage

/// A set of positions as sorted, disjoint, non-adjacent inclusive intervals.
public struct PositionSet: Sendable, Hashable {
    /// Interval starts, ascending.
    public private(set) var starts: [Int64] = []
    /// Interval ends (inclusive), parallel to `starts`.
    public private(set) var ends: [Int64] = []
    /// `prefix[i]` is the number of positions in intervals `0 ..< i`.
    @usableFromInline
    var prefix: [Int64] = [0]

    /// Resolves list items for sequence length `length`: negative entries and range ends
    /// count from the end (`e` stands for `length + e`), exactly as the evaluator reads
    /// them. Positions outside `0 ..< length` are dropped: no `q` or `k` can equal them.
    public init(_ items: [ListItem], length: Int64) {
        func fromEnd(_ value: Int64) -> Int64 { value < 0 ? length &+ value : value }
        var intervals: [(Int64, Int64)] = []
        for item in items {
            var low: Int64, high: Int64
            switch item {
            case .element(let value):
                low = fromEnd(value); high = low
            case .range(let lower, let upper, let inclusive):
                low = fromEnd(lower)
                high = fromEnd(upper)
                if !inclusive {
                    if high == .min { continue }
                    high -= 1
                }
            }
            low = max(low, 0)
            high = min(high, length - 1)
            if low <= high { intervals.append((low, high)) }
        }
        intervals.sort { $0.0 < $1.0 }
        for (low, high) in intervals {
            if let last = ends.last, low <= last &+ 1, last != .max {
                ends[ends.count - 1] = max(last, high)
            } else {
                starts.append(low)
                ends.append(high)
            }
        }
        for index in starts.indices { prefix.append(prefix[index] + ends[index] - starts[index] + 1) }
    }

    /// Whether the set is empty.
    public var isEmpty: Bool { starts.isEmpty }

    /// How many positions `p` with `p <= position` are in the set.
    @inlinable
    func countThrough(_ position: Int64) -> Int64 {
        // The first interval starting after `position`.
        var low = 0, high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] <= position { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return 0 }
        let last = low - 1
        return prefix[last] + min(ends[last], position) - starts[last] + 1
    }

    /// How many positions of `lower ... upper` are in the set.
    @inlinable
    public func count(from lower: Int64, through upper: Int64) -> Int64 {
        guard lower <= upper else { return 0 }
        return countThrough(upper) - (lower == .min ? 0 : countThrough(lower - 1))
    }

    /// The set's intervals mapped to columns of `block` positions, merged.
    public func columns(block: Int64) -> [ClosedRange<Int64>] {
        var result: [ClosedRange<Int64>] = []
        for (start, end) in zip(starts, ends) {
            let range = start / block...end / block
            if let last = result.last, range.lowerBound <= last.upperBound + 1 {
                result[result.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }
}
