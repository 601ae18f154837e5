// PatternChecker+Expressions: type checking and constant folding of expressions.

/// A checked expression with its type. Constants are folded: an Int or Bool expression
/// that is a literal (`.integer`, `.boolean`) after checking is known at check time.
enum Typed {
    case integer(MaskExpression)
    case boolean(MaskExpression)
    case list([ListElement])
    /// Already reported; uses of it are not reported again.
    case invalid

    var type: ValueType? {
        switch self {
        case .integer: return .integer
        case .boolean: return .boolean
        case .list: return .list
        case .invalid: return nil
        }
    }

    /// Whether the expression is in error (and reported).
    var isInvalid: Bool { type == nil }

    /// "an Int", "a Bool", "a List".
    var typeDescription: String {
        switch self {
        case .integer: return "an Int"
        case .boolean: return "a Bool"
        case .list: return "a List"
        case .invalid: return "invalid"
        }
    }

    /// The list's items when every element is a constant.
    static func constantItems(_ elements: [ListElement]) -> [ListItem]? {
        var items: [ListItem] = []
        for element in elements {
            switch element {
            case .single(.integer(let value)): items.append(.element(value))
            case .range(.integer(let low), .integer(let high), let inclusive): items.append(.range(low, high, inclusive: inclusive))
            default: return nil
            }
        }
        return items
    }

    static func elements(_ items: [ListItem]) -> [ListElement] {
        items.map {
            switch $0 {
            case .element(let value): return .single(.integer(value))
            case .range(let low, let high, let inclusive): return .range(.integer(low), .integer(high), inclusive: inclusive)
            }
        }
    }

    init(_ value: ConstantValue) {
        switch value {
        case .integer(let constant): self = .integer(.integer(constant))
        case .boolean(let constant): self = .boolean(.boolean(constant))
        case .list(let items): self = .list(Typed.elements(items))
        }
    }
}

extension PatternChecker {
    mutating func checkExpression(_ syntax: ExprSyntax) -> Typed {
        switch syntax.kind {
        case .invalid:
            return .invalid
        case .integer(let value, let magnitude):
            guard let value else {
                error("integer literal \(magnitude) does not fit in 64 bits", syntax.range,
                      hint: "integers range from -9223372036854775808 to 9223372036854775807")
                return .invalid
            }
            return .integer(.integer(value))
        case .boolean(let value):
            return .boolean(.boolean(value))
        case .position(let position):
            if case .constantValue(let what) = context {
                error("\(what) must be a constant, but '\(position.rawValue)' changes from pair to pair", syntax.range,
                      hint: "parameters are integers or lists; use q, k and n in the pattern body, as in 'let d = q - k'")
                return .invalid
            }
            return .integer(.position(position))
        case .causal:
            if case .constantValue(let what) = context {
                error("\(what) must be an integer or a list, not a mask", syntax.range, hint: Self.maskInConstantHint)
                return .invalid
            }
            return .boolean(.builtin(.causal))
        case .name(let name):
            return lookUp(name, at: syntax.range)
        case .call(let callee, let arguments):
            return checkCall(callee, arguments, range: syntax.range)
        case .list(let elements):
            return checkList(elements)
        case .parenthesized(let inner):
            return checkExpression(inner)
        case .prefix(let symbol, let operand):
            return checkPrefix(symbol, operand, range: syntax.range)
        case .binary(let symbol, let left, let right):
            return checkBinary(symbol, left, right, range: syntax.range)
        case .membership(let element, let list):
            return checkMembership(element, list)
        }
    }

    mutating func lookUp(_ name: String, at range: SourceRange) -> Typed {
        if case .constantValue(let what) = context {
            error("\(what) cannot refer to '\(name)'", range,
                  hint: "parameters are independent constants; derive values with a 'let' in the pattern body")
            return .invalid
        }
        guard var symbol = scope[name] else {
            if BuiltinFunction(rawValue: name) != nil {
                let function = BuiltinFunction(rawValue: name)!
                error("'\(name)' is a function; call it with arguments, as in '\(function.signature)'", range)
            } else if let declaration = laterLets[name] {
                error("'\(name)' is used before its 'let'", range,
                      hint: "a 'let' is visible only to the statements after it",
                      notes: [note("'\(name)' is declared here", declaration)])
            } else {
                let candidates = Array(scope.keys) + ["q", "k", "n", "causal", "true", "false"]
                if Suggestions.closest(to: name, among: candidates) == nil,
                   let function = Suggestions.closest(to: name, among: BuiltinFunction.names).flatMap(BuiltinFunction.init) {
                    error("unknown name '\(name)'; did you mean the function '\(function.signature)'?", range)
                } else {
                    let suggestion = Suggestions.didYouMean(name, among: candidates)
                    error("unknown name '\(name)'\(suggestion)", range, hint: suggestion.isEmpty ? unknownNameHint() : nil)
                }
            }
            return .invalid
        }
        symbol.isUsed = true
        scope[name] = symbol
        switch symbol.kind {
        case .parameter(let value), .constant(let value):
            return Typed(value)
        case .binding(let index, let type):
            var value = MaskExpression.binding(index)
            if insideBlocks {
                guard let expanded = expandedInsideBlocks(value, name: name, range: range) else { return .invalid }
                value = expanded
            }
            return type == .integer ? .integer(value) : .boolean(value)
        case .list(let elements, let isConstant):
            guard !isConstant && insideBlocks else { return .list(elements) }
            return expandedInsideBlocks(elements, name: name, range: range).map { .list($0) } ?? .invalid
        case .invalid:
            return .invalid
        }
    }

