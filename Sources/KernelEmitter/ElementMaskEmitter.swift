// ElementMaskEmitter: a checked mask as one Swift Bool expression over `q` and `k`, with
// the language's exact semantics (wrapping arithmetic, floor division and modulo, total at
// zero, negative list entries from the end) — the body of a generated kernel's `keeps`.

import PatternLanguage

/// Emits the element mask: `let` statements (the pattern's `let`s and shared temporaries)
/// and the final Bool expression.
struct ElementMaskEmitter {
    let pattern: CheckedPattern
    var tables: KernelTables
    /// Lines emitted before the expression, pruned to those it uses.
    private(set) var prelude = Prelude()
    private var temporaries = 0
    private var tileIndicesDeclared = false
    private var bindingsDeclared = false

    init(pattern: CheckedPattern, tables: KernelTables) {
        self.pattern = pattern
        self.tables = tables
    }

    /// Lists of at most this many items are compared inline; longer ones use a table.
    static let inlineListLimit = 8

    /// The mask as a Swift Bool expression; the pattern's `let`s become `prelude` lines.
    mutating func emitMask() -> String {
        declareBindings()
        return emit(pattern.mask, .positions(block: pattern.blockSize))
    }

    /// One part of the mask (a leaf, see ``LeafDependence``) as a Swift Bool expression over
    /// `q` and `k`, with the `prelude` lines it needs.
    mutating func emitLeaf(_ leaf: MaskExpression) -> (lines: [String], expression: String) {
        declareBindings()
        let expression = emit(leaf, .positions(block: pattern.blockSize))
        return (prelude.lines(neededBy: expression), expression)
    }

    /// `global(items)`'s two halves as Swift Bool expressions: the query is one of the
    /// positions (its row is kept whole), the key is one of them (its column is).
    mutating func globalTests(_ items: [ListItem], level: EmissionLevel) -> (query: String, key: String) {
        if items.count <= Self.inlineListLimit {
            return (membership(level.q, items, level: level), membership(level.k, items, level: level))
        }
        let set = tables.positionSet(items, positionsOnly: true, level: level)
        return ("\(set).contains(\(level.q))", "\(set).contains(\(level.k))")
    }

    /// Declares the pattern's `let`s as prelude lines, once.
    private mutating func declareBindings() {
        guard !bindingsDeclared else { return }
        bindingsDeclared = true
        for index in UsedBindings.indices(of: pattern) {
            let value = emit(pattern.bindings[index].value, .positions(block: pattern.blockSize))
            prelude.declare(SwiftLiteral.bindingName(pattern.bindings[index].name), value)
        }
    }

    private mutating func temporary(_ value: String) -> String {
        if value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { return value }
        let name = "t\(temporaries)"
        temporaries += 1
        prelude.declare(name, value)
        return name
    }

    /// `value` resolved from the end of the sequence when negative.
    private func fromEnd(_ value: MaskExpression, emitted: String, level: EmissionLevel) -> String {
        if case .integer(let constant) = value {
            return constant >= 0 ? emitted : "(\(level.n) &+ \(emitted))"
        }
        return "PatternLanguage.Arithmetic.fromEnd(\(emitted), length: \(level.n))"
    }

    private func membership(_ value: String, _ items: [ListItem], level: EmissionLevel) -> String {
        func bound(_ constant: Int64) -> String {
            constant >= 0 ? String(constant) : "(\(level.n) &+ \(SwiftLiteral.integer(constant)))"
        }
        let tests = items.map { item -> String in
            switch item {
            case .element(let element): return "\(value) == \(bound(element))"
            case .range(let low, let high, let inclusive): return "(\(bound(low)) <= \(value) && \(value) \(inclusive ? "<=" : "<") \(bound(high)))"
            }
        }
        return tests.isEmpty ? "false" : "(" + tests.joined(separator: " || ") + ")"
    }

