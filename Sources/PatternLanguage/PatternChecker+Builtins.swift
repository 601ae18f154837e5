// PatternChecker+Builtins: calls of built-in functions — arity, argument types, the
// rule that mask built-ins take constants, and the bounds on widths and strides.

extension PatternChecker {
    mutating func checkCall(_ callee: Identifier, _ argumentSyntax: [ExprSyntax], range: SourceRange) -> Typed {
        guard let function = BuiltinFunction(rawValue: callee.name) else {
            if let symbol = scope[callee.name] {
                let what = symbol.isParameter ? "a parameter" : "a 'let'"
                error("'\(callee.name)' is \(what), not a function", callee.range,
                      hint: "write '\(callee.name)' without parentheses; only built-in functions are called")
            } else {
                let suggestion = Suggestions.didYouMean(callee.name, among: BuiltinFunction.allCases.map(\.rawValue))
                error("unknown function '\(callee.name)'\(suggestion)", callee.range,
                      hint: suggestion.isEmpty ? "the built-in functions are \(BuiltinFunction.allCases.map(\.rawValue).joined(separator: ", ")), and the mask 'causal'" : nil)
            }
            argumentSyntax.forEach { _ = checkExpression($0) }
            return .invalid
        }
        if case .constantValue(let what) = context, function.isMask {
            error("\(what) must be an integer or a list, not a mask", range, hint: Self.maskInConstantHint)
            return .invalid
        }
        guard argumentSyntax.count == function.parameterNames.count else {
            let expected = function.parameterNames.count
            error("'\(function.rawValue)' takes \(expected) argument\(expected == 1 ? "" : "s"), but \(argumentSyntax.count) \(argumentSyntax.count == 1 ? "was" : "were") given",
                  range, hint: "call it as '\(function.signature)'")
            return .invalid
        }
        if function == .blocks { return checkBlocks(argumentSyntax[0], range: range) }
        let arguments = argumentSyntax.map { checkExpression($0) }
        if arguments.contains(where: { if case .invalid = $0 { true } else { false } }) { return .invalid }
        switch function {
        case .abs, .min, .max:
            return checkIntegerFunction(function, arguments, argumentSyntax, range: range)
        case .global:
            guard case .list(let elements) = arguments[0] else {
                error("'global' takes a list, but its argument is \(arguments[0].typeDescription)", argumentSyntax[0].range,
                      hint: "write the positions in brackets, as in 'global([0])'")
                return .invalid
            }
            guard let items = Typed.constantItems(elements) else {
                error("the argument of 'global' must be a constant list", argumentSyntax[0].range, hint: Self.constantHint)
                return .invalid
            }
            // No entry holds any q or k, whatever N is.
            return .boolean(items.isEmpty ? .boolean(false) : .builtin(.global(items)))
        default:
            var values: [Int64] = []
            for (index, argument) in arguments.enumerated() {
                let what = "argument '\(function.parameterNames[index])' of '\(function.rawValue)'"
                guard let value = requireConstantInteger(argument, at: argumentSyntax[index].range, what: what) else { return .invalid }
                values.append(value)
            }
            return checkMaskBuiltin(function, values, argumentSyntax)
        }
    }

    static let constantHint = "built-in masks take literals, parameters and constant 'let's; q, k and n are not constants"

    /// What to write where an Int is wanted but a List or a Bool was given.
    static func integerHint(_ given: Typed) -> String {
        given.type == .list ? "write one integer here; lists go after 'in' or into 'global(...)'"
            : "write an integer here, such as a literal, a parameter or a constant 'let'"
    }

    /// The value of a constant Int argument, or `nil` after reporting why it is not one.
    mutating func requireConstantInteger(_ typed: Typed, at range: SourceRange, what: String) -> Int64? {
        switch typed {
        case .invalid:
            return nil
        case .integer(.integer(let value)):
            return value
        case .integer:
            error("\(what) must be a constant", range, hint: Self.constantHint)
            return nil
        default:
            error("\(what) must be an Int, but it is \(typed.typeDescription)", range, hint: Self.integerHint(typed))
            return nil
        }
    }

    mutating func checkIntegerFunction(_ function: BuiltinFunction, _ arguments: [Typed], _ syntax: [ExprSyntax], range: SourceRange) -> Typed {
        var operands: [MaskExpression] = []
        for (index, argument) in arguments.enumerated() {
            guard case .integer(let expression) = argument else {
                error("argument '\(function.parameterNames[index])' of '\(function.rawValue)' must be an Int, but it is \(argument.typeDescription)",
                      syntax[index].range, hint: Self.integerHint(argument))
                return .invalid
            }
            operands.append(expression)
        }
        if function == .abs {
            guard case .integer(let value) = operands[0] else { return .integer(.absolute(operands[0])) }
            guard value != .min else {
                error("arithmetic overflow: abs(\(value)) does not fit in 64 bits", range, hint: Self.overflowHint)
                return .invalid
            }
            return .integer(.integer(Swift.abs(value)))
        }
        return foldArithmetic(function == .min ? .minimum : .maximum, operands[0], operands[1], range: range, divisorRange: range)
    }