    /// What a name can be, and the names this pattern has declared so far.
    func unknownNameHint() -> String {
        let declared = scope.sorted { $0.value.declaration.start < $1.value.declaration.start }.map { "'\($0.key)'" }
        return "a name is a parameter, a 'let' above its use, q, k, n or 'causal'; built-in functions are called, as in 'local(2)'"
            + (declared.isEmpty ? "" : "; declared so far: \(declared.joined(separator: ", "))")
    }

    static let maskInConstantHint = "parameters are integers or lists; write masks in the pattern body"
    static let overflowHint = "constants must stay within Int64, -9223372036854775808 to 9223372036854775807"

    mutating func checkList(_ elements: [ListElementSyntax]) -> Typed {
        var checked: [ListElement] = []
        var valid = true
        func integer(_ syntax: ExprSyntax, _ checker: inout PatternChecker) -> MaskExpression? {
            switch checker.checkExpression(syntax) {
            case .integer(let expression): return expression
            case .invalid: return nil
            case let other:
                checker.error("list elements are Ints, but this is \(other.typeDescription)", syntax.range,
                              hint: other.type == .list ? "lists do not nest; write the elements of both in one list"
                                  : "write positions and ranges of positions, as in '[0, q + 1, 4..<8]'")
                return nil
            }
        }
        for element in elements {
            switch element {
            case .single(let value):
                if let value = integer(value, &self) { checked.append(.single(value)) } else { valid = false }
            case .range(let lower, let upper, let inclusive, _):
                let low = integer(lower, &self), high = integer(upper, &self)
                if let low, let high { checked.append(.range(low, high, inclusive: inclusive)) } else { valid = false }
            }
        }
        return valid ? .list(checked) : .invalid
    }

    mutating func checkPrefix(_ symbol: Symbol, _ operandSyntax: ExprSyntax, range: SourceRange) -> Typed {
        // `-9223372036854775808` is Int64.min: the literal alone would not fit.
        if symbol == .minus, case .integer(nil, "9223372036854775808") = operandSyntax.kind {
            return .integer(.integer(.min))
        }
        let operand = checkExpression(operandSyntax)
        switch (symbol, operand) {
        case (_, .invalid):
            return .invalid
        case (.minus, .integer(.integer(let value))):
            guard value != .min else {
                error("arithmetic overflow: -(\(value)) does not fit in 64 bits", range, hint: Self.overflowHint)
                return .invalid
            }
            return .integer(.integer(-value))
        case (.minus, .integer(let expression)):
            return .integer(.negate(expression))
        case (.bang, .boolean(.boolean(let value))):
            return .boolean(.boolean(!value))
        case (.bang, .boolean(.not(let inner))):
            return .boolean(inner)
        case (.bang, .boolean(let expression)):
            return .boolean(.not(expression))
        case (.minus, _):
            error("unary '-' needs an Int, but its operand is \(operand.typeDescription)", operandSyntax.range,
                  hint: operand.type == .boolean ? "use '!' for the complement of a mask" : nil)
            return .invalid
        default:
            error("'!' needs a Bool, but its operand is \(operand.typeDescription)", operandSyntax.range,
                  hint: operand.type == .integer ? "use '-' to negate an Int, or compare it to make a Bool" : nil)
            return .invalid
        }
    }

    static let arithmetic: [Symbol: ArithmeticOperator] = [
        .plus: .add, .minus: .subtract, .star: .multiply, .slash: .divide, .percent: .modulo,
    ]
    static let comparisons: [Symbol: ComparisonOperator] = [
        .equal: .equal, .notEqual: .notEqual, .less: .less, .lessEqual: .lessOrEqual,
        .greater: .greater, .greaterEqual: .greaterOrEqual,
    ]

