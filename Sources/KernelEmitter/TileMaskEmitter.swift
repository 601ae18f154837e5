// TileMaskEmitter: a checked mask as word operations over one tile — the body of a
// generated kernel's `fillMask`. Each row of a partial tile is built 64 keys at a time:
// every leaf of the mask yields a word of bits, and `&`, `|` and `!` combine the words.
// A leaf is evaluated as rarely as its dependence (see LeafDependence) allows: once per
// tile when it depends on k alone (or on neither, or is a `blocks(...)` test), once per row
// when on q alone, once per row and shifted along when on q - k, from the table of draws
// for `random`, and pair by pair only otherwise — in the rows that the leaf's state (the
// planner's interval rules) leaves undecided. Filling a tile so costs a few hundred leaf
// evaluations, where evaluating the whole mask pair by pair cost B².

import PatternLanguage

/// Emits `fillMask`'s body and the leaf functions it calls.
struct TileMaskEmitter {
    let pattern: CheckedPattern
    private var elements: ElementMaskEmitter
    /// The tile states of leaves tested pair by pair, which decide whole tiles and rows.
    private var states: TileStateEmitter
    private let dependence: LeafDependence
    private var lastKeyDeclared = false

    /// A generated function `name(query q: Int64, key k: Int64) -> Bool` testing one leaf.
    struct LeafFunction {
        var name: String
        var lines: [String]
        var result: String
        /// What the leaf is, for its documentation.
        var summary: String
    }

    /// The leaf functions the body calls, in order.
    private(set) var leafFunctions: [LeafFunction] = []
    /// The functions giving the state on a box of leaves tested pair by pair (named after them).
    private(set) var stateFunctions: [LeafFunction] = []
    /// Lines run once per 64 keys of a tile, before its rows.
    private var perTile: [String] = []
    /// Lines run at the start of each row (after the first) to move q - k words along.
    private var shifts: [String] = []
    /// Lines run for each row, before its word is combined.
    private var perRow: [String] = []

    init(pattern: CheckedPattern, tables: KernelTables) {
        self.pattern = pattern
        states = TileStateEmitter(pattern: pattern, tables: tables)
        _ = states.emitMask()  // declares the `let`s' states and ranges the leaves may use
        elements = ElementMaskEmitter(pattern: pattern, tables: states.tables)
        dependence = LeafDependence(pattern: pattern)
    }

    /// The tables, with any the leaves added.
    var tables: KernelTables { elements.tables }

    /// The body of `fillMask(_ tile: Box, into mask: UnsafeMutablePointer<UInt64>, wordsPerRow: Int)`.
    mutating func emitBody() -> [String] {
        let row = word(pattern.mask)
        var lines = [
            "for word in 0..<wordsPerRow {",
            "    // Keys k0 ..< k0 + count of the tile, bit k - k0 of each row's word.",
            "    let k0 = tile.k0 &+ Swift.Int64(word) &* 64",
            "    let count = Swift.Int(Swift.max(0, Swift.min(64, tile.k1 &- k0 &+ 1)))",
            "    guard count > 0 else {",
            "        for q in tile.q0...tile.q1 { mask[Swift.Int(q &- tile.q0) &* wordsPerRow &+ word] = 0 }",
            "        continue",
            "    }",
            "    let valid: Swift.UInt64 = count == 64 ? ~0 : (1 &<< Swift.UInt64(count)) &- 1",
        ]
        lines += perTile.map { "    " + $0 }
        lines.append("    for q in tile.q0...tile.q1 {")
        if !shifts.isEmpty {
            lines.append("        if q != tile.q0 {")
            lines += shifts.map { "            " + $0 }
            lines.append("        }")
        }
        lines += perRow.map { "        " + $0 }
        lines.append("        mask[Swift.Int(q &- tile.q0) &* wordsPerRow &+ word] = \(row) & valid")
        lines.append("    }")
        lines.append("}")
        return lines
    }

    /// The word of a Bool expression for the row `q`, keys `k0 ..< k0 + count`.
    private mutating func word(_ expression: MaskExpression) -> String {
        switch expression {
        case .boolean(let value): return value ? "Swift.UInt64.max" : "Swift.UInt64(0)"
        case .not(let operand): return "~\(word(operand))"
        case .and(let left, let right): return "(\(word(left)) & \(word(right)))"
        case .or(let left, let right): return "(\(word(left)) | \(word(right)))"
        case .binding(let index) where pattern.bindings[index].type == .boolean:
            return word(pattern.bindings[index].value)
        case .builtin(.random(let count, let seed)):
            let draws = elements.tables.randomDraws(count: count, seed: seed, level: .positions(block: pattern.blockSize))
            return rowWord("\(draws).bits(row: q, from: k0, count: count)")
        case .builtin(.global(let items)):
            let tests = elements.globalTests(items, level: .positions(block: pattern.blockSize))
            let keyTest = leafFunction(lines: [], result: tests.key, summary: "a key of `global`")
            let queryTest = leafFunction(lines: [], result: tests.query, summary: "a query of `global`")
            let columns = keyLoop(keyTest)
            return rowWord("\(queryTest)(query: q, key: k0) ? ~0 : \(columns)")
        case .blocks:
            // One test per tile: inside a tile, q and k are the same tile indices.
            let test = leaf(expression)
            return tileWord("\(test)(query: tile.q0, key: k0) ? ~0 : 0")
        default:
            let test = leaf(expression)
            switch dependence.kind(ofLeaf: expression) {
            case .constant: return tileWord("\(test)(query: tile.q0, key: k0) ? ~0 : 0")
            case .keyOnly: return keyLoop(test)
            case .queryOnly: return rowWord("\(test)(query: q, key: k0) ? ~0 : 0")
            case .difference: return shiftedWord(test)
            case .other: return pairWord(test, state: leafState(expression, of: test))
            }
        }
    }

