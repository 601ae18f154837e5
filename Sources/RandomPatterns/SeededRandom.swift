// SeededRandom: the generator's own pseudo-random numbers — SplitMix64 — the same on every
// platform and every Swift version (no use of the standard library's random APIs).

/// A SplitMix64 pseudo-random number generator (Steele, Lea and Flood 2014), seeded
/// directly with the generator's seed.
///
/// Every draw is plain wrapping `UInt64` arithmetic, so a seed gives the same sequence
/// everywhere. The helpers below reduce draws with `%`; their tiny bias does not matter
/// for test generation, and unlike `Int.random(in:using:)` they cannot change with the
/// standard library.
///
/// ```swift
/// var random = SeededRandom(seed: 42)
/// let die = random.int(in: 1...6)
/// ```
struct SeededRandom: Sendable, Hashable {
    /// The generator's state; the next draw advances it by the golden-ratio increment.
    private(set) var state: UInt64

    /// Makes a generator whose sequence is determined by `seed`.
    init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `range` (which must not be empty).
    mutating func int(in range: ClosedRange<Int>) -> Int {
        // The span wraps to 0 for the full range of Int; every draw is then in range.
        let span = UInt64(truncatingIfNeeded: range.upperBound &- range.lowerBound) &+ 1
        let offset = span == 0 ? next() : next() % span
        return range.lowerBound &+ Int(truncatingIfNeeded: offset)
    }

    /// `true` with probability `percent` / 100.
    mutating func chance(_ percent: Int) -> Bool {
        int(in: 0...99) < percent
    }

    /// One element of a non-empty array, each equally likely.
    mutating func pick<Element>(_ elements: [Element]) -> Element {
        precondition(!elements.isEmpty, "pick from an empty array")
        return elements[int(in: 0...(elements.count - 1))]
    }

    /// An index into `weights` drawn in proportion to the weights (non-negative, not all zero).
    mutating func weighted(_ weights: [Int]) -> Int {
        let total = weights.reduce(0, +)
        precondition(total > 0, "weights must not all be zero")
        var draw = int(in: 0...(total - 1))
        for (index, weight) in weights.enumerated() {
            if draw < weight { return index }
            draw -= weight
        }
        return weights.count - 1
    }
}
