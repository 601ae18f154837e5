// BoxClassifier: decides a flattened mask on a whole box of (q, k) pairs at once — each
// built-in exactly from its closed form, arithmetic by interval reasoning — so that the
// planner classifies a tile in time independent of its size, and splits only the boxes
// where interval reasoning can not decide.

import PatternLanguage

/// A box of pairs on one grid: queries `q0 ... q1`, keys `k0 ... k1`.
public struct Box: Sendable, Equatable {
    /// The first and last query.
    public var q0: Int64, q1: Int64
    /// The first and last key.
    public var k0: Int64, k1: Int64

    /// Makes a box.
    @inlinable
    public init(q0: Int64, q1: Int64, k0: Int64, k1: Int64) { (self.q0, self.q1, self.k0, self.k1) = (q0, q1, k0, k1) }

    /// The number of pairs in the box.
    @inlinable
    public var area: Int64 { (q1 - q0 + 1) * (k1 - k0 + 1) }

    /// The box cut in two along its longer side (queries on a tie); needs `area > 1`.
    @inlinable
    public var halves: (Box, Box) {
        var (first, second) = (self, self)
        if q1 - q0 >= k1 - k0 {
            let middle = q0 + (q1 - q0) / 2
            (first.q1, second.q0) = (middle, middle + 1)
        } else {
            let middle = k0 + (k1 - k0) / 2
            (first.k1, second.k0) = (middle, middle + 1)
        }
        return (first, second)
    }
}

/// Classifies the nodes of a ``PlanExpression`` on boxes. Keeps caches (random draws,
/// binding values), so it is a mutable value, one per planning thread.
struct BoxClassifier {
    let expression: PlanExpression
    /// The random draws of recent rows, ascending: a direct-mapped cache, row `r`'s draw in
    /// slot `r % drawSlots` with its arguments (no hashing: tiles are classified a row of
    /// tiles at a time, so the rows asked for are the few dozen of one tile row, again and
    /// again; a dictionary's hashing was a third of planning `token_random`).
    private var drawKeys: [DrawKey?] = []
    private var drawValues: [[Int64]] = []
    private static let drawSlots = 4096
    /// Per binding slot: the box generation its cached value belongs to, and the values.
    private var bindingGeneration: [UInt64]
    private var bindingRanges: [IntegerRange]
    private var bindingStates: [TileState]
    /// Bumped for every fresh evaluation, which invalidates the binding caches.
    var generation: UInt64 = 0

    private struct DrawKey: Equatable { var count: Int64, seed: Int64, row: Int64, columns: Int64 }

    init(_ expression: PlanExpression) {
        self.expression = expression
        bindingGeneration = Array(repeating: .max, count: expression.bindingSlots)
        bindingRanges = Array(repeating: .all, count: expression.bindingSlots)
        bindingStates = Array(repeating: .unknown, count: expression.bindingSlots)
    }

    /// The state of the whole mask on `box` (a box of positions).
    mutating func classifyRoot(_ box: Box) -> TileState {
        generation &+= 1
        return classify(expression.root, box)
    }

    /// The state of one node on `box`, as a fresh evaluation (binding caches reset).
    mutating func classifyNode(_ node: Int32, _ box: Box) -> TileState {
        generation &+= 1
        return classify(node, box)
    }

    /// The columns `row draws` keeps under `random(count, seed)` on a grid of `columns`.
    mutating func drawnColumns(count: Int64, seed: Int64, row: Int64, columns: Int64) -> [Int64] {
        let key = DrawKey(count: count, seed: seed, row: row, columns: columns)
        if drawKeys.isEmpty {
            drawKeys = Array(repeating: nil, count: Self.drawSlots)
            drawValues = Array(repeating: [], count: Self.drawSlots)
        }
        let slot = Int(UInt64(bitPattern: row) % UInt64(Self.drawSlots))
        if drawKeys[slot] == key { return drawValues[slot] }
        let drawn = RandomDraw.columns(seed: seed, row: row, columns: columns, count: count)
        (drawKeys[slot], drawValues[slot]) = (key, drawn)
        return drawn
    }

