// Scope: the names a pattern being generated has declared so far, sorted by what they
// may be used for — constants (with their values), constant lists, and `let`s that
// depend on q, k or n.

/// The names declared so far in the pattern being generated, in declaration order.
///
/// Arrays, never dictionaries or sets, so that picking a name is deterministic.
struct Scope: Sendable {
    /// An Int parameter or constant `let`, with its value (the generator knows every constant).
    struct Constant: Sendable, Hashable {
        var name: String
        var value: Int64
    }

    /// Int parameters and constant Int `let`s.
    var constants: [Constant] = []
    /// List parameters and constant list `let`s: usable in `global(...)` and after `in`.
    var constantLists: [String] = []
    /// Constant Bool `let`s: usable anywhere a mask is, inside `blocks(...)` too.
    var constantBools: [String] = []
    /// `let`s of type Int that depend on q, k or n (inside `blocks(...)` they stand for
    /// their expression on tiles).
    var dynamicIntegers: [String] = []
    /// `let`s of type Bool that depend (or may depend) on q, k or n.
    var dynamicBools: [String] = []
    /// Those of ``dynamicBools`` that hold no `blocks(...)`, so usable inside it too.
    var dynamicBoolsWithoutBlocks: [String] = []
    /// List `let`s with elements that depend on q, k or n: only after `in`.
    var dynamicLists: [String] = []
    /// Every name declared, to keep names unique.
    var declared: [String] = []
    /// Every name used so far in an expression.
    var used: [String] = []
    /// The parameters' names, in order.
    var parameters: [String] = []

    /// The names declared and not yet used, in declaration order.
    var unused: [String] { declared.filter { !used.contains($0) } }

    /// Base names for parameters; a few are built-in function names, which parameters may share.
    static let parameterNames = [
        "w", "width", "before", "after", "stride", "dilation", "sinks", "count", "seed", "prefix",
        "l", "c", "r", "offset", "span", "tiles", "window", "stride_len", "local", "keep", "globals", "ids",
    ]

    /// Base names for `let`s; none is a built-in function's name, which a `let` may not shadow.
    static let letNames = [
        "half", "d", "gap", "near", "far", "diag", "band", "tile", "lo", "hi", "pos", "rel", "m",
        "x", "y", "z", "inside", "edge", "marks", "delta", "reach", "quarter", "lane", "phase",
    ]

    /// A fresh name from `bases`: a base not yet declared, or a base with a numeric suffix.
    mutating func fresh(from bases: [String], using random: inout SeededRandom) -> String {
        var name = random.pick(bases)
        if declared.contains(name) {
            var suffix = 2
            while declared.contains("\(name)\(suffix)") { suffix += 1 }
            name = "\(name)\(suffix)"
        }
        declared.append(name)
        return name
    }
}