    /// Checks the constant arguments of a built-in mask and normalises them, so that later
    /// stages only see widths >= 0 and strides, dilations and counts >= 1 (the language page
    /// makes only a negative width and a zero stride errors):
    ///
    /// - `strided(-s)` is `strided(s)` (floor modulo by `-s` is 0 exactly when it is by `s`);
    ///   `strided(Int64.min)` is `strided(Int64.max)`: both keep only `q == k`.
    /// - `dilated(w, d)` with `d < 0` has a reach `w * d <= 0`: `dilated(0, d)` keeps `q == k`
    ///   (`window(0, 0)`), `dilated(w > 0, d)` keeps nothing (`false`).
    /// - `sink(s)` with `s <= 0` and `random(0, seed)` keep nothing (`false`), as does
    ///   `global([])` (folded in ``checkCall``).
    mutating func checkMaskBuiltin(_ function: BuiltinFunction, _ values: [Int64], _ syntax: [ExprSyntax]) -> Typed {
        func reject(_ index: Int, _ needs: String, hint: String) -> Typed {
            error("'\(function.rawValue)' needs \(needs), but '\(function.parameterNames[index])' is \(values[index])",
                  syntax[index].range, hint: hint)
            return .invalid
        }
        let widthHint = "a width counts the keys on one side of the query; use 0 or more"
        switch function {
        case .window:
            if values[0] < 0 { return reject(0, "a width of at least 0", hint: widthHint) }
            if values[1] < 0 { return reject(1, "a width of at least 0", hint: widthHint) }
            return .boolean(.builtin(.window(before: values[0], after: values[1])))
        case .local:
            if values[0] < 0 { return reject(0, "a width of at least 0", hint: widthHint) }
            return .boolean(.builtin(.window(before: values[0], after: values[0])))
        case .dilated:
            let (width, dilation) = (values[0], values[1])
            if width < 0 { return reject(0, "a width of at least 0", hint: widthHint) }
            if dilation == 0 {
                return reject(1, "a non-zero dilation", hint: "a dilation of 0 divides by zero; 'dilated(w, 1)' is 'local(w)', wider gaps need 2 or more")
            }
            guard dilation < 0 else { return .boolean(.builtin(.dilated(width: width, dilation: dilation))) }
            // abs(q - k) <= width * dilation, a product <= 0: only q == k when width is 0, else nothing.
            return .boolean(width == 0 ? .builtin(.window(before: 0, after: 0)) : .boolean(false))
        case .strided:
            let stride = values[0]
            if stride == 0 {
                return reject(0, "a non-zero stride", hint: "a stride of 0 divides by zero; use 1 or more ('strided(-s)' is 'strided(s)')")
            }
            return .boolean(.builtin(.strided(stride: stride == .min ? .max : Swift.abs(stride))))
        case .sink:
            // k < s with k >= 0.
            return .boolean(values[0] <= 0 ? .boolean(false) : .builtin(.sink(count: values[0])))
        case .random:
            if values[0] < 0 {
                return reject(0, "a count of at least 0", hint: "each row draws min(r, n) distinct keys, which needs r >= 0; r = 0 draws none")
            }
            // Zero draws keep no key of any row.
            return .boolean(values[0] == 0 ? .boolean(false) : .builtin(.random(count: values[0], seed: values[1])))
        case .abs, .min, .max, .global, .blocks:
            return .invalid
        }
    }

    mutating func checkBlocks(_ argument: ExprSyntax, range: SourceRange) -> Typed {
        guard !insideBlocks else {
            error("'blocks' does not nest", range, hint: "inside 'blocks(...)', q and k are already tile indices")
            return .invalid
        }
        insideBlocks = true
        let inner = checkExpression(argument)
        insideBlocks = false
        switch inner {
        case .boolean(.boolean(let value)):
            return .boolean(.boolean(value))
        case .boolean(let expression):
            return .boolean(.blocks(expression))
        case .invalid:
            return .invalid
        default:
            error("'blocks' takes a mask over tiles, but its argument is \(inner.typeDescription)", argument.range,
                  hint: "for example 'blocks(local(1))'")
            return .invalid
        }
    }
}