    mutating func checkBinary(_ symbol: Symbol, _ leftSyntax: ExprSyntax, _ rightSyntax: ExprSyntax, range: SourceRange) -> Typed {
        let left = checkExpression(leftSyntax)
        let right = checkExpression(rightSyntax)
        let wantsBool = symbol == .bar || symbol == .ampersand
        let wanted: ValueType = wantsBool ? .boolean : .integer
        // An operand already in error has been reported; the other one is still checked, so
        // that `summary | q + 1` reports the Int operand as well as the unknown name.
        for (side, operand, syntax) in [("left", left, leftSyntax), ("right", right, rightSyntax)]
        where operand.type != wanted && !operand.isInvalid {
            let hint: String? = wantsBool && operand.type == .integer
                ? "compare it to make a mask, as in 'q - k <= 8'"
                : operand.type == .boolean ? "'\(symbol.rawValue)' works on Ints; combine masks with '|' and '&'"
                : operand.type == .list ? "use a list with 'in', as in 'k in [0, 1]'" : nil
            error("operator '\(symbol.rawValue)' needs \(wantsBool ? "Bool operands (masks)" : "Int operands"), but the \(side) operand is \(operand.typeDescription)",
                  syntax.range, hint: hint)
            return .invalid
        }
        if left.isInvalid || right.isInvalid { return .invalid }
        switch (left, right) {
        case (.boolean(let a), .boolean(let b)):
            return .boolean(symbol == .bar ? Folding.or(a, b) : Folding.and(a, b))
        case (.integer(let a), .integer(let b)):
            if let op = Self.comparisons[symbol] {
                if case .integer(let x) = a, case .integer(let y) = b { return .boolean(.boolean(Arithmetic.compare(op, x, y))) }
                return .boolean(.comparison(op, a, b))
            }
            return foldArithmetic(Self.arithmetic[symbol]!, a, b, range: range, divisorRange: rightSyntax.range)
        default:
            return .invalid
        }
    }

    mutating func foldArithmetic(_ op: ArithmeticOperator, _ a: MaskExpression, _ b: MaskExpression, range: SourceRange, divisorRange: SourceRange) -> Typed {
        if op == .divide || op == .modulo, b == .integer(0) {
            error(op == .divide ? "division by zero" : "modulo by zero", divisorRange,
                  hint: "the divisor is the constant 0; use a non-zero divisor")
            return .invalid
        }
        guard case .integer(let x) = a, case .integer(let y) = b else { return .integer(.arithmetic(op, a, b)) }
        guard let value = Arithmetic.applyExactly(op, x, y) else {
            let shown = op == .minimum || op == .maximum ? "\(op.rawValue)(\(x), \(y))" : "\(x) \(op.rawValue) \(y)"
            error("arithmetic overflow: \(shown) does not fit in 64 bits", range, hint: Self.overflowHint)
            return .invalid
        }
        return .integer(.integer(value))
    }

    mutating func checkMembership(_ elementSyntax: ExprSyntax, _ listSyntax: ExprSyntax) -> Typed {
        let element = checkExpression(elementSyntax)
        let list = checkExpression(listSyntax)
        switch (element, list) {
        case (.invalid, _), (_, .invalid):
            return .invalid
        case (.integer, .list([])):
            // An empty list holds no value, whatever x and N are.
            return .boolean(.boolean(false))
        case (.integer(let value), .list(let elements)):
            // Fold only when nothing depends on n: negative entries count from the end.
            if case .integer(let x) = value, let items = Typed.constantItems(elements), Folding.isNonNegative(items) {
                return .boolean(.boolean(items.contains { Folding.contains($0, x) }))
            }
            return .boolean(.membership(value, elements))
        case (.integer, _):
            error("'in' needs a List on its right, but this is \(list.typeDescription)", listSyntax.range,
                  hint: "write the elements in brackets, as in 'k in [0, 1]', or compare with '=='")
            return .invalid
        default:
            error("'in' needs an Int on its left, but this is \(element.typeDescription)", elementSyntax.range,
                  hint: "'in' tests one Int against a list, as in 'k in [0, -1]'")
            return .invalid
        }
    }
}

/// Folding rules that need no diagnostics.
enum Folding {
    static func and(_ a: MaskExpression, _ b: MaskExpression) -> MaskExpression {
        switch (a, b) {
        case (.boolean(false), _), (_, .boolean(false)): return .boolean(false)
        case (.boolean(true), let other), (let other, .boolean(true)): return other
        default: return .and(a, b)
        }
    }

    static func or(_ a: MaskExpression, _ b: MaskExpression) -> MaskExpression {
        switch (a, b) {
        case (.boolean(true), _), (_, .boolean(true)): return .boolean(true)
        case (.boolean(false), let other), (let other, .boolean(false)): return other
        default: return .or(a, b)
        }
    }

    static func isNonNegative(_ items: [ListItem]) -> Bool {
        items.allSatisfy {
            switch $0 {
            case .element(let value): return value >= 0
            case .range(let low, let high, _): return low >= 0 && high >= 0
            }
        }
    }

    /// Membership in an item whose entries are all non-negative.
    static func contains(_ item: ListItem, _ value: Int64) -> Bool {
        switch item {
        case .element(let entry): return value == entry
        case .range(let low, let high, let inclusive): return low <= value && (inclusive ? value <= high : value < high)
        }
    }
}
