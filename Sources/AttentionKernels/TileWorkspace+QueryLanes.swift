// TileWorkspace+QueryLanes: the chunk step with the chunk's query rows in vector lanes
// (CTileKernels' QueryLanesAVX512.c and QueryLanesAVX2.c) — Sᵀ = K·Qᵀ and Oᵀ += Vᵀ·Pᵀ, K and
// V read where they are, never packed. A chunk kept in lanes starts with
// ``beginLanes(query:rows:)``, folds its tiles with
// ``attendLanes(keys:values:keyCount:keyRows:laneMasks:next:)`` and ends with
// ``endLanes()``, after which its state is the row state of every other step: listed keys,
// ``finish(rows:output:logSumExp:)`` and ``storePart`` work on it as they are.

#if arch(x86_64)
import CTileKernels
#endif

extension TileWorkspace {
    /// Whether runs of this shape keep their chunks in lanes: when the C loops run (AVX-512
    /// or AVX2 and FMA), for tiles of 64 (a chunk's rows are the 64 lanes of four vectors of
    /// sixteen, or eight of eight) and a value depth that is a multiple of 8 (listed keys,
    /// which run on the row state, read V's rows in place as packed rows).
    static func keepsQueriesInLanes(block: Int, valueDepth: Int) -> Bool {
        #if arch(x86_64) && !SPARSE_ATTENTION_NATIVE
        KernelInstructions.current.usesCLoops && block == rowChunk && rowChunk == 64 && valueDepth % 8 == 0
        #else
        false
        #endif
    }

    /// Starts a chunk of `rows` query rows (rows of `depth` floats at `query`) kept in lanes.
    @inline(__always)
    func beginLanes(query: UnsafePointer<Float>, rows: Int) {
        #if arch(x86_64) && !SPARSE_ATTENTION_NATIVE
        sparse_attention_lanes_begin(query, rows, depth, queryLanes, maxima, sums, outputLanes, valueDepth)
        #endif
    }

    /// Folds `keyCount` key rows into the chunk kept in lanes.
    ///
    /// - Parameters:
    ///   - keys: row-major K (`depth` floats a row); key row `i` is row `keyRows[i]` of it, or
    ///     row `i` without `keyRows`.
    ///   - values: row-major V (`valueDepth` floats a row), indexed as `keys`.
    ///   - laneMasks: per key row, the chunk rows that keep it (bit `r` for row `r`), or
    ///     `nil` when every row keeps every key row.
    ///   - next: the key and value rows the next call reads (`nextRows` rows from there, a
    ///     whole tile's without it), or the next chunk's query rows, prefetched meanwhile.
    @inline(__always)
    func attendLanes(keys: UnsafePointer<Float>, values: UnsafePointer<Float>, keyCount: Int, keyRows: UnsafePointer<Int32>? = nil,
                     laneMasks: UnsafePointer<UInt64>?, next: (keys: UnsafePointer<Float>, values: UnsafePointer<Float>)?,
                     nextRows: Int? = nil, nextQuery: UnsafeRawBufferPointer? = nil) {
        #if arch(x86_64) && !SPARSE_ATTENTION_NATIVE
        let float = MemoryLayout<Float>.size
        let keyPrefetch = next.map { UnsafeRawPointer($0.keys) } ?? nextQuery?.baseAddress
        let prefetchRows = nextRows ?? block
        let keyPrefetchBytes = next == nil ? nextQuery?.count ?? 0 : prefetchRows * depth * float
        let valuePrefetch = next.map { UnsafeRawPointer($0.values) }
        if KernelInstructions.current == .avx512 {
            sparse_attention_avx512_lanes_tile(queryLanes, depth, scoreScale, keys, values, valueDepth, keyCount, keyRows, laneMasks,
                                               scores, maxima, sums, outputLanes, keyPrefetch, keyPrefetchBytes,
                                               valuePrefetch, prefetchRows * valueDepth * float)
        } else {
            sparse_attention_avx2_lanes_tile(queryLanes, depth, scoreScale, keys, values, valueDepth, keyCount, keyRows, laneMasks,
                                             scores, maxima, sums, outputLanes, keyPrefetch, keyPrefetchBytes,
                                             valuePrefetch, prefetchRows * valueDepth * float)
        }
        #endif
    }

    /// Ends the chunk kept in lanes: its output becomes the rows of ``output``.
    @inline(__always)
    func endLanes() {
        #if arch(x86_64) && !SPARSE_ATTENTION_NATIVE
        sparse_attention_lanes_end(outputLanes, valueDepth, output, paddedValueDepth)
        #endif
    }
}
