// Tests of the AVX-512 partial tile in one call (CTileKernels' PartialTileAVX512.c): it must
// give, bit for bit, what the kernels gave calling the score product and the overlapped
// softmax step once per piece of eight rows over the columns the piece keeps — maxima, sums
// and output — on a band's edge triangles, random masks, rows and whole pieces that keep
// nothing, ragged last tiles, counts of rows that are not multiples of four or eight,
// value rows wider than 64, blocks of 128, and rows that are fresh, rescaled, NaN or
// keeping nothing; and write nothing outside its rows.

#if arch(x86_64)
import CTileKernels
import Testing

@Suite struct PartialTileTests {
    /// A partial tile's inputs: mask words (`wordsPerRow` a row) and the column range each
    /// row keeps, measured from them as `MaskExtents` measures them.
    struct Mask {
        let words: [UInt64]
        let wordsPerRow: Int
        let ranges: [Int32]

        init(block: Int, rows: Int, keeps: (Int, Int) -> Bool) {
            wordsPerRow = (block + 63) / 64
            var words = [UInt64](repeating: 0, count: rows * wordsPerRow)
            var ranges = [Int32](repeating: 0, count: 2 * rows)
            for r in 0..<rows {
                var (low, high) = (block, 0)
                for c in 0..<block where keeps(r, c) {
                    words[r * wordsPerRow + c / 64] |= 1 << UInt64(c % 64)
                    (low, high) = (min(low, c), c + 1)
                }
                (ranges[2 * r], ranges[2 * r + 1]) = (Int32(low), Int32(high))
            }
            (self.words, self.ranges) = (words, ranges)
        }
    }

    /// The kernels' way before the one call: per piece of eight rows, the columns its rows keep.
    static func pieceByPiece(query: [Float], rows: Int, depth: Int, keys: [Float], block: Int, mask: Mask, keyCount: Int,
                             values: [Float], width: Int, state: inout OverlappedSoftmaxTests.Tile, scale: Float) {
        var scores = [Float](repeating: 0, count: 64 * block)
        for start in stride(from: 0, to: rows, by: 8) {
            let end = min(rows, start + 8)
            let low = (start..<end).map { Int(mask.ranges[2 * $0]) }.min()!
            let high = min(keyCount, (start..<end).map { Int(mask.ranges[2 * $0 + 1]) }.max()!)
            guard low < high else { continue }
            let firstKey = low / 8 * 8
            let columns = (high + 7) / 8 * 8 - firstKey
            query.withUnsafeBufferPointer { query in
                keys.withUnsafeBufferPointer { keys in
                    sparse_attention_avx512_scores(query.baseAddress! + start * depth, end - start, depth, keys.baseAddress! + firstKey,
                                                   block, columns, scale, &scores, block, nil, 0)
                }
            }
            mask.words.withUnsafeBufferPointer { words in
                values.withUnsafeBufferPointer { values in
                    state.maxima.withUnsafeMutableBufferPointer { maxima in
                        state.sums.withUnsafeMutableBufferPointer { sums in
                            state.output.withUnsafeMutableBufferPointer { output in
                                sparse_attention_avx512_softmax_accumulate(
                                    &scores, block, end - start, columns, high - firstKey, words.baseAddress! + start * mask.wordsPerRow,
                                    mask.wordsPerRow, firstKey, maxima.baseAddress! + start, sums.baseAddress! + start,
                                    output.baseAddress! + start * width, width, values.baseAddress! + firstKey * width, high - firstKey,
                                    nil, 0)
                            }
                        }
                    }
                }
            }
        }
    }

    static func oneCall(query: [Float], rows: Int, depth: Int, keys: [Float], block: Int, mask: Mask, keyCount: Int,
                        values: [Float], width: Int, state: inout OverlappedSoftmaxTests.Tile, scale: Float) {
        var scores = [Float](repeating: .nan, count: 64 * block)
        sparse_attention_avx512_partial_tile(query, rows, depth, keys, block, scale, mask.ranges, keyCount, mask.words, mask.wordsPerRow,
                                             &scores, block, &state.maxima, &state.sums, &state.output, width, values, keys,
                                             keys.count * 4, values, values.count * 4)
    }

