// PlanExpression: the checked mask flattened into an array of nodes for the planner —
// bindings shared by index, `global` lists resolved to sorted position sets once, and
// every node tagged with the grid it lives on (positions, or tiles inside `blocks`).

import PatternLanguage

/// One node of a flattened mask. Children are indices into ``PlanExpression/nodes``.
enum PlanNode: Sendable {
    case integer(Int64)
    case boolean(Bool)
    case position(Position)
    /// A `let`'s value, shared by every use; evaluated once per box.
    case binding(value: Int32, slot: Int32)
    case negate(Int32)
    case absolute(Int32)
    case not(Int32)
    case arithmetic(ArithmeticOperator, Int32, Int32)
    case comparison(ComparisonOperator, Int32, Int32)
    /// `x in list` with a constant list, resolved to a position set.
    case constantMembership(Int32, set: Int32)
    /// `x in list` with entries that depend on `q`, `k` or `n`.
    case membership(Int32, [PlanListElement])
    case and(Int32, Int32)
    case or(Int32, Int32)
    case causal
    case window(before: Int64, after: Int64)
    case dilated(width: Int64, dilation: Int64)
    case strided(Int64)
    case global(set: Int32)
    case sink(Int64)
    case random(count: Int64, seed: Int64)
    case blocks(Int32)
}

/// A dynamic list entry: one position, or a range with its inclusiveness.
struct PlanListElement: Sendable {
    var lower: Int32
    var upper: Int32?
    var inclusive: Bool
}

/// The grid a node is evaluated on: token positions, or tiles inside `blocks(...)`.
struct PlanGrid: Sendable {
    /// `n` on this grid: `N`, or the tile count inside `blocks`.
    var length: Int64
    /// How many of this grid's positions make one column of the layout: `B` for
    /// positions, 1 for tiles.
    var block: Int64
    /// The number of layout columns, `ceil(length / block)`.
    var columnCount: Int64 { (length + block - 1) / block }
}

/// A checked mask flattened for planning at one sequence length.
struct PlanExpression: Sendable {
    var nodes: [PlanNode] = []
    /// The resolved position sets of `global` lists and constant membership lists.
    var sets: [PositionSet] = []
    /// For each node, whether it is inside `blocks(...)` (evaluated on the tile grid).
    var onTiles: [Bool] = []
    /// For each node, the checked expression it came from, for reports.
    var sources: [MaskExpression] = []
    /// The number of binding slots (bindings used at least once).
    var bindingSlots = 0
    /// The root node.
    var root: Int32 = 0
    /// The token grid and the tile grid.
    let positions: PlanGrid
    let tiles: PlanGrid

    init(pattern: CheckedPattern, length: Int) {
        let block = Int64(pattern.blockSize)
        positions = PlanGrid(length: Int64(length), block: block)
        tiles = PlanGrid(length: (Int64(length) + block - 1) / block, block: 1)
        var bindingNodes = [Int32?](repeating: nil, count: pattern.bindings.count)
        root = add(pattern.mask, pattern: pattern, onTiles: false, bindingNodes: &bindingNodes)
    }

    func grid(of node: Int32) -> PlanGrid { onTiles[Int(node)] ? tiles : positions }

    private mutating func append(_ node: PlanNode, onTiles tiled: Bool, from source: MaskExpression) -> Int32 {
        nodes.append(node)
        sources.append(source)
        onTiles.append(tiled)
        return Int32(nodes.count - 1)
    }

    private mutating func add(_ expression: MaskExpression, pattern: CheckedPattern, onTiles tiled: Bool, bindingNodes: inout [Int32?]) -> Int32 {
        func child(_ expression: MaskExpression, tiles: Bool? = nil) -> Int32 {
            add(expression, pattern: pattern, onTiles: tiles ?? tiled, bindingNodes: &bindingNodes)
        }
        let length = tiled ? self.tiles.length : positions.length
        switch expression {
        case .integer(let value): return append(.integer(value), onTiles: tiled, from: expression)
        case .boolean(let value): return append(.boolean(value), onTiles: tiled, from: expression)
        case .position(let position): return append(.position(position), onTiles: tiled, from: expression)
        case .binding(let index):
            if bindingNodes[index] == nil {
                let value = child(pattern.bindings[index].value)
                bindingNodes[index] = append(.binding(value: value, slot: Int32(bindingSlots)), onTiles: tiled, from: pattern.bindings[index].value)
                bindingSlots += 1
            }
            return bindingNodes[index]!
        case .negate(let operand): return append(.negate(child(operand)), onTiles: tiled, from: expression)
        case .absolute(let operand): return append(.absolute(child(operand)), onTiles: tiled, from: expression)
        case .not(let operand): return append(.not(child(operand)), onTiles: tiled, from: expression)
        case .arithmetic(let op, let left, let right):
            return append(.arithmetic(op, child(left), child(right)), onTiles: tiled, from: expression)
        case .comparison(let op, let left, let right):
            return append(.comparison(op, child(left), child(right)), onTiles: tiled, from: expression)
        case .membership(let element, let list):
            let value = child(element)
            if let items = Self.constantItems(list) {
                sets.append(PositionSet(items, length: length, positionsOnly: false))
                return append(.constantMembership(value, set: Int32(sets.count - 1)), onTiles: tiled, from: expression)
            }
            let elements = list.map { element -> PlanListElement in
                switch element {
                case .single(let entry): return PlanListElement(lower: child(entry), upper: nil, inclusive: true)
                case .range(let lower, let upper, let inclusive):
                    return PlanListElement(lower: child(lower), upper: child(upper), inclusive: inclusive)
                }
            }
            return append(.membership(value, elements), onTiles: tiled, from: expression)
        case .and(let left, let right): return append(.and(child(left), child(right)), onTiles: tiled, from: expression)
        case .or(let left, let right): return append(.or(child(left), child(right)), onTiles: tiled, from: expression)
        case .blocks(let inner): return append(.blocks(child(inner, tiles: true)), onTiles: tiled, from: expression)
        case .builtin(let builtin):
            switch builtin {
            case .causal: return append(.causal, onTiles: tiled, from: expression)
            case .window(let before, let after): return append(.window(before: before, after: after), onTiles: tiled, from: expression)
            case .dilated(let width, let dilation): return append(.dilated(width: width, dilation: dilation), onTiles: tiled, from: expression)
            case .strided(let stride): return append(.strided(stride), onTiles: tiled, from: expression)
            case .sink(let count): return append(.sink(count), onTiles: tiled, from: expression)
            case .random(let count, let seed): return append(.random(count: count, seed: seed), onTiles: tiled, from: expression)
            case .global(let items):
                sets.append(PositionSet(items, length: length))
                return append(.global(set: Int32(sets.count - 1)), onTiles: tiled, from: expression)
            }
        }
    }

    /// The list's items when every entry is a constant, else `nil`.
    private static func constantItems(_ list: [ListElement]) -> [ListItem]? {
        var items: [ListItem] = []
        for element in list {
            switch element {
            case .single(.integer(let value)): items.append(.element(value))
            case .range(.integer(let low), .integer(let high), let inclusive): items.append(.range(low, high, inclusive: inclusive))
            default: return nil
            }
        }
        return items
    }
}
