// RandomPatternGenerator: the module's entry point. A seeded, platform-independent
// stream of random, well-typed pattern source texts for differential testing.

/// Generates random pattern declarations that check without errors.
///
/// The output covers the whole grammar — parameters with Int and List defaults, constant
/// and dynamic `let`s, `block`, every built-in mask, `blocks(...)`, `|`, `&`, `!`,
/// comparisons, `in`, arithmetic with divisors that are zero at some pairs — with
/// built-in arguments kept small, so masks at lengths up to a few hundred are varied.
/// The same seed gives the same texts on every platform (SplitMix64, with no use of the system random number generator).
///
/// ```swift
/// var generator = RandomPatternGenerator(seed: 1)
/// let source = generator.nextSource(name: "p0")
/// let library = PatternLibrary.check([SourceFile(path: "p0.attn", text: source)])
/// // library.hasErrors == false; warnings (an unused parameter) are possible.
/// ```
public struct RandomPatternGenerator: Sendable {
    /// The seed the generator started from.
    public let seed: UInt64
    /// What the generator may produce.
    public let configuration: RandomPatternConfiguration
    /// How many sources the generator has produced.
    public private(set) var count = 0
    private var random: SeededRandom

    /// Makes a generator; the same seed and configuration give the same sequence of sources.
    public init(seed: UInt64, configuration: RandomPatternConfiguration = RandomPatternConfiguration()) {
        self.seed = seed
        self.configuration = configuration
        self.random = SeededRandom(seed: seed)
    }

    /// The source text of the next random pattern: one `pattern` declaration named `name`
    /// (which must be a valid pattern name), with a `#` documentation comment, ending
    /// with a newline.
    public mutating func nextSource(name: String) -> String {
        var builder = PatternBuilder(random: random, configuration: configuration)
        let text = builder.pattern(named: name, documentation: "Random pattern number \(count) of seed \(seed), generated for differential testing.")
        random = builder.random
        count += 1
        return text
    }
}
