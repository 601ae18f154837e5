// CheckedPattern: the front end's output and every later stage's input. A pattern whose
// names are resolved, types checked, parameters bound and constants folded.

/// A pattern ready to plan, evaluate or compile: checked, with its parameters bound.
///
/// The mask is a typed ``MaskExpression`` tree. Constant sub-expressions are folded;
/// `let`s that are constant are substituted; `let`s that depend on `q`, `k` or `n` stay
/// named in ``bindings`` and are referred to by index. `local(w)` is lowered to
/// `window(w, w)`.
///
/// ```swift
/// let library = try PatternLibrary.check([SourceFile(path: "p.attn", text: source)])
/// let pattern = try library.pattern(named: "longformer").bind(["window": .integer(256)])
/// let evaluator = MaskEvaluator(pattern: pattern, length: 1024)
/// ```
public struct CheckedPattern: Sendable, Hashable {
    /// The pattern's name as written.
    public var name: String
    /// The name of its generated Swift type: the name in UpperCamelCase.
    public var typeName: String
    /// The documentation comment lines written above the pattern.
    public var documentation: [String]
    /// The parameters in declaration order, with their bound values.
    public var parameters: [BoundParameter]
    /// The tile size: the `block` statement's value, or 64.
    public var blockSize: Int
    /// The `let`s that depend on `q`, `k` or `n`, in order; ``MaskExpression/binding(_:)``
    /// refers to them by index, and each refers only to earlier ones.
    public var bindings: [Binding]
    /// The mask: a Bool expression over `q`, `k` and `n`.
    public var mask: MaskExpression
    /// The file the pattern was declared in.
    public var file: SourceFile
    /// Where the pattern was declared, from `pattern` to its closing brace.
    public var range: SourceRange

    /// The default tile size.
    public static let defaultBlockSize = 64
    /// The tile sizes the language accepts: multiples of 8 from 8 to 512.
    public static let acceptedBlockSizes = stride(from: 8, through: 512, by: 8)
}

/// A parameter with the value it is bound to.
public struct BoundParameter: Sendable, Hashable {
    /// The parameter's name.
    public var name: String
    /// Its value in this binding (the default unless overridden).
    public var value: ConstantValue
    /// Its default, as declared.
    public var defaultValue: ConstantValue
}

/// A `let` that depends on `q`, `k` or `n`.
public struct Binding: Sendable, Hashable {
    /// The name as written.
    public var name: String
    /// `.integer` or `.boolean`; list `let`s are substituted at their uses.
    public var type: ValueType
    /// The value, which may refer to earlier bindings.
    public var value: MaskExpression
}

/// The three types of the language.
public enum ValueType: String, Sendable, Hashable, CustomStringConvertible {
    case integer = "Int", list = "List", boolean = "Bool"

    /// The name diagnostics use: `Int`, `List` or `Bool`.
    public var description: String { rawValue }
}

/// A value known when the pattern is checked: a parameter's value, a folded constant.
public enum ConstantValue: Sendable, Hashable {
    /// A 64-bit integer.
    case integer(Int64)
    /// A Bool.
    case boolean(Bool)
    /// A list of integers and ranges; negative entries count from the end of the sequence.
    case list([ListItem])

    /// The value's type.
    public var type: ValueType {
        switch self {
        case .integer: return .integer
        case .boolean: return .boolean
        case .list: return .list
        }
    }
}

/// A constant list entry: one position, or a range of positions.
public enum ListItem: Sendable, Hashable {
    /// A single position; negative counts from the end (`-1` is the last).
    case element(Int64)
    /// `lower...upper` when `inclusive`, else `lower..<upper`; negative ends count from the end.
    case range(Int64, Int64, inclusive: Bool)
}

/// An entry of a list whose elements may depend on `q`, `k` or `n`.
public enum ListElement: Sendable, Hashable {
    /// One position.
    case single(MaskExpression)
    /// A range of positions, inclusive or half-open.
    case range(MaskExpression, MaskExpression, inclusive: Bool)
}

/// The checked, typed expression language.
///
/// Integer arithmetic wraps on overflow; `/` and `%` are floor division and floor modulo,
/// with `x / 0 == 0` and `x % 0 == x`. Built-in masks are exact (their bounds do not wrap).
public indirect enum MaskExpression: Sendable, Hashable {
    /// An integer constant.
    case integer(Int64)
    /// A Bool constant: `true` is the dense mask, `false` the empty one.
    case boolean(Bool)
    /// `q`, `k` or `n`; tile indices and the tile count inside ``blocks(_:)``.
    case position(Position)
    /// The value of ``CheckedPattern/bindings```[index]`.
    case binding(Int)
    /// Integer negation, wrapping.
    case negate(MaskExpression)
    /// `abs(x)`, wrapping (`abs(Int64.min) == Int64.min`).
    case absolute(MaskExpression)
    /// Bool negation: the complement of a mask.
    case not(MaskExpression)
    /// An integer operation.
    case arithmetic(ArithmeticOperator, MaskExpression, MaskExpression)
    /// An integer comparison.
    case comparison(ComparisonOperator, MaskExpression, MaskExpression)
    /// `x in [ ... ]`.
    case membership(MaskExpression, [ListElement])
    /// Intersection of two masks.
    case and(MaskExpression, MaskExpression)
    /// Union of two masks.
    case or(MaskExpression, MaskExpression)
    /// A built-in mask with constant arguments.
    case builtin(BuiltinMask)
    /// The expression evaluated on the tile grid: `q / B`, `k / B`, `n = ceil(N / B)`.
    case blocks(MaskExpression)
}

/// Integer operators, including the `min` and `max` functions.
public enum ArithmeticOperator: String, Sendable, Hashable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%"
    case minimum = "min", maximum = "max"
}

/// Comparison operators.
public enum ComparisonOperator: String, Sendable, Hashable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}

/// The built-in masks, with their arguments checked and folded.
public enum BuiltinMask: Sendable, Hashable {
    /// `k <= q`.
    case causal
    /// `q - before <= k <= q + after`; `before, after >= 0`. `local(w)` is `window(w, w)`.
    case window(before: Int64, after: Int64)
    /// `abs(q - k) <= width * dilation` and `(q - k) % dilation == 0`; `width >= 0`, `dilation > 0`
    /// (the checker rewrites a negative dilation to `window(0, 0)` or `false`).
    case dilated(width: Int64, dilation: Int64)
    /// `(q - k) % stride == 0`; `stride > 0` (the checker rewrites `strided(-s)` to `strided(s)`).
    case strided(stride: Int64)
    /// `q` or `k` in the list, which is not empty (the checker folds `global([])` to `false`).
    case global([ListItem])
    /// `k < count`; `count > 0` (the checker folds `sink(s <= 0)` to `false`).
    case sink(count: Int64)
    /// `k` among the `min(count, n)` keys row `q` draws with `seed`; `count > 0` (the checker
    /// folds `random(0, seed)` to `false`).
    case random(count: Int64, seed: Int64)
}
