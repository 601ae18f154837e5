// RandomDraw: the `random(r, seed)` built-in's draw, bit for bit as the language page
// specifies it: SplitMix64 feeding Floyd's sampling algorithm.

/// The columns one row keeps under `random(count, seed)`.
///
/// Row `row` among `columns` columns draws `min(count, columns)` distinct columns. Every
/// tool of the package draws through this function, so all agree on every platform.
///
/// ```swift
/// RandomDraw.columns(seed: 0, row: 0, columns: 10, count: 3)  // [0, 7, 9]
/// ```
public enum RandomDraw {
    /// The chosen columns, ascending.
    public static func columns(seed: Int64, row: Int64, columns: Int64, count: Int64) -> [Int64] {
        guard columns > 0, count > 0 else { return [] }
        // Drawing every column keeps them all (Floyd's loop would end with the same set).
        if count >= columns { return Array(0..<columns) }
        let drawn = UInt64(min(count, columns))
        let total = UInt64(columns)
        var generator = SplitMix64(seed: seed, row: row)
        var chosen = Set<UInt64>(minimumCapacity: Int(drawn))
        var j = total - drawn
        while j < total {
            let t = generator.next() % (j + 1)
            chosen.insert(chosen.contains(t) ? j : t)
            j += 1
        }
        return chosen.map { Int64($0) }.sorted()
    }
}

/// SplitMix64 seeded as the language page says: `state = seed &* 0xD1B54A32D192ED03 &+ row`.
public struct SplitMix64: Sendable {
    /// The generator's state.
    public private(set) var state: UInt64

    /// Seeds the generator for one row; both numbers are taken as UInt64 bit patterns.
    public init(seed: Int64, row: Int64) {
        state = UInt64(bitPattern: seed) &* 0xD1B5_4A32_D192_ED03 &+ UInt64(bitPattern: row)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
