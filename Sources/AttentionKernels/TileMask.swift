// TileMask: applying a partial tile's bit mask to a row of scores — dropped pairs become
// −∞, so the softmax gives them weight 0 — eight columns at a time in Swift SIMD, where
// CTileKernels' softmax loops (which mask as they take the row's max) don't run.

/// The element mask of partial tiles, as rows of 64-bit words (bit `j % 64` of word
/// `j / 64` keeps column `j`).
enum TileMask {
    /// The bit of each lane within a byte of the mask.
    static let laneBits = SIMD8<UInt32>(1, 2, 4, 8, 16, 32, 64, 128)

    /// Sets `row[j - first] = -infinity` for every key `j` in `first ..< first + columns`
    /// whose bit is clear; `first` and `columns` are multiples of 8.
    @inline(__always)
    static func apply(_ words: UnsafePointer<UInt64>, to row: UnsafeMutablePointer<Float>, from first: Int, columns: Int) {
        var j = first
        let end = first + columns
        while j < end {
            let word = words[j / 64]
            let wordEnd = min(end, (j / 64 + 1) * 64)
            if word == ~0 {
                j = wordEnd
                continue
            }
            while j < wordEnd {
                let byte = UInt32(truncatingIfNeeded: word >> UInt64(j % 64)) & 0xFF
                if byte != 0xFF {
                    let dropped = SIMD8<UInt32>(repeating: byte) & laneBits .== 0
                    store8(load8(row + j - first).replacing(with: -.infinity, where: dropped), row + j - first)
                }
                j += 8
            }
        }
    }
}
