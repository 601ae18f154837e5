// Saturating: integer bounds that stop at Int64's limits instead of wrapping — window and
// dilation reaches near Int64.max — for the planner and, inlined, the generated kernels.

/// Integer bounds that stop at Int64's limits instead of wrapping.
public enum Saturating {
    /// `value - amount`, or Int64.min.
    @inlinable
    public static func subtract(_ value: Int64, _ amount: Int64) -> Int64 {
        let (result, overflow) = value.subtractingReportingOverflow(amount)
        return overflow ? (amount > 0 ? .min : .max) : result
    }

    /// `value + amount`, or Int64.max.
    @inlinable
    public static func add(_ value: Int64, _ amount: Int64) -> Int64 {
        let (result, overflow) = value.addingReportingOverflow(amount)
        return overflow ? (amount > 0 ? .max : .min) : result
    }
}
