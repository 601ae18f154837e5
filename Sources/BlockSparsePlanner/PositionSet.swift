// PositionSet: a constant list of positions (a `global` list, a constant `in` list)
// resolved for one `n` into sorted, disjoint, inclusive intervals, so that "how many of
// q0...q1 are in the list" is a binary search, however long the list.

import PatternLanguage

/// A set of positions as sorted, disjoint, non-adjacent inclusive intervals.
public struct PositionSet: Sendable, Hashable {
    /// Interval starts, ascending.
    public private(set) var starts: [Int64] = []
    /// Interval ends (inclusive), parallel to `starts`.
    public private(set) var ends: [Int64] = []

    /// Resolves list items for sequence length `length`: negative entries and range ends
    /// count from the end (`e` stands for `length + e`, wrapping), exactly as the
    /// evaluator reads them. With `positionsOnly` (a `global` list, which only `q` and `k`
    /// are compared with), values outside `0 ..< length` are dropped; without it (an `in`
    /// list, which any integer can be tested against), every value is kept.
    public init(_ items: [ListItem], length: Int64, positionsOnly: Bool = true) {
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
            if positionsOnly {
                low = max(low, 0)
                high = min(high, length - 1)
            }
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
    }

    /// Whether the set is empty.
    public var isEmpty: Bool { starts.isEmpty }

    /// The index of the last interval starting at or before `position`, or -1.
    @inlinable
    func lastInterval(startingAtOrBefore position: Int64) -> Int {
        var low = 0, high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] <= position { low = middle + 1 } else { high = middle }
        }
        return low - 1
    }

    /// Whether some value of `lower ... upper` is in the set.
    @inlinable
    public func intersects(_ lower: Int64, _ upper: Int64) -> Bool {
        guard lower <= upper else { return false }
        let index = lastInterval(startingAtOrBefore: upper)
        return index >= 0 && ends[index] >= lower
    }

    /// Whether every value of `lower ... upper` is in the set.
    @inlinable
    public func covers(_ lower: Int64, _ upper: Int64) -> Bool {
        guard lower <= upper else { return true }
        let index = lastInterval(startingAtOrBefore: lower)
        return index >= 0 && ends[index] >= upper
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
