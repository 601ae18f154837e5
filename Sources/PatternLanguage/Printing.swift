// Printing: constants and checked expressions written back in the language's syntax,
// for `list`, diagnostics, and dumps of the intermediate form.

extension ConstantValue: CustomStringConvertible {
    /// The value as it would be written in a pattern file: `512`, `[0, -1, 4...7]`.
    public var description: String {
        switch self {
        case .integer(let value): return String(value)
        case .boolean(let value): return String(value)
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        }
    }
}

extension ListItem: CustomStringConvertible {
    /// The item as written: `3`, `0...3`, `0..<n`.
    public var description: String {
        switch self {
        case .element(let value): return String(value)
        case .range(let low, let high, let inclusive): return "\(low)\(inclusive ? "..." : "..<")\(high)"
        }
    }
}

extension MaskExpression: CustomStringConvertible {
    /// The expression in the language's syntax, parenthesised where precedence needs it.
    /// Bindings print as `$0`, `$1`, ... (their index in ``CheckedPattern/bindings``).
    public var description: String { printed(precedence: 0, names: nil) }

    /// The expression as ``description`` prints it, with binding `i` printed as `names[i]`.
    public func description(bindingNames names: [String]) -> String { printed(precedence: 0, names: names) }

    private var precedence: Int {
        switch self {
        case .or: return 1
        case .and: return 2
        case .comparison, .membership: return 3
        case .arithmetic(.add, _, _), .arithmetic(.subtract, _, _): return 4
        case .arithmetic(.multiply, _, _), .arithmetic(.divide, _, _), .arithmetic(.modulo, _, _): return 5
        case .negate, .not: return 6
        case .integer(let value) where value < 0: return 6
        default: return 7
        }
    }

    private func printed(precedence context: Int, names: [String]?) -> String {
        func inner(_ expression: MaskExpression, _ precedence: Int = 0) -> String { expression.printed(precedence: precedence, names: names) }
        let text: String
        switch self {
        case .integer(let value): text = String(value)
        case .boolean(let value): text = String(value)
        case .position(let position): text = position.rawValue
        case .binding(let index): text = names.map { $0[index] } ?? "$\(index)"
        case .negate(let operand): text = "-" + inner(operand, 7)
        case .not(let operand): text = "!" + inner(operand, 7)
        case .absolute(let operand): text = "abs(\(inner(operand)))"
        case .arithmetic(.minimum, let a, let b): text = "min(\(inner(a)), \(inner(b)))"
        case .arithmetic(.maximum, let a, let b): text = "max(\(inner(a)), \(inner(b)))"
        case .arithmetic(let op, let a, let b):
            text = "\(inner(a, precedence)) \(op.rawValue) \(inner(b, precedence + 1))"
        case .comparison(let op, let a, let b):
            text = "\(inner(a, 4)) \(op.rawValue) \(inner(b, 4))"
        case .membership(let value, let list):
            text = "\(inner(value, 4)) in [" + list.map { $0.printed(names: names) }.joined(separator: ", ") + "]"
        case .and(let a, let b): text = "\(inner(a, 2)) & \(inner(b, 3))"
        case .or(let a, let b): text = "\(inner(a, 1)) | \(inner(b, 2))"
        case .builtin(let builtin): text = builtin.description
        case .blocks(let blocked): text = "blocks(\(inner(blocked)))"
        }
        return precedence < context ? "(\(text))" : text
    }
}

extension ListElement: CustomStringConvertible {
    /// The element as written.
    public var description: String { printed(names: nil) }

    /// The element as written, with binding `i` printed as `names[i]` when given.
    fileprivate func printed(names: [String]?) -> String {
        func text(_ expression: MaskExpression) -> String { names.map { expression.description(bindingNames: $0) } ?? expression.description }
        switch self {
        case .single(let value): return text(value)
        case .range(let low, let high, let inclusive): return "\(text(low))\(inclusive ? "..." : "..<")\(text(high))"
        }
    }
}

extension BuiltinMask: CustomStringConvertible {
    /// The built-in call as written: `window(256, 256)`, `global([0, -1])`.
    public var description: String {
        switch self {
        case .causal: return "causal"
        case .window(let before, let after): return "window(\(before), \(after))"
        case .dilated(let width, let dilation): return "dilated(\(width), \(dilation))"
        case .strided(let stride): return "strided(\(stride))"
        case .global(let items): return "global(\(ConstantValue.list(items)))"
        case .sink(let count): return "sink(\(count))"
        case .random(let count, let seed): return "random(\(count), \(seed))"
        }
    }
}

extension CheckedPattern {
    /// The checked mask with the `let`s it refers to, as the language prints them
    /// (`let $0 = q - k; abs($0) <= 3`): two patterns with the same text keep the same
    /// pairs. Generated kernels record it to be matched with the pattern they came from.
    public var maskText: String {
        (bindings.enumerated().map { "let $\($0.offset) = \($0.element.value)" } + [mask.description]).joined(separator: "; ")
    }

    /// The checked mask for people: its `let`s by the names they were written with
    /// (`let d = q - k; abs(d) <= 3`), or the mask alone when it refers to none.
    public var readableMaskText: String {
        let names = bindings.map(\.name)
        return (bindings.map { "let \($0.name) = \($0.value.description(bindingNames: names))" } + [mask.description(bindingNames: names)])
            .joined(separator: "; ")
    }
}