    /// The state of a Bool node on `box`.
    mutating func classify(_ node: Int32, _ box: Box) -> TileState {
        let grid = expression.grid(of: node)
        switch expression.nodes[Int(node)] {
        case .boolean(let value): return value ? .full : .empty
        case .binding(let value, let slot):
            let slot = Int(slot)
            if bindingGeneration[slot] == generation { return bindingStates[slot] }
            let state = classify(value, box)
            (bindingGeneration[slot], bindingStates[slot]) = (generation, state)
            return state
        case .not(let operand): return !classify(operand, box)
        case .and(let left, let right):
            let first = classify(left, box)
            return first == .empty ? .empty : first & classify(right, box)
        case .or(let left, let right):
            let first = classify(left, box)
            return first == .full ? .full : first | classify(right, box)
        case .comparison(let op, let left, let right):
            return TileState(IntegerRange.compare(op, range(left, box), range(right, box)))
        case .constantMembership(let value, let set):
            return BuiltinBoxes.membership(range(value, box), expression.sets[Int(set)])
        case .membership(let value, let elements):
            return classifyMembership(range(value, box), elements, box, grid: grid)
        case .blocks(let inner):
            let block = expression.positions.block
            return classify(inner, Box(q0: box.q0 / block, q1: box.q1 / block, k0: box.k0 / block, k1: box.k1 / block))
        case .causal: return BuiltinBoxes.causal(box)
        case .window(let before, let after): return BuiltinBoxes.window(box, before: before, after: after)
        case .dilated(let width, let dilation):
            let (reach, overflow) = width.multipliedReportingOverflow(by: dilation)
            return BuiltinBoxes.dilated(box, reach: overflow ? .max : reach, dilation: dilation)
        case .strided(let stride): return BuiltinBoxes.dilated(box, reach: .max, dilation: stride)
        case .global(let set): return BuiltinBoxes.global(box, expression.sets[Int(set)])
        case .sink(let count): return BuiltinBoxes.sink(box, count: count)
        case .random(let count, let seed):
            // A row that draws every column keeps them all: no draws needed.
            if count >= grid.length { return .full }
            // Stops at the first row that shows the box is partial.
            let width = box.k1 - box.k0 + 1
            var (sawKept, sawDropped) = (false, false)
            for row in box.q0...box.q1 {
                let kept = BuiltinBoxes.countInRange(drawnColumns(count: count, seed: seed, row: row, columns: grid.length), box.k0, box.k1)
                if kept > 0 { sawKept = true }
                if kept < width { sawDropped = true }
                if sawKept && sawDropped { return .partial }
            }
            return sawKept ? .full : .empty
        case .integer, .position, .negate, .absolute, .arithmetic:
            preconditionFailure("an integer node where a mask was expected; the checker guarantees types")
        }
    }

    /// `x in [ ... ]` with entries that depend on the position: the union of its entries'
    /// states (see `ListEntryBoxes`), exact when x and every entry are single values.
    private mutating func classifyMembership(_ value: IntegerRange, _ elements: [PlanListElement], _ box: Box, grid: PlanGrid) -> TileState {
        var state = TileState.empty
        for element in elements {
            let lower = range(element.lower, box)
            let entry: TileState
            if let upper = element.upper {
                entry = BuiltinBoxes.listEntry(value, from: lower, to: range(upper, box), inclusive: element.inclusive, length: grid.length)
            } else {
                entry = BuiltinBoxes.listEntry(value, equals: lower, length: grid.length)
            }
            if entry == .full { return .full }
            state = state | entry
        }
        return state
    }

    /// The values of an integer node on `box`.
    mutating func range(_ node: Int32, _ box: Box) -> IntegerRange {
        switch expression.nodes[Int(node)] {
        case .integer(let value): return IntegerRange(value)
        case .position(.q): return IntegerRange(lower: box.q0, upper: box.q1)
        case .position(.k): return IntegerRange(lower: box.k0, upper: box.k1)
        case .position(.n): return IntegerRange(expression.grid(of: node).length)
        case .binding(let value, let slot):
            let slot = Int(slot)
            if bindingGeneration[slot] == generation { return bindingRanges[slot] }
            let values = range(value, box)
            (bindingGeneration[slot], bindingRanges[slot]) = (generation, values)
            return values
        case .negate(let operand): return range(operand, box).negated()
        case .absolute(let operand): return range(operand, box).absolute()
        case .arithmetic(let op, let left, let right):
            return IntegerRange.apply(op, range(left, box), range(right, box))
        default:
            preconditionFailure("a mask node where an integer was expected; the checker guarantees types")
        }
    }
}
