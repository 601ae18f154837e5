// Tests of the AVX-512 softmax step overlapped with P·V (CTileKernels'
// SoftmaxAccumulateAVX512.c): it must give, bit for bit, what the softmax step followed by the
// product gives — maxima, sums and output — on every shape its groups of four rows and its
// 64-column block can meet, with masks, dropped columns, rows whose max grows past the
// rescale threshold (which it finds only after taking their weights against the old max),
// rows that turn NaN or keep nothing, and write nothing outside its rows. (Its score rows
// are scratch: it leaves most weights elsewhere.)

#if arch(x86_64)
import CTileKernels
import Testing

@Suite struct OverlappedSoftmaxTests {
    /// One tile's inputs and running state.
    struct Tile {
        var scores: [Float]
        var maxima: [Float]
        var sums: [Float]
        var output: [Float]
    }

    /// The first index where `a` and `b` differ in their bits (any NaN equals any NaN), or nil.
    static func firstDifference(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>) -> Int? {
        zip(a.indices, zip(a, b)).first { _, pair in pair.0.bitPattern != pair.1.bitPattern && !(pair.0.isNaN && pair.1.isNaN) }?.0
    }

    static func tile(rows: Int, rowStride: Int, width: Int, special: Bool, seed: UInt64) -> Tile {
        var scores = WideKernelTests.random((rows + 1) * rowStride, seed: seed).map { $0 * 12 }
        var maxima = WideKernelTests.random(rows + 1, seed: seed + 1).map { $0 * 4 }
        var sums = WideKernelTests.random(rows + 1, seed: seed + 2).map { abs($0) + 0.5 }
        // Fresh rows, and rows whose max grows past the rescale threshold.
        for r in stride(from: 0, to: rows, by: 3) { (maxima[r], sums[r]) = (-.infinity, 0) }
        for r in stride(from: 1, to: rows, by: 5) { maxima[r] -= 20 }
        if special, rows > 6 {
            scores[5 * rowStride + 2] = .nan  // row 5 turns NaN (when column 2 is kept)
            maxima[6] = .nan  // row 6 is NaN already
            for j in 0..<rowStride { scores[(rows - 1) * rowStride + j] = -.infinity }  // the last row keeps nothing so far
            (maxima[rows - 1], sums[rows - 1]) = (-.infinity, 0)
        }
        if special, rows > 12 {
            // Rows 10 and 11 have a finite max, in a group where no row was NaN before.
            scores[10 * rowStride + 1] = .nan
            scores[11 * rowStride + 40] = .infinity
        }
        return Tile(scores: scores, maxima: maxima, sums: sums, output: WideKernelTests.random((rows + 1) * width, seed: seed + 3))
    }

    @Test(arguments: [(8, 64, 64, 64), (64, 64, 64, 64), (13, 64, 61, 72), (10, 40, 37, 136), (9, 24, 24, 128), (12, 64, 64, 24),
                      (4, 64, 64, 64), (7, 64, 64, 64), (64, 8, 3, 64), (22, 56, 50, 120), (16, 64, 64, 128)])
    func overlappingGivesTheSameBitsAsTheTwoSteps(shape: (rows: Int, columns: Int, keys: Int, width: Int)) throws {
        try #require(WideKernelTests.hasAVX512)
        let (rows, columns, keys, width) = shape
        let (stride, wordsPerRow) = (columns + 8, 2)
        let words = (0..<(rows + 1) * wordsPerRow).map { UInt64($0) &* 0x9E37_79B9_7F4A_7C15 | 0x0101_0101_0101_0101 }
        let values = WideKernelTests.random(keys * width, seed: 21)
        for masked in [false, true] {
            for special in [false, true] {
                for firstKey in masked ? [0, 16] : [0] {
                    let kept = keys
                    let start = Self.tile(rows: rows, rowStride: stride, width: width, special: special, seed: UInt64(rows * 31 + columns))
                    var apart = start, together = start
                    words.withUnsafeBufferPointer { words in
                        let mask = masked ? words.baseAddress! : nil
                        sparse_attention_avx512_softmax_tile(&apart.scores, stride, rows, columns, kept, mask, wordsPerRow, firstKey,
                                                             &apart.maxima, &apart.sums, &apart.output, width)
                        sparse_attention_avx512_accumulate(apart.scores, stride, rows, keys, values, width, &apart.output)
                        sparse_attention_avx512_softmax_accumulate(&together.scores, stride, rows, columns, kept, mask, wordsPerRow,
                                                                   firstKey, &together.maxima, &together.sums, &together.output,
                                                                   width, values, keys, values, keys * width * 4)
                    }
                    let label = "rows \(rows), columns \(columns), keys \(keys), width \(width), masked \(masked), special \(special)"
                    #expect(Self.firstDifference(together.maxima[...], apart.maxima[...]) == nil, "maxima: \(label)")
                    #expect(Self.firstDifference(together.sums[...], apart.sums[...]) == nil, "sums: \(label)")
                    #expect(Self.firstDifference(together.output[...], apart.output[...]) == nil, "output: \(label)")
                    // Nothing written past the rows (the extra row of each array is a guard).
                    #expect(Self.firstDifference(together.output[(rows * width)...], start.output[(rows * width)...]) == nil, "guard: \(label)")
                    #expect(Self.firstDifference(together.maxima[rows...], start.maxima[rows...]) == nil, "guard max: \(label)")
                    #expect(Self.firstDifference(together.scores[(rows * stride)...], start.scores[(rows * stride)...]) == nil,
                            "guard scores: \(label)")
                }
            }
        }
    }
}
#endif
