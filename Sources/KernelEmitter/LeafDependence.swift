// LeafDependence: how each leaf of a mask — a built-in, a comparison, a membership test —
// depends on the query and key positions: on q - k only (windows, dilated and strided
// bands, causality), on k only (sinks, `k % l >= l - c`), on q only, or otherwise. A
// compiled kernel combines these with a tile's states: where the decided parts of the mask
// leave only leaves of one kind, the tile's mask is shared by every tile on its diagonal,
// in its column or in its row, and is filled once.

import PatternLanguage

/// The static dependence analysis of a checked pattern's leaves.
struct LeafDependence {
    let pattern: CheckedPattern

    /// What a Bool leaf's value depends on; the case names match the runtime's
    /// `MaskDependence` (in AttentionKernels).
    enum Kind: String {
        case constant, difference, keyOnly, queryOnly, other
    }

    /// How an integer expression depends on the positions.
    private enum Integer {
        /// Neither q nor k.
        case constant
        /// `q + c` or `k + c` for a constant c.
        case query, key
        /// A function of q - k.
        case difference
        /// A function of q alone, or of k alone.
        case queryOnly, keyOnly
        /// Anything else.
        case other
    }

    /// The dependence of a leaf (not `&`, `|`, `!` or a Bool `let`, which combine leaves).
    func kind(ofLeaf expression: MaskExpression) -> Kind {
        switch expression {
        case .boolean: return .constant
        case .blocks: return .other
        case .comparison(_, let left, let right): return Self.combine([integer(left), integer(right)])
        case .membership(let element, let list):
            var parts = [integer(element)]
            for entry in list {
                switch entry {
                case .single(let value): parts.append(integer(value))
                case .range(let low, let high, _): parts += [integer(low), integer(high)]
                }
            }
            return Self.combine(parts)
        case .builtin(let builtin):
            switch builtin {
            case .causal, .window, .dilated, .strided: return .difference
            case .sink: return .keyOnly
            case .global, .random: return .other
            }
        default: return .other
        }
    }

    /// The dependence of a comparison or membership of integer parts.
    private static func combine(_ parts: [Integer]) -> Kind {
        let set = Set(parts)
        if set == [.constant] { return .constant }
        if set.isSubset(of: [.constant, .difference]) { return .difference }
        // `q + a <op> k + b` is a comparison of q - k with b - a.
        if parts.count == 2, set == [.query, .key] { return .difference }
        if set.isSubset(of: [.constant, .query, .queryOnly]) { return .queryOnly }
        if set.isSubset(of: [.constant, .key, .keyOnly]) { return .keyOnly }
        return .other
    }

    /// Whether the constant of `position ± constant` is a literal small enough (below 2^60
    /// in magnitude) that the sum of it and a position (below 2^61) can not wrap. Only then is
    /// `q + a < k + b` the comparison `q - k < b - a`: with a wrapped sum it is not a
    /// function of q - k, and tiles on one diagonal would not share their masks.
    private static func offsetNeverWraps(_ left: MaskExpression, _ right: MaskExpression) -> Bool {
        let limit: Int64 = 1 << 60
        for operand in [left, right] {
            if case .integer(let value) = operand, value > -limit, value < limit { return true }
        }
        return false
    }

    private func integer(_ expression: MaskExpression) -> Integer {
        switch expression {
        case .integer: return .constant
        case .position(let position):
            switch position {
            case .q: return .query
            case .k: return .key
            case .n: return .constant
            }
        case .binding(let index): return integer(pattern.bindings[index].value)
        case .negate(let operand), .absolute(let operand):
            switch integer(operand) {
            case .constant: return .constant
            case .difference: return .difference
            case .query, .queryOnly: return .queryOnly
            case .key, .keyOnly: return .keyOnly
            case .other: return .other
            }
        case .arithmetic(let op, let left, let right):
            let (a, b) = (integer(left), integer(right))
            switch (op, a, b) {
            case (_, .constant, .constant): return .constant
            case (.subtract, .query, .key), (.subtract, .key, .query): return .difference
            // `q + c` stays a shifted q only while it can not wrap (see `offsetNeverWraps`).
            case (.add, .query, .constant), (.add, .constant, .query), (.subtract, .query, .constant):
                return Self.offsetNeverWraps(left, right) ? .query : .queryOnly
            case (.add, .key, .constant), (.add, .constant, .key), (.subtract, .key, .constant):
                return Self.offsetNeverWraps(left, right) ? .key : .keyOnly
            case (_, .constant, .difference), (_, .difference, .constant), (_, .difference, .difference): return .difference
            default:
                let parts: Set<Integer> = [a, b]
                if parts.isSubset(of: [.constant, .query, .queryOnly]) { return .queryOnly }
                if parts.isSubset(of: [.constant, .key, .keyOnly]) { return .keyOnly }
                return .other
            }
        default: return .other
        }
    }
}
