// ColumnSupportEmitter: for a row of query tiles, statements that add the key tiles the
// mask can touch to a `ColumnRanges` — each built-in's closed form, unions as several
// additions, intersections as one side clipped to the other's hull — the body of a
// generated kernel's `candidateColumns`. A superset is always correct: the tile
// classification drops the empty tiles it lets through.

import PatternLanguage

/// Emits the column support of a mask as Swift statements.
struct ColumnSupportEmitter {
    let pattern: CheckedPattern
    var tables: KernelTables
    /// The statements, in order.
    private(set) var statements: [String] = []
    private var clips = 0

    init(pattern: CheckedPattern, tables: KernelTables) {
        self.pattern = pattern
        self.tables = tables
    }

    private struct Level {
        var q0: String, q1: String, n: String, block: String, element: EmissionLevel
    }

    /// Emits the statements for the whole mask, unclipped.
    mutating func emitMask() {
        let level = Level(q0: "q0", q1: "q1", n: "n", block: String(pattern.blockSize), element: .positions(block: pattern.blockSize))
        add(pattern.mask, level, clip: "AttentionKernels.ColumnSpan.all(tiles)")
    }

    /// How narrow a sub-expression's support usually is: built-ins with a closed form are
    /// narrow (0), arbitrary predicates and complements are everything (1).
    private func width(_ expression: MaskExpression) -> Int {
        switch expression {
        case .builtin(.strided): return 1
        case .builtin, .boolean(false): return 0
        case .blocks(let inner): return width(inner)
        case .binding(let index): return width(pattern.bindings[index].value)
        case .or(let a, let b): return max(width(a), width(b))
        case .and(let a, let b): return min(width(a), width(b))
        default: return 1
        }
    }

    private func tileLevel(_ level: Level) -> Level {
        Level(q0: "(q0 / \(pattern.blockSize))", q1: "(q1 / \(pattern.blockSize))", n: "tiles", block: "1", element: .tiles)
    }

    /// The span of key columns `expression` can touch, as a Swift `ColumnSpan` expression.
    private mutating func hull(_ expression: MaskExpression, _ level: Level) -> String {
        let keys = { (from: String, through: String) in "AttentionKernels.ColumnSpan.keys(from: \(from), through: \(through), block: \(level.block), length: \(level.n))" }
        switch expression {
        case .boolean(false): return "AttentionKernels.ColumnSpan.empty"
        case .binding(let index): return hull(pattern.bindings[index].value, level)
        case .or(let a, let b): return "\(hull(a, level)).union(\(hull(b, level)))"
        case .and(let a, let b): return "\(hull(a, level)).intersection(\(hull(b, level)))"
        case .blocks(let inner): return hull(inner, tileLevel(level))
        case .builtin(.causal): return keys("0", level.q1)
        case .builtin(.window(let before, let after)):
            return keys("BlockSparsePlanner.Saturating.subtract(\(level.q0), \(before))", "BlockSparsePlanner.Saturating.add(\(level.q1), \(after))")
        case .builtin(.dilated(let width, let dilation)):
            let (reach, overflow) = width.multipliedReportingOverflow(by: dilation)
            let span = overflow ? "Swift.Int64.max" : String(reach)
            return keys("BlockSparsePlanner.Saturating.subtract(\(level.q0), \(span))", "BlockSparsePlanner.Saturating.add(\(level.q1), \(span))")
        case .builtin(.sink(let count)): return keys("0", String(count - 1))
        default: return "AttentionKernels.ColumnSpan.all(tiles)"
        }
    }

    /// Statements adding the columns of `expression` within `clip`.
    private mutating func add(_ expression: MaskExpression, _ level: Level, clip: String) {
        switch expression {
        case .boolean(false): return
        case .binding(let index): add(pattern.bindings[index].value, level, clip: clip)
        case .or(let a, let b):
            add(a, level, clip: clip)
            add(b, level, clip: clip)
        case .and(let a, let b):
            let (enumerated, clipping) = width(b) < width(a) ? (b, a) : (a, b)
            let name = "clip\(clips)"
            clips += 1
            statements.append("let \(name) = \(clip).intersection(\(hull(clipping, level)))")
            add(enumerated, level, clip: name)
        case .blocks(let inner): add(inner, tileLevel(level), clip: clip)
        case .builtin(.global(let items)):
            let set = tables.positionSet(items, positionsOnly: true, level: level.element)
            statements.append("if \(set).intersects(\(level.q0), \(level.q1)) { ranges.add(\(clip)) } else { ranges.add(\(set), block: \(level.block), clip: \(clip)) }")
        case .builtin(.random(let count, let seed)):
            let draws = tables.randomDraws(count: count, seed: seed, level: level.element)
            statements.append("\(draws).addColumns(rows: \(level.q0), \(level.q1), block: \(level.block), to: &ranges, clip: \(clip))")
        case .builtin(.causal), .builtin(.window), .builtin(.dilated), .builtin(.sink):
            statements.append("ranges.add(\(hull(expression, level)).intersection(\(clip)))")
        default:
            statements.append("ranges.add(\(clip))")
        }
    }
}
