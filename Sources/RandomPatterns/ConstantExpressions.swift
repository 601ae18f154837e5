// ConstantExpressions: expressions the checker folds to a constant chosen in advance —
// literals, parameters, constant `let`s and arithmetic on them. Built-in arguments, the
// block size and constant `let`s are written this way, so their values are always valid.

extension PatternBuilder {
    /// An expression the checker folds to exactly `value`, at most `depth` operators deep.
    ///
    /// Every intermediate value stays small, so folding never overflows, and no divisor
    /// is zero.
    mutating func constant(_ value: Int64, depth: Int) -> Fragment {
        if depth <= 0 || random.chance(35) {
            if let named = namedConstant(value) { return named }
            return .literal(value)
        }
        let inner = depth - 1
        switch random.weighted([3, 3, 2, 2, 2, 1, 1, 1, 1, 2]) {
        case 0:
            let b = Int64(random.int(in: -5...5))
            return .binary(constant(value - b, depth: inner), "+", constant(b, depth: inner), level: Fragment.additive)
        case 1:
            let b = Int64(random.int(in: -5...5))
            return .binary(constant(value + b, depth: inner), "-", constant(b, depth: inner), level: Fragment.additive)
        case 2:
            let factor = Int64(random.pick([2, 3, -1, -2]))
            guard value % factor == 0 else { return constant(value, depth: inner) }
            return .binary(constant(value / factor, depth: inner), "*", constant(factor, depth: inner), level: Fragment.multiplicative)
        case 3:
            // Floor division: (value * d + r) / d == value for r in 0..<d (d > 0) or d<..0 (d < 0).
            let divisor = Int64(random.pick([1, 2, 3, 4, -2, -3]))
            let remainder = Int64(divisor > 0 ? random.int(in: 0...Int(divisor - 1)) : random.int(in: Int(divisor + 1)...0))
            return .binary(constant(value * divisor + remainder, depth: inner), "/", constant(divisor, depth: inner), level: Fragment.multiplicative)
        case 4:
            // Floor modulo takes the divisor's sign: value % m == value for m beyond value on its side.
            let modulus = value >= 0 ? value + Int64(random.int(in: 1...5)) : value - Int64(random.int(in: 1...5))
            let dividend = value + modulus * Int64(random.int(in: -2...2))
            return .binary(constant(dividend, depth: inner), "%", constant(modulus, depth: inner), level: Fragment.multiplicative)
        case 5:
            let other = value + Int64(random.int(in: 0...6))
            let arguments = random.chance(50) ? [value, other] : [other, value]
            return .call("min", arguments.map { constant($0, depth: inner) })
        case 6:
            let other = value - Int64(random.int(in: 0...6))
            let arguments = random.chance(50) ? [value, other] : [other, value]
            return .call("max", arguments.map { constant($0, depth: inner) })
        case 7:
            guard value >= 0 else { return constant(value, depth: inner) }
            return .call("abs", [constant(random.chance(50) ? value : -value, depth: inner)])
        case 8:
            return .prefix("-", constant(-value, depth: inner))
        default:
            return constant(value, depth: inner).parenthesized
        }
    }

    /// A parameter or constant `let` turned into `value`: the name itself, or the name
    /// plus or minus the difference. `nil` when no constant is in scope.
    mutating func namedConstant(_ value: Int64) -> Fragment? {
        guard !scope.constants.isEmpty, random.chance(70) else { return nil }
        let exact = scope.constants.filter { $0.value == value }
        if !exact.isEmpty, random.chance(70) { return use(random.pick(exact).name) }
        let named = random.pick(scope.constants)
        let difference = value.subtractingReportingOverflow(named.value)
        guard !difference.overflow, difference.partialValue.magnitude < 1 << 40 else { return nil }
        let name = use(named.name)
        if difference.partialValue == 0 { return name }
        if difference.partialValue > 0 {
            return .binary(name, "+", .literal(difference.partialValue), level: Fragment.additive)
        }
        return .binary(name, "-", .literal(-difference.partialValue), level: Fragment.additive)
    }

    /// A constant in `range`, written as an expression.
    mutating func constant(in range: ClosedRange<Int>, depth: Int? = nil) -> Fragment {
        let value = Int64(random.int(in: range))
        return constant(value, depth: depth ?? random.weighted([5, 3, 2]))
    }

    /// A constant Bool, written as a comparison of constants or a literal; returns its value too.
    mutating func constantCondition() -> (fragment: Fragment, value: Bool) {
        if random.chance(30) {
            let value = random.chance(50)
            return (.primary(String(value)), value)
        }
        let (a, b) = (Int64(random.int(in: -3...12)), Int64(random.int(in: -3...12)))
        let comparisons: [(String, (Int64, Int64) -> Bool)] = [("<", (<)), ("<=", (<=)), ("==", (==)), ("!=", (!=)), (">", (>)), (">=", (>=))]
        let (symbol, compare) = random.pick(comparisons)
        return (.comparison(constant(a, depth: 1), symbol, constant(b, depth: 1)), compare(a, b))
    }
}
