// KernelTables: the per-length data a generated kernel prepares once in its `init` — the
// resolved position sets of lists and the random draws — named, deduplicated, and
// declared as stored properties.

import PatternLanguage

/// The grid an expression is emitted for: token positions, or tiles inside `blocks(...)`.
struct EmissionLevel {
    /// The Swift names of `q`, `k` and `n` in element code.
    var q: String, k: String, n: String
    /// The Swift name of the box in tile-state code.
    var box: String
    /// How many of this level's positions make one layout column, as a literal.
    var block: String
    /// Whether this is the tile level.
    var onTiles: Bool

    /// Token positions, with the pattern's tile size.
    static func positions(block: Int) -> EmissionLevel {
        EmissionLevel(q: "q", k: "k", n: "n", box: "box", block: String(block), onTiles: false)
    }

    /// Tile indices inside `blocks(...)`.
    static let tiles = EmissionLevel(q: "qTile", k: "kTile", n: "tiles", box: "tileBox", block: "1", onTiles: true)
}

/// The tables a generated kernel declares, in the order they were first needed.
struct KernelTables {
    struct Table: Equatable {
        var name: String
        var type: String
        var initializer: String
    }

    private(set) var tables: [Table] = []

    /// A position set of `items` resolved for the level's `n`.
    mutating func positionSet(_ items: [ListItem], positionsOnly: Bool, level: EmissionLevel) -> String {
        let literal = "[" + items.map(Self.literal).joined(separator: ", ") + "]"
        let initializer = "BlockSparsePlanner.PositionSet(\(literal), length: \(level.n)\(positionsOnly ? "" : ", positionsOnly: false"))"
        return declare(prefix: "positions", type: "BlockSparsePlanner.PositionSet", initializer: initializer)
    }

    /// The random draws of `random(count, seed)` for every row of the level.
    mutating func randomDraws(count: Int64, seed: Int64, level: EmissionLevel) -> String {
        declare(prefix: "draws", type: "AttentionKernels.RandomDraws", initializer: "AttentionKernels.RandomDraws(count: \(count), seed: \(seed), rows: \(level.n), columns: \(level.n))")
    }

    private mutating func declare(prefix: String, type: String, initializer: String) -> String {
        if let known = tables.first(where: { $0.initializer == initializer }) { return known.name }
        let name = "\(prefix)\(tables.count)"
        tables.append(Table(name: name, type: type, initializer: initializer))
        return name
    }

    /// A list item as a Swift `ListItem` literal.
    static func literal(_ item: ListItem) -> String {
        switch item {
        case .element(let value): return ".element(\(SwiftLiteral.argument(value)))"
        case .range(let low, let high, let inclusive):
            return ".range(\(SwiftLiteral.argument(low)), \(SwiftLiteral.argument(high)), inclusive: \(inclusive))"
        }
    }
}

/// Swift spellings of the language's constants.
enum SwiftLiteral {
    /// An Int64 literal that also compiles for `Int64.min` and in any position.
    static func integer(_ value: Int64) -> String {
        if value == .min { return "Swift.Int64.min" }
        return value < 0 ? "(\(value))" : String(value)
    }

    /// An Int64 literal as a function argument, where a minus sign needs no parentheses.
    static func argument(_ value: Int64) -> String { value == .min ? "Swift.Int64.min" : String(value) }

    /// Swift's keywords, which a parameter's name is escaped from with backticks.
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "protocol", "public", "rethrows", "static", "struct",
        "subscript", "typealias", "var", "break", "case", "continue", "default", "defer", "do", "else", "fallthrough",
        "for", "guard", "if", "in", "repeat", "return", "switch", "where", "while", "as", "Any", "catch", "false", "is",
        "nil", "super", "self", "Self", "throw", "throws", "true", "try", "_", "Type", "Protocol",
    ]

    /// A language name as a Swift identifier, escaped when it is a keyword.
    static func identifier(_ name: String) -> String { keywords.contains(name) ? "`\(name)`" : name }

    /// A string as a Swift string literal.
    static func string(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20: result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// A Swift identifier for a language name; `let`s get a prefix so that they can not
    /// collide with the kernel's own names (`q`, `k`, `n`, `box`, tables).
    static func bindingName(_ name: String) -> String { "let_" + name }
}
