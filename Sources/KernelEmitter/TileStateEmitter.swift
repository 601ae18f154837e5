// TileStateEmitter: a checked mask as one Swift expression of type TileState over a box
// of pairs — built-ins by their exact closed forms, arithmetic by interval reasoning, the
// same rules as the planner — the body of a generated kernel's `tileState`.

import PatternLanguage

/// Emits the tile classification: `let` lines and the final TileState expression.
struct TileStateEmitter {
    let pattern: CheckedPattern
    var tables: KernelTables
    /// Lines emitted before the expression, pruned to those it uses.
    private(set) var prelude = Prelude()
    private var tileBoxDeclared = false
    /// How many membership values are declared (`member0`, …).
    private var members = 0

    init(pattern: CheckedPattern, tables: KernelTables) {
        self.pattern = pattern
        self.tables = tables
    }

    /// The mask's state on `box` as a Swift expression.
    mutating func emitMask() -> String {
        let level = EmissionLevel.positions(block: pattern.blockSize)
        for index in UsedBindings.indices(of: pattern) {
            let binding = pattern.bindings[index]
            let value = binding.type == .boolean ? state(binding.value, level) : range(binding.value, level)
            prelude.declare(SwiftLiteral.bindingName(binding.name), value)
        }
        return state(pattern.mask, level)
    }

    /// A Bool expression as a TileState expression.
    mutating func state(_ expression: MaskExpression, _ level: EmissionLevel) -> String {
        let box = level.box
        switch expression {
        case .boolean(let value): return value ? "BlockSparsePlanner.TileState.full" : "BlockSparsePlanner.TileState.empty"
        case .binding(let index): return SwiftLiteral.bindingName(pattern.bindings[index].name)
        case .not(let operand): return "!\(state(operand, level))"
        case .and(let left, let right): return "(\(state(left, level)) & \(state(right, level)))"
        case .or(let left, let right): return "(\(state(left, level)) | \(state(right, level)))"
        case .comparison(let op, let left, let right):
            return "BlockSparsePlanner.TileState(BlockSparsePlanner.IntegerRange.compare(.\(Self.name(op)), \(range(left, level)), \(range(right, level))))"
        case .membership(let element, let list):
            var items: [ListItem] = []
            for entry in list {
                switch entry {
                case .single(.integer(let value)): items.append(.element(value))
                case .range(.integer(let low), .integer(let high), let inclusive): items.append(.range(low, high, inclusive: inclusive))
                default: return dynamicMembership(element, list, level)
                }
            }
            let set = tables.positionSet(items, positionsOnly: false, level: level)
            return "BlockSparsePlanner.BuiltinBoxes.membership(\(range(element, level)), \(set))"
        case .blocks(let inner):
            if !tileBoxDeclared {
                let b = pattern.blockSize
                prelude.declare("tileBox", "BlockSparsePlanner.Box(q0: box.q0 / \(b), q1: box.q1 / \(b), k0: box.k0 / \(b), k1: box.k1 / \(b))")
                tileBoxDeclared = true
            }
            return state(inner, .tiles)
        case .builtin(let builtin):
            switch builtin {
            case .causal: return "BlockSparsePlanner.BuiltinBoxes.causal(\(box))"
            case .window(let before, let after): return "BlockSparsePlanner.BuiltinBoxes.window(\(box), before: \(before), after: \(after))"
            case .dilated(let width, let dilation):
                let (reach, overflow) = width.multipliedReportingOverflow(by: dilation)
                return "BlockSparsePlanner.BuiltinBoxes.dilated(\(box), reach: \(overflow ? "Swift.Int64.max" : String(reach)), dilation: \(dilation))"
            case .strided(let stride): return "BlockSparsePlanner.BuiltinBoxes.dilated(\(box), reach: Swift.Int64.max, dilation: \(stride))"
            case .sink(let count): return "BlockSparsePlanner.BuiltinBoxes.sink(\(box), count: \(count))"
            case .global(let items): return "BlockSparsePlanner.BuiltinBoxes.global(\(box), \(tables.positionSet(items, positionsOnly: true, level: level)))"
            case .random(let count, let seed): return "\(tables.randomDraws(count: count, seed: seed, level: level)).state(in: \(box))"
            }
        case .integer, .position, .negate, .absolute, .arithmetic:
            preconditionFailure("an integer where a mask was expected; the checker guarantees types")
        }
    }

    /// `element in list` with entries that depend on the positions: the union of its entries'
    /// states, as the planner takes it (see `ListEntryBoxes`).
    private mutating func dynamicMembership(_ element: MaskExpression, _ list: [ListElement], _ level: EmissionLevel) -> String {
        let value = "member\(members)"
        members += 1
        prelude.declare(value, range(element, level))
        let states = list.map { entry -> String in
            switch entry {
            case .single(let single):
                return "BlockSparsePlanner.BuiltinBoxes.listEntry(\(value), equals: \(range(single, level)), length: \(level.n))"
            case .range(let low, let high, let inclusive):
                return "BlockSparsePlanner.BuiltinBoxes.listEntry(\(value), from: \(range(low, level)), to: \(range(high, level)), "
                    + "inclusive: \(inclusive), length: \(level.n))"
            }
        }
        return "(" + states.joined(separator: " | ") + ")"
    }

    /// An Int expression as an IntegerRange expression.
    mutating func range(_ expression: MaskExpression, _ level: EmissionLevel) -> String {
        let box = level.box
        switch expression {
        case .integer(let value): return "BlockSparsePlanner.IntegerRange(\(SwiftLiteral.integer(value)))"
        case .position(.q): return "BlockSparsePlanner.IntegerRange(lower: \(box).q0, upper: \(box).q1)"
        case .position(.k): return "BlockSparsePlanner.IntegerRange(lower: \(box).k0, upper: \(box).k1)"
        case .position(.n): return "BlockSparsePlanner.IntegerRange(\(level.n))"
        case .binding(let index): return SwiftLiteral.bindingName(pattern.bindings[index].name)
        case .negate(let operand): return "\(range(operand, level)).negated()"
        case .absolute(let operand): return "\(range(operand, level)).absolute()"
        case .arithmetic(let op, let left, let right):
            return "BlockSparsePlanner.IntegerRange.apply(.\(Self.name(op)), \(range(left, level)), \(range(right, level)))"
        default:
            preconditionFailure("a mask where an integer was expected; the checker guarantees types")
        }
    }

    static func name(_ op: ComparisonOperator) -> String {
        switch op {
        case .equal: return "equal"
        case .notEqual: return "notEqual"
        case .less: return "less"
        case .lessOrEqual: return "lessOrEqual"
        case .greater: return "greater"
        case .greaterOrEqual: return "greaterOrEqual"
        }
    }

    static func name(_ op: ArithmeticOperator) -> String {
        switch op {
        case .add: return "add"
        case .subtract: return "subtract"
        case .multiply: return "multiply"
        case .divide: return "divide"
        case .modulo: return "modulo"
        case .minimum: return "minimum"
        case .maximum: return "maximum"
        }
    }
}
