// Syntax: the tree the parser builds. Every node keeps its source range; nothing is
// resolved or typed yet (that is the checker's job).

/// A parsed pattern file: its patterns in source order.
public struct FileSyntax: Sendable, Hashable {
    /// The file the tree was parsed from.
    public var file: SourceFile
    /// The patterns declared in the file.
    public var patterns: [PatternSyntax]
}

/// A name together with where it was written.
public struct Identifier: Sendable, Hashable {
    /// The name.
    public var name: String
    /// Where it was written.
    public var range: SourceRange
}

/// `pattern NAME(params) { statements }`.
public struct PatternSyntax: Sendable, Hashable {
    /// The pattern's name.
    public var name: Identifier
    /// The `#` comment lines directly above the `pattern` keyword.
    public var documentation: [String]
    /// The parameters, each with its default.
    public var parameters: [ParameterSyntax]
    /// The statements of the body, in order.
    public var statements: [StatementSyntax]
    /// From `pattern` to the closing brace.
    public var range: SourceRange
}

/// `NAME = expr` in a pattern's parameter list.
public struct ParameterSyntax: Sendable, Hashable {
    /// The parameter's name.
    public var name: Identifier
    /// Its default value, a constant expression.
    public var defaultValue: ExprSyntax
}

/// A statement of a pattern body.
public enum StatementSyntax: Sendable, Hashable {
    /// `let NAME = expr`.
    case binding(name: Identifier, value: ExprSyntax, range: SourceRange)
    /// `block expr`: the tile size.
    case block(ExprSyntax, range: SourceRange)
    /// `mask expr`: the mask.
    case mask(ExprSyntax, range: SourceRange)

    /// From the statement's keyword to the end of its expression.
    public var range: SourceRange {
        switch self {
        case .binding(_, _, let range), .block(_, let range), .mask(_, let range): return range
        }
    }
}

/// An expression as written.
public struct ExprSyntax: Sendable, Hashable {
    /// The shape of an expression.
    public indirect enum Kind: Sendable, Hashable {
        /// An integer literal; `nil` when it overflows `Int64` (see ``Token/Kind/integer(_:magnitude:)``).
        case integer(Int64?, magnitude: String)
        /// `true` or `false`.
        case boolean(Bool)
        /// `q`, `k` or `n`.
        case position(Position)
        /// `causal`.
        case causal
        /// A name: a parameter, a `let`, or (mistakenly) a function without arguments.
        case name(String)
        /// A call `f(a, b)`; the callee is a name.
        case call(Identifier, [ExprSyntax])
        /// A list `[e, a...b, a..<b]`.
        case list([ListElementSyntax])
        /// A prefix operator: `-` or `!`.
        case prefix(Symbol, ExprSyntax)
        /// A binary operator other than `in`.
        case binary(Symbol, ExprSyntax, ExprSyntax)
        /// `x in list`.
        case membership(ExprSyntax, ExprSyntax)
        /// `( e )`, kept so that diagnostics can tell parenthesised comparisons apart.
        case parenthesized(ExprSyntax)
        /// A place the parser could not read; the error has been reported.
        case invalid
    }

    /// The shape.
    public var kind: Kind
    /// Where it was written.
    public var range: SourceRange
    /// The height of the tree below and including this node (a literal has depth 1).
    public let depth: Int

    /// Makes an expression node.
    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
        self.depth = 1 + (kind.children.map(\.depth).max() ?? 0)
    }
}

extension ExprSyntax.Kind {
    /// The direct sub-expressions, in source order.
    public var children: [ExprSyntax] {
        switch self {
        case .integer, .boolean, .position, .causal, .name, .invalid: return []
        case .call(_, let arguments): return arguments
        case .list(let elements): return elements.flatMap(\.expressions)
        case .prefix(_, let operand), .parenthesized(let operand): return [operand]
        case .binary(_, let left, let right), .membership(let left, let right): return [left, right]
        }
    }
}

/// `q`, `k` or `n`: the query position, the key position, the sequence length (tile
/// indices and the tile count inside `blocks(...)`).
public enum Position: String, Sendable, Hashable {
    case q, k, n
}

/// One element of a list literal.
public enum ListElementSyntax: Sendable, Hashable {
    /// A single element.
    case single(ExprSyntax)
    /// `a...b` (inclusive) or `a..<b` (half-open).
    case range(ExprSyntax, ExprSyntax, inclusive: Bool, range: SourceRange)

    /// The element's expressions: one, or a range's two ends.
    public var expressions: [ExprSyntax] {
        switch self {
        case .single(let value): return [value]
        case .range(let lower, let upper, _, _): return [lower, upper]
        }
    }

    /// Where the element was written.
    public var range: SourceRange {
        switch self {
        case .single(let value): return value.range
        case .range(_, _, _, let range): return range
        }
    }
}
