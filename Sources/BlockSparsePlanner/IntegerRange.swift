// IntegerRange: interval arithmetic over the language's Int, for deciding a comparison
// on a whole box of pairs at once. Exact on single values (wrapping, floor division,
// `x / 0 == 0`, `x % 0 == x`, as the evaluator computes); on wider ranges a bound that
// could wrap gives up to the whole Int64 range rather than guess.

import PatternLanguage

/// The values an integer expression can take over a box: `lower ... upper`.
public struct IntegerRange: Sendable, Equatable {
    /// The smallest value.
    public var lower: Int64
    /// The largest value.
    public var upper: Int64

    /// Every Int64.
    public static let all = IntegerRange(lower: .min, upper: .max)

    /// A single value.
    @inlinable
    public init(_ value: Int64) { (lower, upper) = (value, value) }

    /// The values `lower ... upper`.
    @inlinable
    public init(lower: Int64, upper: Int64) { (self.lower, self.upper) = (lower, upper) }

    /// Whether the range holds one value.
    @inlinable
    public var isSingle: Bool { lower == upper }

    /// A bound computed with an overflow flag, as `addingReportingOverflow` and its kin return.
    @usableFromInline
    typealias Bound = (partialValue: Int64, overflow: Bool)

    /// The range between two candidate bounds, or all of Int64 if either overflowed.
    @inlinable
    static func hull(_ a: Bound, _ b: Bound) -> IntegerRange {
        if a.overflow || b.overflow { return .all }
        return IntegerRange(lower: min(a.partialValue, b.partialValue), upper: max(a.partialValue, b.partialValue))
    }

    /// The range spanning four candidate bounds, or all of Int64 if any of them overflowed.
    @inlinable
    static func hull(_ a: Bound, _ b: Bound, _ c: Bound, _ d: Bound) -> IntegerRange {
        if a.overflow || b.overflow || c.overflow || d.overflow { return .all }
        return hull(a, b).union(hull(c, d))
    }

    /// The smallest range holding both.
    @inlinable
    func union(_ other: IntegerRange) -> IntegerRange {
        IntegerRange(lower: min(lower, other.lower), upper: max(upper, other.upper))
    }

    /// `-x`, wrapping.
    @inlinable
    public func negated() -> IntegerRange {
        if isSingle { return IntegerRange(0 &- lower) }
        if lower == .min { return .all }
        return IntegerRange(lower: -upper, upper: -lower)
    }

    /// `abs(x)`, wrapping (`abs(Int64.min) == Int64.min`).
    @inlinable
    public func absolute() -> IntegerRange {
        if isSingle { return IntegerRange(lower < 0 ? 0 &- lower : lower) }
        if lower == .min { return .all }
        if lower >= 0 { return self }
        if upper <= 0 { return IntegerRange(lower: -upper, upper: -lower) }
        return IntegerRange(lower: 0, upper: max(-lower, upper))
    }

    /// The range of `left op right`.
    @inlinable
    public static func apply(_ op: ArithmeticOperator, _ left: IntegerRange, _ right: IntegerRange) -> IntegerRange {
        if left.isSingle && right.isSingle { return IntegerRange(Arithmetic.apply(op, left.lower, right.lower)) }
        switch op {
        case .add:
            return hull(left.lower.addingReportingOverflow(right.lower), left.upper.addingReportingOverflow(right.upper))
        case .subtract:
            return hull(left.lower.subtractingReportingOverflow(right.upper), left.upper.subtractingReportingOverflow(right.lower))
        case .multiply:
            return hull(left.lower.multipliedReportingOverflow(by: right.lower), left.lower.multipliedReportingOverflow(by: right.upper),
                        left.upper.multipliedReportingOverflow(by: right.lower), left.upper.multipliedReportingOverflow(by: right.upper))
        case .minimum:
            return IntegerRange(lower: min(left.lower, right.lower), upper: min(left.upper, right.upper))
        case .maximum:
            return IntegerRange(lower: max(left.lower, right.lower), upper: max(left.upper, right.upper))
        case .divide:
            return divide(left, right)
        case .modulo:
            return modulo(left, right)
        }
    }

    /// Floor division: monotone in each operand when the divisor keeps one sign, so the
    /// corners bound it; a divisor range holding zero also yields `x / 0 == 0`.
    @usableFromInline
    static func divide(_ left: IntegerRange, _ right: IntegerRange) -> IntegerRange {
        // Int64.min / -1 wraps: give up.
        if right.lower <= -1 && right.upper >= -1 && left.lower == .min { return .all }
        var result: IntegerRange? = right.lower <= 0 && right.upper >= 0 ? IntegerRange(0) : nil
        /// Adds the quotients by the divisors `low ... high` (of one sign; none when empty).
        func include(divisors low: Int64, _ high: Int64) {
            guard low <= high else { return }
            let (a, b) = (Arithmetic.floorDivide(left.lower, low), Arithmetic.floorDivide(left.lower, high))
            let (c, d) = (Arithmetic.floorDivide(left.upper, low), Arithmetic.floorDivide(left.upper, high))
            let quotients = IntegerRange(lower: min(min(a, b), min(c, d)), upper: max(max(a, b), max(c, d)))
            result = result?.union(quotients) ?? quotients
        }
        include(divisors: max(right.lower, 1), right.upper)
        include(divisors: right.lower, min(right.upper, -1))
        return result!
    }

    /// Floor modulo: within one period of a single positive divisor the result is
    /// monotone; otherwise it lies in `0 ..< d` (or `d <.. 0`), and `x % 0 == x`.
    @usableFromInline
    static func modulo(_ left: IntegerRange, _ right: IntegerRange) -> IntegerRange {
        var result: IntegerRange? = right.lower <= 0 && right.upper >= 0 ? left : nil
        func include(_ piece: IntegerRange) { result = result?.union(piece) ?? piece }
        if right.upper >= 1 {
            let low = max(right.lower, 1)
            if right.isSingle, Arithmetic.floorDivide(left.lower, low) == Arithmetic.floorDivide(left.upper, low) {
                include(IntegerRange(lower: Arithmetic.floorModulo(left.lower, low), upper: Arithmetic.floorModulo(left.upper, low)))
            } else if left.lower >= 0 && left.upper < low {
                include(left)
            } else {
                include(IntegerRange(lower: 0, upper: right.upper - 1))
            }
        }
        if right.lower <= -1 {
            let high = min(right.upper, -1)
            if right.isSingle, Arithmetic.floorDivide(left.lower, high) == Arithmetic.floorDivide(left.upper, high) {
                include(IntegerRange(lower: Arithmetic.floorModulo(left.lower, high), upper: Arithmetic.floorModulo(left.upper, high)))
            } else {
                include(IntegerRange(lower: right.lower == .min ? .min : right.lower + 1, upper: 0))
            }
        }
        return result!
    }

    /// Whether `left op right` holds for every pair of values, for none, or is not known.
    @inlinable
    public static func compare(_ op: ComparisonOperator, _ left: IntegerRange, _ right: IntegerRange) -> Bool? {
        switch op {
        case .less:
            if left.upper < right.lower { return true }
            if left.lower >= right.upper { return false }
        case .lessOrEqual:
            if left.upper <= right.lower { return true }
            if left.lower > right.upper { return false }
        case .greater: return compare(.less, right, left)
        case .greaterOrEqual: return compare(.lessOrEqual, right, left)
        case .equal:
            if left.isSingle && right.isSingle { return left.lower == right.lower }
            if left.upper < right.lower || right.upper < left.lower { return false }
        case .notEqual:
            return compare(.equal, left, right).map { !$0 }
        }
        return nil
    }
}
