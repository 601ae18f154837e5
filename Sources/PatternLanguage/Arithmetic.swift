// Arithmetic: the language's integer operations — wrapping, floor division and modulo,
// total at zero — shared by the checker's folding, the evaluator and, inlined, generated kernels.

/// The integer semantics of the language, in one place.
///
/// `/` and `%` are floor division and floor modulo (the result of `%` takes the divisor's
/// sign); `x / 0 == 0` and `x % 0 == x`; everything else wraps like Swift's `&+`.
///
/// ```swift
/// Arithmetic.floorDivide(-3, 2)   // -2
/// Arithmetic.floorModulo(-3, 2)   // 1
/// ```
public enum Arithmetic {
    /// Floor division, with `x / 0 == 0` and `Int64.min / -1` wrapping to `Int64.min`.
    @inlinable
    public static func floorDivide(_ dividend: Int64, _ divisor: Int64) -> Int64 {
        if divisor == 0 { return 0 }
        if divisor == -1 { return 0 &- dividend }
        let quotient = dividend / divisor
        let remainder = dividend % divisor
        return remainder != 0 && (remainder < 0) != (divisor < 0) ? quotient - 1 : quotient
    }

    /// Floor modulo, with `x % 0 == x`; the result has the divisor's sign.
    @inlinable
    public static func floorModulo(_ dividend: Int64, _ divisor: Int64) -> Int64 {
        if divisor == 0 { return dividend }
        if divisor == -1 { return 0 }
        let remainder = dividend % divisor
        return remainder != 0 && (remainder < 0) != (divisor < 0) ? remainder + divisor : remainder
    }

    /// `abs(x)`, wrapping: `abs(Int64.min) == Int64.min`.
    @inlinable
    public static func absolute(_ value: Int64) -> Int64 { value < 0 ? 0 &- value : value }

    /// A list entry resolved from the end: a negative `value` stands for `length + value`.
    @inlinable
    public static func fromEnd(_ value: Int64, length: Int64) -> Int64 { value < 0 ? length &+ value : value }

    /// Applies an integer operator with the language's wrapping semantics.
    public static func apply(_ op: ArithmeticOperator, _ left: Int64, _ right: Int64) -> Int64 {
        switch op {
        case .add: return left &+ right
        case .subtract: return left &- right
        case .multiply: return left &* right
        case .divide: return floorDivide(left, right)
        case .modulo: return floorModulo(left, right)
        case .minimum: return min(left, right)
        case .maximum: return max(left, right)
        }
    }

    /// Applies an integer operator exactly, or returns `nil` when the result overflows
    /// `Int64`. Constant folding uses this: an overflow there is an error.
    public static func applyExactly(_ op: ArithmeticOperator, _ left: Int64, _ right: Int64) -> Int64? {
        switch op {
        case .add: return left.addingReportingOverflow(right).overflow ? nil : left + right
        case .subtract: return left.subtractingReportingOverflow(right).overflow ? nil : left - right
        case .multiply: return left.multipliedReportingOverflow(by: right).overflow ? nil : left * right
        case .divide: return left == .min && right == -1 ? nil : floorDivide(left, right)
        case .modulo, .minimum, .maximum: return apply(op, left, right)
        }
    }

    /// Compares two integers.
    public static func compare(_ op: ComparisonOperator, _ left: Int64, _ right: Int64) -> Bool {
        switch op {
        case .equal: return left == right
        case .notEqual: return left != right
        case .less: return left < right
        case .lessOrEqual: return left <= right
        case .greater: return left > right
        case .greaterOrEqual: return left >= right
        }
    }
}
