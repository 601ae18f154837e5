// IntegerExpressions: arbitrary Int expressions over q, k, n, constants and `let`s, with
// `+ - * / %`, unary minus, abs, min and max — including divisors that are zero at some
// (q, k), which the language makes total (`x / 0 == 0`, `x % 0 == x`).

import PatternLanguage

/// A generated Int expression and, when the checker folds it, its constant value.
struct IntegerFragment: Sendable, Hashable {
    /// The expression's text.
    var fragment: Fragment
    /// The folded value when the expression uses no q, k, n or dynamic `let`; else `nil`.
    var value: Int64?

    /// A fragment that depends on q, k or n.
    static func dynamic(_ fragment: Fragment) -> IntegerFragment {
        IntegerFragment(fragment: fragment, value: nil)
    }
}

extension PatternBuilder {
    /// An Int expression at most `depth` operators deep.
    mutating func integer(depth: Int) -> IntegerFragment {
        if depth <= 0 || random.chance(25) { return integerLeaf() }
        let inner = depth - 1
        switch random.weighted([4, 4, 3, 2, 2, 1, 1, 1, 1]) {
        case 0: return combine(.add, integer(depth: inner), integer(depth: inner))
        case 1: return combine(.subtract, integer(depth: inner), integer(depth: inner))
        case 2: return combine(.multiply, integer(depth: inner), integer(depth: inner))
        case 3: return combine(.divide, integer(depth: inner), divisor(depth: inner))
        case 4: return combine(.modulo, integer(depth: inner), divisor(depth: inner))
        case 5: return combine(.minimum, integer(depth: inner), integer(depth: inner))
        case 6: return combine(.maximum, integer(depth: inner), integer(depth: inner))
        case 7:
            let operand = integer(depth: inner)
            return IntegerFragment(fragment: .call("abs", [operand.fragment]), value: operand.value.map { Swift.abs($0) })
        default:
            let operand = integer(depth: inner)
            return IntegerFragment(fragment: .prefix("-", operand.fragment), value: operand.value.map { -$0 })
        }
    }

    /// A name, a position or a small literal.
    mutating func integerLeaf() -> IntegerFragment {
        let dynamicLets = scope.dynamicIntegers
        // Inside `blocks`, a dynamic `let` (positions-sized) stands for its expression on tiles: rarer there.
        switch random.weighted([4, 4, 1, 3, scope.constants.isEmpty ? 0 : 2, dynamicLets.isEmpty ? 0 : (insideBlocks ? 1 : 3)]) {
        case 0: return .dynamic(.primary("q"))
        case 1: return .dynamic(.primary("k"))
        case 2: return .dynamic(.primary("n"))
        case 3:
            let value = Int64(random.int(in: -5...(insideBlocks ? 6 : 20)))
            return IntegerFragment(fragment: .literal(value), value: value)
        case 4:
            let constant = random.pick(scope.constants)
            return IntegerFragment(fragment: use(constant.name), value: constant.value)
        default:
            return .dynamic(use(random.pick(dynamicLets)))
        }
    }

    /// A divisor: a non-zero constant, an expression that is zero at some (q, k) such as
    /// `k - q`, or any Int expression that does not fold to 0.
    mutating func divisor(depth: Int) -> IntegerFragment {
        switch random.weighted([3, 3, 2]) {
        case 0:
            let value = Int64(random.pick([-3, -2, -1, 1, 2, 3, 4, 5, 7, 8]))
            return IntegerFragment(fragment: constant(value, depth: 1), value: value)
        case 1:
            return zeroProneDivisor()
        default:
            let divisor = integer(depth: depth)
            guard divisor.value == 0 else { return divisor }
            let value = Int64(random.pick([1, 2, 3, -2]))
            return IntegerFragment(fragment: .literal(value), value: value)
        }
    }

    /// An expression that is 0 for some pairs (q, k) of every length: a divisor that
    /// exercises `x / 0 == 0` and `x % 0 == x`.
    mutating func zeroProneDivisor() -> IntegerFragment {
        let (q, k) = (Fragment.primary("q"), Fragment.primary("k"))
        let c = constant(in: 1...5, depth: 1)
        let choices: [Fragment] = [
            .binary(k, "-", q, level: Fragment.additive),
            .binary(q, "-", k, level: Fragment.additive),
            .binary(q, "%", c, level: Fragment.multiplicative),
            .binary(k, "/", c, level: Fragment.multiplicative),
            .binary(q, "-", .primary("n"), level: Fragment.additive),
            .call("min", [q, k]),
            .binary(q, "*", k, level: Fragment.multiplicative),
        ]
        return .dynamic(random.pick(choices))
    }

    /// `a op b`, folded like the checker folds it when both sides are constants. A fold
    /// that would overflow (an error) is avoided by returning `a` alone.
    mutating func combine(_ op: ArithmeticOperator, _ a: IntegerFragment, _ b: IntegerFragment) -> IntegerFragment {
        var value: Int64?
        if let x = a.value, let y = b.value {
            guard let folded = Arithmetic.applyExactly(op, x, y), folded.magnitude < 1 << 40 else { return a }
            value = folded
        }
        let fragment: Fragment
        switch op {
        case .minimum: fragment = .call("min", [a.fragment, b.fragment])
        case .maximum: fragment = .call("max", [a.fragment, b.fragment])
        case .add, .subtract: fragment = .binary(a.fragment, op.rawValue, b.fragment, level: Fragment.additive)
        case .multiply, .divide, .modulo: fragment = .binary(a.fragment, op.rawValue, b.fragment, level: Fragment.multiplicative)
        }
        return IntegerFragment(fragment: fragment, value: value)
    }
}
