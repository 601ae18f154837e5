// TranslationInvariance: which terms of a mask's top-level union depend on q and k only
// through q - k (windows, dilated and strided bands, causality, comparisons of q - k).
// Where the other terms keep nothing, a whole tile's mask depends only on the offset
// between its row and column, so a compiled kernel fills it once per offset and copies it.

import PatternLanguage

/// Splits a checked mask into its translation-invariant and varying union terms.
struct TranslationInvariance {
    let pattern: CheckedPattern

    /// The top-level `|` terms of the mask, split into those that depend on q - k only and
    /// the others (in their order in the mask).
    func split() -> (invariant: [MaskExpression], varying: [MaskExpression]) {
        var (invariant, varying): ([MaskExpression], [MaskExpression]) = ([], [])
        for term in Self.unionTerms(pattern.mask) {
            if isInvariant(term) { invariant.append(term) } else { varying.append(term) }
        }
        return (invariant, varying)
    }

    private static func unionTerms(_ expression: MaskExpression) -> [MaskExpression] {
        if case .or(let left, let right) = expression { return unionTerms(left) + unionTerms(right) }
        return [expression]
    }

    /// How an integer expression depends on the query and key positions.
    private enum Dependence {
        /// Neither q nor k.
        case constant
        /// `q + c` or `k + c` for a constant c.
        case query, key
        /// Some function of q - k.
        case difference
        /// Anything else.
        case other
    }

    /// Whether a Bool expression depends on q and k only through q - k.
    private func isInvariant(_ expression: MaskExpression) -> Bool {
        switch expression {
        case .boolean: return true
        case .binding(let index): return isInvariant(pattern.bindings[index].value)
        case .not(let operand): return isInvariant(operand)
        case .and(let left, let right), .or(let left, let right): return isInvariant(left) && isInvariant(right)
        case .blocks(let inner): return isInvariant(inner)
        case .comparison(_, let left, let right):
            switch (dependence(left), dependence(right)) {
            case (.constant, .constant), (.constant, .difference), (.difference, .constant), (.difference, .difference),
                 (.query, .key), (.key, .query):
                return true
            default: return false
            }
        case .membership(let element, let list):
            // The element and the list's bounds, all functions of q - k (or constants).
            var parts = [element]
            for entry in list {
                switch entry {
                case .single(let value): parts.append(value)
                case .range(let low, let high, _): parts += [low, high]
                }
            }
            return parts.allSatisfy { [.constant, .difference].contains(dependence($0)) }
        case .builtin(let builtin):
            switch builtin {
            case .causal, .window, .dilated, .strided: return true
            case .global, .sink, .random: return false
            }
        case .integer, .position, .negate, .absolute, .arithmetic: return false
        }
    }

    private func dependence(_ expression: MaskExpression) -> Dependence {
        switch expression {
        case .integer: return .constant
        case .position(let position):
            switch position {
            case .q: return .query
            case .k: return .key
            case .n: return .constant
            }
        case .binding(let index): return dependence(pattern.bindings[index].value)
        case .negate(let operand), .absolute(let operand):
            let inner = dependence(operand)
            return inner == .constant || inner == .difference ? inner : .other
        case .arithmetic(let op, let left, let right):
            let (a, b) = (dependence(left), dependence(right))
            switch (op, a, b) {
            case (_, .constant, .constant): return .constant
            case (.subtract, .query, .key), (.subtract, .key, .query): return .difference
            case (.add, .query, .constant), (.add, .constant, .query), (.subtract, .query, .constant): return .query
            case (.add, .key, .constant), (.add, .constant, .key), (.subtract, .key, .constant): return .key
            case (_, .constant, .difference), (_, .difference, .constant), (_, .difference, .difference): return .difference
            default: return .other
            }
        default: return .other
        }
    }
}
