// RandomPatternConfiguration: the knobs of the random pattern generator — how deep its
// expressions go, how many names a pattern declares, and which features it may use.

/// What the ``RandomPatternGenerator`` may generate, and how much of it.
///
/// The defaults cover the whole grammar. Turning a feature off never makes the output
/// invalid; it only removes that construct.
///
/// ```swift
/// var configuration = RandomPatternConfiguration()
/// configuration.allowsBlocks = false      // no `blocks(...)` masks
/// var generator = RandomPatternGenerator(seed: 7, configuration: configuration)
/// ```
public struct RandomPatternConfiguration: Sendable, Hashable {
    /// How deep `|`, `&` and `!` nest in a mask (at least 1).
    public var maximumMaskDepth: Int = 4
    /// How deep integer arithmetic nests (at least 1).
    public var maximumArithmeticDepth: Int = 3
    /// The most parameters a pattern declares.
    public var maximumParameters: Int = 4
    /// The most `let` statements a pattern declares.
    public var maximumLets: Int = 4
    /// The share, in percent, of patterns whose mask is an arbitrary arithmetic predicate
    /// rather than a structured combination of built-in masks.
    public var arithmeticPercent: Int = 25
    /// The share, in percent, of the other patterns whose mask is shaped like a published
    /// pattern (Longformer, Mistral, BigBird, ...); the rest are random structured masks.
    public var publishedShapePercent: Int = 25
    /// Whether a pattern may have a `block` statement (otherwise the tile size is 64).
    public var allowsBlockStatement: Bool = true
    /// Whether masks may use `blocks(...)`.
    public var allowsBlocks: Bool = true
    /// Whether masks may use `random(r, seed)`.
    public var allowsRandom: Bool = true
    /// Whether `let`s may depend on `q`, `k` or `n`.
    public var allowsDynamicLets: Bool = true
    /// Whether the mask may be split over several lines (newlines are not significant).
    public var allowsLineBreaks: Bool = true

    /// The default configuration: the whole grammar.
    public init() {}
}