    /// The word of a test of q - k alone: row q + 1's bit j is row q's bit j - 1 (the same
    /// q - k), so each row after the tile's first shifts it and tests the one new key, k0.
    private mutating func shiftedWord(_ test: String) -> String {
        let name = firstRowWord(test, prefix: "diagonal")
        shifts.append("\(name) = \(name) &<< 1 | (\(test)(query: q, key: k0) ? 1 : 0)")
        return name
    }

    /// The word of a test of q and k, pair by pair in the rows that the leaf's `state` on
    /// the tile, then on the row, leaves undecided.
    private mutating func pairWord(_ test: String, state: String) -> String {
        if !lastKeyDeclared {
            perTile.append("let kLast = k0 &+ Swift.Int64(count) &- 1")
            lastKeyDeclared = true
        }
        let onTile = "state\(perTile.count)"
        perTile.append("let \(onTile) = \(state)(BlockSparsePlanner.Box(q0: tile.q0, q1: tile.q1, k0: k0, k1: kLast))")
        let name = "pairs\(perRow.count)"
        perRow += [
            "var \(name): Swift.UInt64 = 0",
            "switch \(onTile) == .full || \(onTile) == .empty ? \(onTile) : \(state)(BlockSparsePlanner.Box(q0: q, q1: q, k0: k0, k1: kLast)) {",
            "case .full: \(name) = ~0",
            "case .empty: break",
            "case .partial, .unknown: for j in 0..<count where \(test)(query: q, key: k0 &+ Swift.Int64(j)) { \(name) |= 1 &<< Swift.UInt64(j) }",
            "}",
        ]
        return name
    }

    /// A word computed once per tile (per 64 keys), named.
    private mutating func tileWord(_ value: String) -> String {
        let name = "tile\(perTile.count)"
        perTile.append("let \(name): Swift.UInt64 = \(value)")
        return name
    }

    /// A word computed once per row, named.
    private mutating func rowWord(_ value: String) -> String {
        let name = "row\(perRow.count)"
        perRow.append("let \(name): Swift.UInt64 = \(value)")
        return name
    }

    /// The word of a test of k alone, computed once per tile, named.
    private mutating func keyLoop(_ test: String) -> String {
        firstRowWord(test, prefix: "keys")
    }

    /// A word of `test` on the tile's first row, pair by pair, computed once per tile (a
    /// variable, which a q - k word then shifts along), named `prefix` and a number.
    private mutating func firstRowWord(_ test: String, prefix: String) -> String {
        let name = "\(prefix)\(perTile.count)"
        perTile.append("var \(name): Swift.UInt64 = 0")
        perTile.append("for j in 0..<count where \(test)(query: tile.q0, key: k0 &+ Swift.Int64(j)) { \(name) |= 1 &<< Swift.UInt64(j) }")
        return name
    }

    /// The name of a new function testing `leaf` on one pair.
    private mutating func leaf(_ leaf: MaskExpression) -> String {
        let (lines, result) = elements.emitLeaf(leaf)
        return leafFunction(lines: lines, result: result, summary: "a part of the mask that depends on \(summary(of: leaf))")
    }

    /// The name of a new function giving `leaf`'s state on a box, named after `test`, the
    /// leaf's function.
    private mutating func leafState(_ leaf: MaskExpression, of test: String) -> String {
        states.tables = elements.tables
        let state = states.state(leaf, .positions(block: pattern.blockSize))
        elements.tables = states.tables
        let name = "\(test)State"
        stateFunctions.append(LeafFunction(name: name, lines: states.prelude.lines(neededBy: state), result: state,
                                           summary: "What `\(test)` keeps of a box"))
        return name
    }

    private mutating func leafFunction(lines: [String], result: String, summary: String) -> String {
        let name = "maskLeaf\(leafFunctions.count)"
        leafFunctions.append(LeafFunction(name: name, lines: lines, result: result, summary: summary))
        return name
    }

    private func summary(of leaf: MaskExpression) -> String {
        if case .blocks = leaf { return "the tile indices" }
        switch dependence.kind(ofLeaf: leaf) {
        case .constant: return "neither q nor k"
        case .difference: return "q - k alone"
        case .keyOnly: return "k alone"
        case .queryOnly: return "q alone"
        case .other: return "both q and k"
        }
    }
}
