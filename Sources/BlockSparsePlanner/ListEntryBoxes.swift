// ListEntryBoxes: what one entry of `x in [ ... ]` keeps of a box when the entry depends on
// the positions (`k in [q - 1, q + 1...q + 3]`), from the ranges that x and the entry's
// bounds take on the box. A negative entry counts from the end (e stands for n + e), so an
// entry's values map to at most two pieces; the rules use their hull. They are sound for
// any ranges and exact when every range is a single value. Public and inlinable for the
// generated kernels, whose tile states use the planner's rules.

extension BuiltinBoxes {
    /// The values `e < 0 ? length + e : e` takes for `e` in `entry`, as one range: the
    /// negative part moved up by `length`, joined with the rest.
    @inlinable
    public static func resolvedFromEnd(_ entry: IntegerRange, length: Int64) -> IntegerRange {
        if entry.lower >= 0 { return entry }
        // A negative e plus a positive length can not overflow.
        if entry.upper < 0 { return IntegerRange(lower: entry.lower &+ length, upper: entry.upper &+ length) }
        return IntegerRange(lower: min(entry.lower &+ length, 0), upper: max(entry.upper, length - 1))
    }

    /// `x == e` for the entry `e` (counted from the end when negative), with `x` taking `values`.
    @inlinable
    public static func listEntry(_ values: IntegerRange, equals entry: IntegerRange, length: Int64) -> TileState {
        let resolved = resolvedFromEnd(entry, length: length)
        if values.upper < resolved.lower || values.lower > resolved.upper { return .empty }
        // Two single values that meet are equal.
        return values.isSingle && resolved.isSingle ? .full : .unknown
    }

    /// `low <= x < high` (`<=` when `inclusive`) for the entry `low..<high` or `low...high`
    /// (each bound counted from the end when negative), with `x` taking `values`.
    @inlinable
    public static func listEntry(_ values: IntegerRange, from low: IntegerRange, to high: IntegerRange, inclusive: Bool,
                                 length: Int64) -> TileState {
        let (first, last) = (resolvedFromEnd(low, length: length), resolvedFromEnd(high, length: length))
        // Below every start, past every end, or a range that is empty wherever it is.
        func beyond(_ value: Int64, _ end: Int64) -> Bool { inclusive ? value > end : value >= end }
        if values.upper < first.lower || beyond(values.lower, last.upper) || beyond(first.lower, last.upper) { return .empty }
        // At or past every start and short of every end.
        if values.lower >= first.upper && !beyond(values.upper, last.lower) { return .full }
        return .unknown
    }
}