    /// Masks of the kinds the planner hands the kernels, by name.
    static func mask(_ kind: String, block: Int, rows: Int) -> Mask {
        var seed: UInt64 = 0x2545_F491_4F6C_DD1D
        func coin(_ percent: UInt64) -> Bool {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (seed >> 33) % 100 < percent
        }
        switch kind {
        case "left edge": return Mask(block: block, rows: rows) { r, c in c >= r }  // a band's first tile: keys from q − w
        case "right edge": return Mask(block: block, rows: rows) { r, c in c <= r }
        case "random": return Mask(block: block, rows: rows) { _, _ in coin(30) }
        case "strided": return Mask(block: block, rows: rows) { r, c in (r + c) % 7 == 0 }
        // Rows 8–23 keep nothing (whole pieces skipped), the others a short run.
        case "gaps": return Mask(block: block, rows: rows) { r, c in !(8..<24).contains(r) && c >= 40 + r % 5 && c < 52 }
        // One row keeps nothing inside pieces that keep something; a column past a ragged end.
        case "holes": return Mask(block: block, rows: rows) { r, c in r % 5 != 3 && (c == block - 1 || c % 9 == r % 9) }
        default: fatalError("no mask \(kind)")
        }
    }

    @Test(arguments: ["left edge", "right edge", "random", "strided", "gaps", "holes"],
          [(64, 64, 64, 64, 64), (64, 61, 64, 64, 64), (37, 64, 64, 64, 64), (13, 64, 32, 72, 64), (64, 64, 64, 136, 64),
           (64, 128, 64, 64, 128), (23, 100, 40, 64, 128), (4, 64, 64, 64, 64), (3, 64, 16, 64, 64)])
    func oneCallGivesTheSameBitsAsPieceByPiece(kind: String,
                                              shape: (rows: Int, keyCount: Int, depth: Int, width: Int, block: Int)) throws {
        try #require(WideKernelTests.hasAVX512)
        let (rows, keyCount, depth, width, block) = shape
        let mask = Self.mask(kind, block: block, rows: rows)
        var query = WideKernelTests.random(rows * depth, seed: 5)
        let keys = WideKernelTests.random(depth * block, seed: 6)
        let values = WideKernelTests.random(block * width, seed: 7)
        for special in [false, true] {
            if special, rows > 5 { query[5 * depth + 1] = .nan }  // row 5 turns NaN where it keeps a key
            let start = OverlappedSoftmaxTests.tile(rows: rows, rowStride: 64, width: width, special: special, seed: UInt64(rows + block))
            var state = start
            state.scores = []
            // Scores large enough that some rows' max passes the rescale threshold.
            for scale: Float in [0.2, 6] {
                var apart = state, together = state
                Self.pieceByPiece(query: query, rows: rows, depth: depth, keys: keys, block: block, mask: mask, keyCount: keyCount,
                                  values: values, width: width, state: &apart, scale: scale)
                Self.oneCall(query: query, rows: rows, depth: depth, keys: keys, block: block, mask: mask, keyCount: keyCount,
                             values: values, width: width, state: &together, scale: scale)
                let label = "\(kind), rows \(rows), keys \(keyCount), depth \(depth), width \(width), block \(block), special \(special)"
                #expect(OverlappedSoftmaxTests.firstDifference(together.maxima[...], apart.maxima[...]) == nil, "maxima: \(label)")
                #expect(OverlappedSoftmaxTests.firstDifference(together.sums[...], apart.sums[...]) == nil, "sums: \(label)")
                #expect(OverlappedSoftmaxTests.firstDifference(together.output[...], apart.output[...]) == nil, "output: \(label)")
                // The step did something: at least one row's output moved.
                #expect(OverlappedSoftmaxTests.firstDifference(together.output[..<(rows * width)], state.output[..<(rows * width)]) != nil,
                        "unchanged: \(label)")
                // Nothing written past the rows (the extra row of each array is a guard).
                #expect(OverlappedSoftmaxTests.firstDifference(together.output[(rows * width)...], start.output[(rows * width)...]) == nil,
                        "guard: \(label)")
                #expect(OverlappedSoftmaxTests.firstDifference(together.maxima[rows...], start.maxima[rows...]) == nil, "guard max: \(label)")
                state = together
            }
        }
    }
}
#endif
