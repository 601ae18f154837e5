// Fragment: a piece of generated source text with the precedence of its outermost
// operator, so that combining fragments adds exactly the parentheses the grammar needs.

/// Generated expression text and how tightly it binds.
///
/// Precedence levels follow the language page, lowest first: 1 `|`, 2 `&`,
/// 3 comparisons and `in`, 4 `+ -`, 5 `* / %`, 6 unary `-` and `!`, 7 primaries.
struct Fragment: Sendable, Hashable {
    /// The source text.
    var text: String
    /// The precedence level of the outermost operator.
    var precedence: Int

    /// The precedence levels, named.
    static let union = 1, intersection = 2, comparison = 3, additive = 4, multiplicative = 5, unary = 6, primary = 7

    /// A primary: a literal, a name, a call, a list or a parenthesised expression.
    static func primary(_ text: String) -> Fragment {
        Fragment(text: text, precedence: primary)
    }

    /// An integer literal; a negative one is a unary minus applied to a literal.
    static func literal(_ value: Int64) -> Fragment {
        Fragment(text: String(value), precedence: value < 0 ? unary : primary)
    }

    /// The text, in parentheses when it binds less tightly than `minimum`.
    func atLeast(_ minimum: Int) -> String {
        precedence < minimum ? "(\(text))" : text
    }

    /// The fragment in parentheses.
    var parenthesized: Fragment { .primary("(\(text))") }

    /// A left-associative binary operation at `level`.
    static func binary(_ left: Fragment, _ symbol: String, _ right: Fragment, level: Int) -> Fragment {
        Fragment(text: "\(left.atLeast(level)) \(symbol) \(right.atLeast(level + 1))", precedence: level)
    }

    /// A comparison or membership test; comparisons do not chain, so both sides are above it.
    static func comparison(_ left: Fragment, _ symbol: String, _ right: Fragment) -> Fragment {
        Fragment(text: "\(left.atLeast(additive)) \(symbol) \(right.atLeast(additive))", precedence: comparison)
    }

    /// A prefix operator, `-` or `!`. A negative operand of `-` is parenthesised.
    static func prefix(_ symbol: String, _ operand: Fragment) -> Fragment {
        let text = operand.atLeast(unary)
        let separated = text.hasPrefix("-") || text.hasPrefix("!") ? (symbol == "-" ? "(\(text))" : text) : text
        return Fragment(text: symbol + separated, precedence: unary)
    }

    /// A call of a built-in function.
    static func call(_ name: String, _ arguments: [Fragment]) -> Fragment {
        .primary("\(name)(\(arguments.map(\.text).joined(separator: ", ")))")
    }
}
