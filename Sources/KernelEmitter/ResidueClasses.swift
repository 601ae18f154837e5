// ResidueClasses: the choice, at generation time, of the residue classes a compiled kernel
// groups each tile's positions by (see `ResiduePermutation` in AttentionKernels): the
// dilation of the mask's first dilated or strided band whose classes fill runs of at
// least 8 columns — the tile loop's granularity — so that each row's keys are contiguous.

import PatternLanguage

/// Picks a compiled kernel's residue classes.
enum ResidueClasses {
    /// Classes narrower than this many columns are not worth grouping (the tile loop works
    /// in runs of 8; sparser bands run as per-row key lists).
    static let minimumRun = 8

    /// The dilation of the first `dilated(w, d)` or `strided(d)` in the mask (or its `let`s)
    /// with `d > 1`, `d` dividing the block and `block / d >= 8`; 1 when there is none.
    /// Bands inside `blocks(...)` are on the tile grid and do not count.
    static func choose(for pattern: CheckedPattern) -> Int {
        var found: Int?
        func visit(_ expression: MaskExpression) {
            guard found == nil else { return }
            switch expression {
            case .builtin(.dilated(_, let d)), .builtin(.strided(let d)):
                if d > 1, d <= Int64(pattern.blockSize / minimumRun), Int64(pattern.blockSize) % d == 0 { found = Int(d) }
            case .binding(let index): visit(pattern.bindings[index].value)
            case .not(let operand): visit(operand)
            case .and(let left, let right), .or(let left, let right): visit(left); visit(right)
            default: break
            }
        }
        visit(pattern.mask)
        return found ?? 1
    }
}
