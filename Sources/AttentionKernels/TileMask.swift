// TileMask: applying a partial tile's bit mask to a row of scores — dropped pairs become
// −∞, so the softmax gives them weight 0.

/// The element mask of partial tiles, as rows of 64-bit words (bit `j % 64` of word
/// `j / 64` keeps column `j`).
enum TileMask {
    /// Sets `row[j] = -infinity` for every `j < columns` whose bit is clear.
    @inline(__always)
    static func apply(_ words: UnsafePointer<UInt64>, to row: UnsafeMutablePointer<Float>, columns: Int) {
        var start = 0
        var w = 0
        while start < columns {
            let word = words[w]
            let end = min(columns, start + 64)
            if word != ~0 {
                for j in start..<end where word >> UInt64(j - start) & 1 == 0 { row[j] = -.infinity }
            }
            start = end
            w += 1
        }
    }
}
