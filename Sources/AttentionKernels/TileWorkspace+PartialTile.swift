// TileWorkspace+PartialTile: a partial tile's rows folded in with one call of the AVX-512
// loops, each piece of rows reading only the columns it keeps, where calling the step once
// per piece (`attend(…)`) left most of the softmax and P·V with nothing to overlap (see
// PartialTileAVX512.c in CTileKernels). Same results bit for bit.

#if arch(x86_64)
import CTileKernels
#endif

extension TileWorkspace {
    /// Whether ``attendPartial(query:rows:firstRow:keys:values:columnRanges:keyCount:mask:wordsPerRow:next:nextQuery:)``
    /// may run: the AVX-512 loops, value rows of at least 64 floats, blocks of at most 512.
    var attendsPartialTilesInOneCall: Bool {
        #if arch(x86_64) && !SPARSE_ATTENTION_NATIVE
        KernelInstructions.current == .avx512 && paddedValueDepth >= 64 && block <= Int(PARTIAL_TILE_MAX_COLUMNS)
        #else
        false
        #endif
    }

    /// Folds one partial key tile into the running state of `rows` query rows (at most a
    /// chunk), as ``attend(query:rows:firstRow:keys:values:firstKey:keyCount:mask:wordsPerRow:skipsMaskedValues:next:nextQuery:)``
    /// would on each piece of ``TileRun/partialRows`` rows over the columns it keeps (with
    /// finite value rows), bit for bit. Row `r` keeps at most the columns
    /// `columnRanges[2r] ..< columnRanges[2r + 1]` of the tile, and those its mask words
    /// (`wordsPerRow` a row from `mask`) keep. Only when ``attendsPartialTilesInOneCall``.
    @inline(__always)
    func attendPartial(query: UnsafePointer<Float>, rows: Int, firstRow: Int, keys: UnsafePointer<Float>, values: UnsafePointer<Float>,
                       columnRanges: UnsafePointer<Int32>, keyCount: Int, mask: UnsafePointer<UInt64>, wordsPerRow: Int,
                       next: (keys: UnsafePointer<Float>, values: UnsafePointer<Float>)?, nextQuery: UnsafeRawBufferPointer?) {
        #if arch(x86_64) && !SPARSE_ATTENTION_NATIVE
        precondition(attendsPartialTilesInOneCall && rows <= Int(PARTIAL_TILE_MAX_ROWS) && TileRun.partialRows == 8)
        let floatSize = MemoryLayout<Float>.size
        sparse_attention_avx512_partial_tile(
            query, rows, depth, keys, block, scoreScale, columnRanges, keyCount, mask, wordsPerRow, scores, block,
            maxima + firstRow, sums + firstRow, output + firstRow * paddedValueDepth, paddedValueDepth, values,
            next.map { UnsafeRawPointer($0.keys) } ?? nextQuery?.baseAddress,
            next == nil ? nextQuery?.count ?? 0 : depth * block * floatSize,
            next.map { UnsafeRawPointer($0.values) }, block * paddedValueDepth * floatSize)
        #else
        preconditionFailure("partial tiles in one call need the AVX-512 loops")
        #endif
    }
}
