// BuiltinBoxes: each built-in mask decided exactly on a box of pairs from its closed
// form. On a box, q - k takes every integer between (q0 - k1) and (q1 - k0), which is
// what makes windows, dilations and strides exact here. Public and inlinable for the
// generated kernels, which classify their tiles with these same rules.

/// Exact box classifications of the built-in masks.
public enum BuiltinBoxes {
    /// `k <= q`.
    @inlinable
    public static func causal(_ box: Box) -> TileState {
        if box.k1 <= box.q0 { return .full }
        if box.k0 > box.q1 { return .empty }
        return .partial
    }

    /// `q - before <= k <= q + after`, that is `-after <= q - k <= before`.
    @inlinable
    public static func window(_ box: Box, before: Int64, after: Int64) -> TileState {
        let (low, high) = (box.q0 - box.k1, box.q1 - box.k0)
        if high < -after || low > before { return .empty }
        if low >= -after && high <= before { return .full }
        return .partial
    }

    /// `abs(q - k) <= reach` and `(q - k) % dilation == 0` (`dilation >= 1`); with an
    /// unbounded reach, the strided mask.
    @inlinable
    public static func dilated(_ box: Box, reach: Int64, dilation: Int64) -> TileState {
        let (low, high) = (box.q0 - box.k1, box.q1 - box.k0)
        let (from, to) = (max(low, -reach), min(high, reach))
        guard from <= to else { return .empty }
        // The first multiple of the dilation at or above `from`.
        let remainder = ((from % dilation) + dilation) % dilation
        let first = remainder == 0 ? from : from + (dilation - remainder)
        guard first <= to else { return .empty }
        let insideReach = low >= -reach && high <= reach
        if insideReach && (dilation == 1 || low == high) { return .full }
        return .partial
    }

    /// `q in set` or `k in set`.
    @inlinable
    public static func global(_ box: Box, _ set: PositionSet) -> TileState {
        if set.covers(box.q0, box.q1) || set.covers(box.k0, box.k1) { return .full }
        if !set.intersects(box.q0, box.q1) && !set.intersects(box.k0, box.k1) { return .empty }
        return .partial
    }

    /// `x in list` for a constant list resolved to `set`, with `x` taking `values`.
    @inlinable
    public static func membership(_ values: IntegerRange, _ set: PositionSet) -> TileState {
        if !set.intersects(values.lower, values.upper) { return .empty }
        return set.covers(values.lower, values.upper) ? .full : .unknown
    }

    /// `k < count`.
    @inlinable
    public static func sink(_ box: Box, count: Int64) -> TileState {
        if box.k1 < count { return .full }
        if box.k0 >= count { return .empty }
        return .partial
    }

    /// How many of the ascending `values` lie in `lower ... upper`.
    @inlinable
    public static func countInRange(_ values: [Int64], _ lower: Int64, _ upper: Int64) -> Int64 {
        @inline(__always) func firstIndex(atLeast bound: Int64) -> Int {
            var low = 0, high = values.count
            while low < high {
                let middle = (low + high) / 2
                if values[middle] < bound { low = middle + 1 } else { high = middle }
            }
            return low
        }
        return Int64(firstIndex(atLeast: upper == .max ? .max : upper + 1) - firstIndex(atLeast: lower))
    }
}
