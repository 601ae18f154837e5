// MaskResidualEmitter: a checked mask as one Swift expression of type MaskResidual over a
// box — each leaf's tile state (as the tile-state emitter writes it) paired with its
// dependence (see LeafDependence), combined with `&`, `|` and `!` as in the mask — the
// body of a generated kernel's `maskResidual`.

import PatternLanguage

/// Emits the residual of the mask on a box: `let` lines and the final expression.
struct MaskResidualEmitter {
    let pattern: CheckedPattern
    private var states: TileStateEmitter
    private let dependence: LeafDependence

    init(pattern: CheckedPattern, tables: KernelTables) {
        self.pattern = pattern
        states = TileStateEmitter(pattern: pattern, tables: tables)
        dependence = LeafDependence(pattern: pattern)
    }

    /// The tables, with any the leaves added.
    var tables: KernelTables { states.tables }

    /// The residual expression, and the `let` lines it needs.
    mutating func emitMask() -> (lines: [String], expression: String) {
        _ = states.emitMask()  // declares the `let`s' states and ranges the leaves may use
        let expression = residual(pattern.mask, .positions(block: pattern.blockSize))
        return (states.prelude.lines(neededBy: expression), expression)
    }

    private mutating func residual(_ expression: MaskExpression, _ level: EmissionLevel) -> String {
        switch expression {
        case .not(let operand): return "!\(residual(operand, level))"
        case .and(let left, let right): return "(\(residual(left, level)) & \(residual(right, level)))"
        case .or(let left, let right): return "(\(residual(left, level)) | \(residual(right, level)))"
        case .binding(let index) where pattern.bindings[index].type == .boolean:
            return residual(pattern.bindings[index].value, level)
        default:
            return "AttentionKernels.MaskResidual(\(states.state(expression, level)), .\(dependence.kind(ofLeaf: expression).rawValue))"
        }
    }
}
