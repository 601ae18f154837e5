// PatternChecker+LetsInBlocks: a `let` used inside `blocks(...)`. A `let` is a named
// expression, and inside `blocks` q, k and n are tile indices, so there it stands for its
// expression on the tile grid: the checker writes the expression in its place (with the
// `let`s it uses written out too) instead of referring to its value on positions.

extension PatternChecker {
    /// The most nodes the `let`s used inside `blocks(...)` may write out, for the whole
    /// pattern: each use is a copy (a chain of `let`s that each use the one before twice
    /// doubles at every step), which every later stage, and the Swift compiler for a
    /// generated kernel, then handles node by node.
    static let letExpansionLimit = 4_096
    /// The deepest a `let` written out inside `blocks(...)` may be (``nestingDepth(_:)``,
    /// each `let` it names a level): it is inlined there, so its depth adds to the depth of
    /// the expression around it (the generated Swift nests one level per level, and Swift
    /// refuses more than 256).
    static let letExpansionDepthLimit = 64

    /// The expression of `let` `name` (its checked value, `expression`) for a use inside
    /// `blocks(...)`, with every `let` it refers to expanded; `nil` after reporting why not.
    mutating func expandedInsideBlocks(_ expression: MaskExpression, name: String, range: SourceRange) -> MaskExpression? {
        // Once over the budget, the first use over it has said so.
        guard letExpansionNodes <= Self.letExpansionLimit else { return nil }
        let hint = "inside 'blocks(...)' a 'let' stands for its whole expression; write a shorter expression inside the call"
        // Checked first, so that writing it out recurses no deeper than the limit.
        if nestingDepth(expression) > Self.letExpansionDepthLimit {
            error("'\(name)' is nested too deeply to write out inside 'blocks(...)' (more than \(Self.letExpansionDepthLimit) levels)",
                  range, hint: hint)
            return nil
        }
        var expansion = LetExpansion(bindings: bindings, budget: Self.letExpansionLimit - letExpansionNodes)
        let expanded = expansion.expand(expression)
        letExpansionNodes += expansion.nodes
        if expansion.nodes > expansion.budget {
            error("the 'let's used inside 'blocks(...)' write out to more than \(Self.letExpansionLimit) nodes, here with '\(name)'",
                  range, hint: hint)
            return nil
        }
        if expansion.containsBlocks {
            error("'\(name)' uses 'blocks(...)', which does not nest", range,
                  hint: "inside 'blocks(...)', q and k are already tile indices")
            return nil
        }
        return expanded
    }

    /// The list elements of a list `let` for a use inside `blocks(...)`, expanded as above.
    mutating func expandedInsideBlocks(_ elements: [ListElement], name: String, range: SourceRange) -> [ListElement]? {
        var expanded: [ListElement] = []
        for element in elements {
            switch element {
            case .single(let value):
                guard let value = expandedInsideBlocks(value, name: name, range: range) else { return nil }
                expanded.append(.single(value))
            case .range(let low, let high, let inclusive):
                guard let low = expandedInsideBlocks(low, name: name, range: range),
                      let high = expandedInsideBlocks(high, name: name, range: range) else { return nil }
                expanded.append(.range(low, high, inclusive: inclusive))
            }
        }
        return expanded
    }
}

/// Writes out the `let`s an expression refers to, counting the nodes it produces; it stops
/// (leaving the rest as it was) once they pass its budget.
private struct LetExpansion {
    let bindings: [Binding]
    let budget: Int
    private(set) var nodes = 0
    private(set) var containsBlocks = false

    init(bindings: [Binding], budget: Int) { (self.bindings, self.budget) = (bindings, budget) }

    mutating func expand(_ expression: MaskExpression) -> MaskExpression {
        if case .binding(let index) = expression { return expand(bindings[index].value) }
        nodes += 1
        guard nodes <= budget else { return expression }
        switch expression {
        case .integer, .boolean, .position, .builtin, .binding:
            return expression
        case .negate(let operand): return .negate(expand(operand))
        case .absolute(let operand): return .absolute(expand(operand))
        case .not(let operand): return .not(expand(operand))
        case .arithmetic(let op, let left, let right): return .arithmetic(op, expand(left), expand(right))
        case .comparison(let op, let left, let right): return .comparison(op, expand(left), expand(right))
        case .and(let left, let right): return .and(expand(left), expand(right))
        case .or(let left, let right): return .or(expand(left), expand(right))
        case .membership(let value, let elements):
            return .membership(expand(value), elements.map { element in
                switch element {
                case .single(let single): return .single(expand(single))
                case .range(let low, let high, let inclusive): return .range(expand(low), expand(high), inclusive: inclusive)
                }
            })
        case .blocks(let inner):
            containsBlocks = true
            return .blocks(inner)
        }
    }
}
