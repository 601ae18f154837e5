// PatternChecker+LetsInBlocks: a `let` used inside `blocks(...)`. A `let` is a named
// expression, and inside `blocks` q, k and n are tile indices, so there it stands for its
// expression on the tile grid: the checker writes the expression in its place (with the
// `let`s it uses written out too) instead of referring to its value on positions.

extension PatternChecker {
    /// The most nodes a `let` may expand to inside `blocks(...)`: a chain of `let`s that each
    /// use the one before twice doubles at every step.
    static let letExpansionLimit = 100_000

    /// The expression of `let` `name` (its checked value, `expression`) for a use inside
    /// `blocks(...)`, with every `let` it refers to expanded; `nil` after reporting why not.
    mutating func expandedInsideBlocks(_ expression: MaskExpression, name: String, range: SourceRange) -> MaskExpression? {
        var expansion = LetExpansion(bindings: bindings)
        let expanded = expansion.expand(expression)
        if expansion.nodes > Self.letExpansionLimit {
            error("'\(name)' is too large to write out inside 'blocks(...)': it expands to more than \(Self.letExpansionLimit) nodes", range,
                  hint: "inside 'blocks(...)' a 'let' stands for its whole expression; write a shorter expression inside the call")
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

/// Writes out the `let`s an expression refers to, counting the nodes it produces.
private struct LetExpansion {
    let bindings: [Binding]
    private(set) var nodes = 0
    private(set) var containsBlocks = false
    private var expandedBindings: [Int: (expression: MaskExpression, nodes: Int)] = [:]

    init(bindings: [Binding]) { self.bindings = bindings }

    mutating func expand(_ expression: MaskExpression) -> MaskExpression {
        guard nodes <= PatternChecker.letExpansionLimit else { return expression }
        nodes += 1
        switch expression {
        case .integer, .boolean, .position, .builtin:
            return expression
        case .binding(let index):
            nodes -= 1
            if let known = expandedBindings[index] {
                nodes += known.nodes
                return known.expression
            }
            let before = nodes
            let expanded = expand(bindings[index].value)
            expandedBindings[index] = (expanded, nodes - before)
            return expanded
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
