// Features: the constructs a checked pattern uses, read from its intermediate form, so
// that the coverage test can ask whether the sample uses each of them.

import PatternLanguage

enum Features {
    /// The names of the constructs in a checked pattern: `window`, `blocks`, `|`, `/`,
    /// `dynamic /` (a divisor that depends on q, k or n), `Int let`, `block 16`, ...
    static func of(_ pattern: CheckedPattern) -> Set<String> {
        var found: Set<String> = []
        collect(pattern.mask, into: &found)
        for binding in pattern.bindings {
            found.insert("\(binding.type) let")
            collect(binding.value, into: &found)
        }
        if pattern.blockSize != CheckedPattern.defaultBlockSize { found.insert(pattern.blockSize > 64 ? "block > 64" : "block < 64") }
        for parameter in pattern.parameters {
            switch parameter.defaultValue {
            case .integer(let value): found.insert(value < 0 ? "negative Int parameter" : "Int parameter")
            case .list(let items):
                found.insert("List parameter")
                for item in items { collect(item, into: &found, prefix: "parameter ") }
            case .boolean: found.insert("Bool parameter")
            }
        }
        return found
    }

    static func collect(_ item: ListItem, into found: inout Set<String>, prefix: String) {
        switch item {
        case .element(let value): found.insert(prefix + (value < 0 ? "negative element" : "element"))
        case .range(let low, let high, let inclusive):
            found.insert(prefix + (inclusive ? "..." : "..<"))
            if low < 0 || high < 0 { found.insert(prefix + "negative range end") }
        }
    }

    static func isConstant(_ expression: MaskExpression) -> Bool {
        if case .integer = expression { return true }
        return false
    }

    static func collect(_ expression: MaskExpression, into found: inout Set<String>) {
        switch expression {
        case .integer: found.insert("Int literal")
        case .boolean(let value): found.insert(String(value))
        case .position(let position): found.insert(position.rawValue)
        case .binding: found.insert("let use")
        case .negate(let operand):
            found.insert("unary -")
            collect(operand, into: &found)
        case .absolute(let operand):
            found.insert("abs")
            collect(operand, into: &found)
        case .not(let operand):
            found.insert("!")
            collect(operand, into: &found)
        case .arithmetic(let op, let left, let right):
            found.insert(op.rawValue)
            if op == .divide || op == .modulo, !isConstant(right) { found.insert("dynamic \(op.rawValue)") }
            collect(left, into: &found)
            collect(right, into: &found)
        case .comparison(let op, let left, let right):
            found.insert(op.rawValue)
            collect(left, into: &found)
            collect(right, into: &found)
        case .membership(let value, let list):
            found.insert("in")
            collect(value, into: &found)
            for element in list {
                switch element {
                case .single(let entry):
                    found.insert("in element")
                    collect(entry, into: &found)
                case .range(let low, let high, let inclusive):
                    found.insert(inclusive ? "in ..." : "in ..<")
                    collect(low, into: &found)
                    collect(high, into: &found)
                }
            }
        case .and(let left, let right):
            found.insert("&")
            collect(left, into: &found)
            collect(right, into: &found)
        case .or(let left, let right):
            found.insert("|")
            collect(left, into: &found)
            collect(right, into: &found)
        case .builtin(let builtin):
            found.insert(name(of: builtin))
            if case .global(let items) = builtin { items.forEach { collect($0, into: &found, prefix: "global ") } }
        case .blocks(let inner):
            found.insert("blocks")
            collect(inner, into: &found)
        }
    }

    static func name(of builtin: BuiltinMask) -> String {
        switch builtin {
        case .causal: return "causal"
        case .window: return "window"
        case .dilated: return "dilated"
        case .strided: return "strided"
        case .global: return "global"
        case .sink: return "sink"
        case .random: return "random"
        }
    }
}
