// TileWorkspace+Softmax: the online softmax step over the score rows of one key tile — drop
// the masked keys, fold each row's max, sum and output forward, leave the weights in place
// of the scores — in one call to CTileKernels' AVX-512 or AVX2 loop (which mask and take the
// max in one pass, and keep the rows' scalar steps out of Swift), or row by row in Swift.
// With AVX-512, `attend` calls the step overlapped with P·V instead
// (`sparse_attention_avx512_softmax_accumulate`), except for value tiles holding NaN or ∞.

#if arch(x86_64)
import CTileKernels
#endif

extension TileWorkspace {
    /// The online softmax step of `rows` score rows (row `r` at `scores + r · block`, for
    /// workspace row `firstRow + r`), `columns` columns (a multiple of 8) starting at key
    /// `firstKey`: columns from `kept` on are dropped, and with a `mask` (row `r`'s words at
    /// `mask + r · wordsPerRow`) the keys whose bit is clear.
    @inline(__always)
    func softmax(rows: Int, firstRow: Int, columns: Int, kept: Int, mask: UnsafePointer<UInt64>?, wordsPerRow: Int, firstKey: Int) {
        #if arch(x86_64) && !SPARSE_ATTENTION_NATIVE
        switch KernelInstructions.current {
        case .avx512:
            return sparse_attention_avx512_softmax_tile(scores, block, rows, columns, kept, mask, wordsPerRow, firstKey, maxima + firstRow,
                                                        sums + firstRow, output + firstRow * paddedValueDepth, paddedValueDepth)
        case .avx2FMA:
            return sparse_attention_avx2_softmax_tile(scores, block, rows, columns, kept, mask, wordsPerRow, firstKey, maxima + firstRow,
                                                      sums + firstRow, output + firstRow * paddedValueDepth, paddedValueDepth)
        case .swiftSIMD: break
        }
        #endif
        for r in 0..<rows {
            let row = scores + r * block
            if let mask {
                TileMask.apply(mask + r * wordsPerRow, to: row, from: firstKey, columns: columns)
            }
            for j in min(kept, columns)..<columns { row[j] = -.infinity }
            softmaxStep(row: row, columns: columns, index: firstRow + r)
        }
    }
}