    /// An expression of any type: Bool expressions for masks, Int64 for integers.
    mutating func emit(_ expression: MaskExpression, _ level: EmissionLevel) -> String {
        switch expression {
        case .integer(let value): return SwiftLiteral.integer(value)
        case .boolean(let value): return String(value)
        case .position(.q): return level.q
        case .position(.k): return level.k
        case .position(.n): return level.n
        case .binding(let index): return SwiftLiteral.bindingName(pattern.bindings[index].name)
        case .negate(let operand): return "(0 &- \(emit(operand, level)))"
        case .absolute(let operand): return "PatternLanguage.Arithmetic.absolute(\(emit(operand, level)))"
        case .not(let operand): return "!\(emit(operand, level))"
        case .arithmetic(let op, let left, let right):
            let (a, b) = (emit(left, level), emit(right, level))
            switch op {
            case .add: return "(\(a) &+ \(b))"
            case .subtract: return "(\(a) &- \(b))"
            case .multiply: return "(\(a) &* \(b))"
            case .divide: return "PatternLanguage.Arithmetic.floorDivide(\(a), \(b))"
            case .modulo: return "PatternLanguage.Arithmetic.floorModulo(\(a), \(b))"
            case .minimum: return "Swift.min(\(a), \(b))"
            case .maximum: return "Swift.max(\(a), \(b))"
            }
        case .comparison(let op, let left, let right):
            return "(\(emit(left, level)) \(op.rawValue) \(emit(right, level)))"
        case .membership(let element, let list):
            let value = temporary(emit(element, level))
            let tests = list.map { entry -> String in
                switch entry {
                case .single(let single):
                    return "\(value) == \(fromEnd(single, emitted: emit(single, level), level: level))"
                case .range(let lower, let upper, let inclusive):
                    let low = fromEnd(lower, emitted: emit(lower, level), level: level)
                    let high = fromEnd(upper, emitted: emit(upper, level), level: level)
                    return "(\(low) <= \(value) && \(value) \(inclusive ? "<=" : "<") \(high))"
                }
            }
            return tests.isEmpty ? "false" : "(" + tests.joined(separator: " || ") + ")"
        case .and(let left, let right): return "(\(emit(left, level)) && \(emit(right, level)))"
        case .or(let left, let right): return "(\(emit(left, level)) || \(emit(right, level)))"
        case .blocks(let inner):
            if !tileIndicesDeclared {
                prelude.declare("qTile", "q / \(pattern.blockSize)")
                prelude.declare("kTile", "k / \(pattern.blockSize)")
                tileIndicesDeclared = true
            }
            return emit(inner, .tiles)
        case .builtin(let builtin):
            return emit(builtin, level)
        }
    }

    private mutating func emit(_ builtin: BuiltinMask, _ level: EmissionLevel) -> String {
        let (q, k) = (level.q, level.k)
        switch builtin {
        case .causal: return "(\(k) <= \(q))"
        case .window(let before, let after): return "(\(q) - \(k) <= \(before) && \(k) - \(q) <= \(after))"
        case .dilated(let width, let dilation):
            let (reach, overflow) = width.multipliedReportingOverflow(by: dilation)
            let phase = "PatternLanguage.Arithmetic.floorModulo(\(q) - \(k), \(dilation)) == 0"
            return overflow ? "(\(phase))" : "(Swift.abs(\(q) - \(k)) <= \(reach) && \(phase))"
        case .strided(let stride): return "(PatternLanguage.Arithmetic.floorModulo(\(q) - \(k), \(stride)) == 0)"
        case .sink(let count): return "(\(k) < \(count))"
        case .random(let count, let seed):
            return "\(tables.randomDraws(count: count, seed: seed, level: level)).contains(row: \(q), column: \(k))"
        case .global(let items):
            let tests = globalTests(items, level: level)
            return "(\(tests.query) || \(tests.key))"
        }
    }
}

/// The `let`s a mask uses, directly or through other `let`s, in declaration order.
enum UsedBindings {
    static func indices(of pattern: CheckedPattern) -> [Int] {
        var used = Set<Int>()
        func visit(_ expression: MaskExpression) {
            switch expression {
            case .binding(let index):
                if used.insert(index).inserted { visit(pattern.bindings[index].value) }
            case .negate(let x), .absolute(let x), .not(let x), .blocks(let x): visit(x)
            case .arithmetic(_, let a, let b), .comparison(_, let a, let b), .and(let a, let b), .or(let a, let b): visit(a); visit(b)
            case .membership(let x, let list):
                visit(x)
                for entry in list {
                    switch entry {
                    case .single(let e): visit(e)
                    case .range(let a, let b, _): visit(a); visit(b)
                    }
                }
            case .integer, .boolean, .position, .builtin: break
            }
        }
        visit(pattern.mask)
        return used.sorted()
    }
}
