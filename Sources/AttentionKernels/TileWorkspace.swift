// TileWorkspace: one thread's scratch for flash attention over a chunk of query rows —
// the score tile, the running max and sum, the unnormalised output — allocated once per
// thread, and the step that folds one key tile into it (scores, mask, online softmax, P·V).
// Scores, maxima and sums are kept in base 2: s = scale · log₂e · q·k, weights 2^(s − max),
// so the softmax takes 2^x (cheaper than e^x); only the log-sum-exp is turned back to base e.
// A row's max here is the reference its weights are taken against, at most 8 below the
// largest score it kept (see `rescaleThreshold`); the output and log-sum-exp do not depend
// on which reference it was.

import Foundation
#if arch(x86_64)
import CTileKernels
#endif

/// Per-thread scratch and the per-tile step of flash attention.
///
/// Call ``begin(rows:)``, then ``attend(query:rows:firstRow:keys:values:firstKey:keyCount:mask:wordsPerRow:)``
/// once per key tile, then ``finish(rows:output:logSumExp:)`` (or ``storePart`` for a
/// row split over several work items). Not thread-safe: one workspace per thread.
struct TileWorkspace {
    /// Query rows processed together; a tile's rows are processed in chunks of this many
    /// (a whole 64-row tile: each key tile is read once per query tile, not once per chunk;
    /// 32 was 8 % faster than 16, and 64 is 2–4 % faster than 32, with 2 × 2 register blocks).
    static let rowChunk = 64

    let block: Int
    let depth: Int
    let valueDepth: Int
    /// `valueDepth` rounded up to a multiple of 8: the width of packed V and of `output`.
    let paddedValueDepth: Int
    /// `scale · log₂e`: the factor from q·k to a base-2 score.
    let scoreScale: Float
    let scores: UnsafeMutablePointer<Float>
    let output: UnsafeMutablePointer<Float>
    /// Each row's reference max (see ``rescaleThreshold``).
    let maxima: UnsafeMutablePointer<Float>
    let sums: UnsafeMutablePointer<Float>
    /// Qᵀ and Oᵀ of a chunk kept in lanes (`depth` and `valueDepth` rows of ``rowChunk``
    /// floats): see `TileWorkspace+QueryLanes`.
    let queryLanes: UnsafeMutablePointer<Float>
    let outputLanes: UnsafeMutablePointer<Float>

    init(block: Int, depth: Int, valueDepth: Int, scale: Float) {
        self.block = block
        self.depth = depth
        self.valueDepth = valueDepth
        self.paddedValueDepth = (valueDepth + 7) / 8 * 8
        self.scoreScale = scale * Float(M_LOG2E)
        // Whole cache lines: the vector loops' loads and stores of a row never straddle two.
        scores = LargeBuffer.allocate(Float.self, count: Self.rowChunk * block)
        output = LargeBuffer.allocate(Float.self, count: Self.rowChunk * paddedValueDepth)
        maxima = LargeBuffer.allocate(Float.self, count: Self.rowChunk)
        sums = LargeBuffer.allocate(Float.self, count: Self.rowChunk)
        queryLanes = LargeBuffer.allocate(Float.self, count: depth * Self.rowChunk)
        outputLanes = LargeBuffer.allocate(Float.self, count: valueDepth * Self.rowChunk)
    }

    func deallocate() {
        LargeBuffer.release(scores); LargeBuffer.release(output); LargeBuffer.release(maxima); LargeBuffer.release(sums)
        LargeBuffer.release(queryLanes); LargeBuffer.release(outputLanes)
    }

    /// Resets the running state of `rows` rows: max −∞, sum 0, output 0.
    @inline(__always)
    func begin(rows: Int) {
        maxima.update(repeating: -.infinity, count: rows)
        sums.update(repeating: 0, count: rows)
        output.update(repeating: 0, count: rows * paddedValueDepth)
    }

    /// Folds one key tile into the running state of `rows` query rows.
    ///
    /// - Parameters:
    ///   - query: the first query row (rows of `depth` floats, consecutive).
    ///   - firstRow: the index of that row in the workspace's chunk (0 unless leading rows
    ///     of the chunk keep nothing in this tile and are skipped).
    ///   - keys: the packed transposed key tile, `depth × block`.
    ///   - values: the packed value tile, `block × paddedValueDepth`.
    ///   - firstKey: the first key of the tile to look at, a multiple of 8 (the mask keeps
    ///     none before it).
    ///   - keyCount: the keys of the tile inside the sequence (fewer in a ragged last tile),
    ///     or fewer when the mask keeps none after them.
    ///   - mask: the first row's mask words for a partial tile, or `nil` for a full one.
    ///   - skipsMaskedValues: leave masked keys out of P·V instead of weighting them by 0,
    ///     for value tiles holding NaN or ∞ (0 · NaN is NaN); slower, and rare.
    ///   - next: the packed key and value tiles the next call will read, if known: the C
    ///     loops prefetch them into L1 a cache line at a time while they work (at
    ///     N = 16,384 dense attention's K and V come from L3, and waited for them).
    ///   - nextQuery: when `next` is `nil`, the query rows the next chunk will read, if known:
    ///     prefetched likewise during the score product (a narrow band reads each chunk's
    ///     rows for a few tiles only, and used to wait for them at every chunk's first tile).
    @inline(__always)
    func attend(query: UnsafePointer<Float>, rows: Int, firstRow: Int = 0, keys: UnsafePointer<Float>, values: UnsafePointer<Float>,
                firstKey: Int = 0, keyCount: Int, mask: UnsafePointer<UInt64>?, wordsPerRow: Int, skipsMaskedValues: Bool = false,
                next: (keys: UnsafePointer<Float>, values: UnsafePointer<Float>)? = nil, nextQuery: UnsafeRawBufferPointer? = nil) {
        // Scores column c is key firstKey + c.
        let columns = (keyCount + 7) / 8 * 8 - firstKey
        TileKernels.scores(query: query, rows: rows, depth: depth, keys: keys + firstKey, keyStride: block, columns: columns,
                           scale: scoreScale, into: scores, scoreStride: block,
                           prefetch: next.map { UnsafeRawPointer($0.keys) } ?? nextQuery?.baseAddress,
                           prefetchBytes: next == nil ? nextQuery?.count ?? 0 : depth * block * MemoryLayout<Float>.size)
        #if arch(x86_64) && !SPARSE_ATTENTION_NATIVE
        if KernelInstructions.current == .avx512, mask == nil || !skipsMaskedValues {
            // The softmax step overlapped with P·V (same results as the two below).
            return sparse_attention_avx512_softmax_accumulate(
                scores, block, rows, columns, keyCount - firstKey, mask, wordsPerRow, firstKey, maxima + firstRow, sums + firstRow,
                output + firstRow * paddedValueDepth, paddedValueDepth, values + firstKey * paddedValueDepth, keyCount - firstKey,
                next.map { UnsafeRawPointer($0.values) }, block * paddedValueDepth * MemoryLayout<Float>.size)
        }
        #endif
        softmax(rows: rows, firstRow: firstRow, columns: columns, kept: keyCount - firstKey, mask: mask, wordsPerRow: wordsPerRow,
                firstKey: firstKey)
        if let mask, skipsMaskedValues {
            let fused = KernelInstructions.current.fusesMultiplyAdd
            for r in 0..<rows {
                let (weights, target, bits) = (scores + r * block, output + (firstRow + r) * paddedValueDepth, mask + r * wordsPerRow)
                for j in firstKey..<keyCount where bits[j >> 6] >> UInt64(j & 63) & 1 == 1 {
                    let value = values + j * paddedValueDepth
                    for c in 0..<valueDepth { target[c] = multiplyAdd(target[c], weights[j - firstKey], value[c], fused: fused) }
                }
            }
            return
        }
        TileKernels.accumulate(probabilities: scores, probabilityStride: block, rows: rows, keys: keyCount - firstKey,
                               values: values + firstKey * paddedValueDepth, width: paddedValueDepth,
                               into: output + firstRow * paddedValueDepth,
                               prefetch: next.map { UnsafeRawPointer($0.values) }, prefetchBytes: block * paddedValueDepth * MemoryLayout<Float>.size)
    }

    /// How far (base 2) a row's max may grow past the max its weights are taken against
    /// (its reference, `maxima[r]`) before its sum and output are rescaled: until then its
    /// weights stay below 2^8 = 256, and most tiles after a row's first skip the rescale.
    /// `ONLINE_SOFTMAX_RESCALE_THRESHOLD` in CTileKernels is the same number.
    static let rescaleThreshold: Float = 8

    /// The online softmax of one score row: its reference max (moved to the new max only when
    /// that passes it by more than ``rescaleThreshold``), exponentials in place, sum, and the
    /// rescaling of the row's output when the reference moved.
    @inline(__always)
    func softmaxStep(row: UnsafeMutablePointer<Float>, columns: Int, index r: Int) {
        let (largest, check) = SoftmaxRow.maximum(of: row, columns: columns)
        let previous = maxima[r]
        let maximum = max(previous, largest)
        // NaN or +∞ among the kept scores makes the row NaN, as IEEE arithmetic would.
        guard !previous.isNaN, !check.isNaN, maximum < .infinity else {
            (maxima[r], sums[r]) = (.nan, .nan)
            row.update(repeating: .nan, count: columns)
            return
        }
        guard maximum > -.infinity else {
            row.update(repeating: 0, count: columns)
            return
        }
        let reference = previous > -.infinity && maximum <= previous + Self.rescaleThreshold ? previous : maximum
        advance(row: r, from: previous, to: reference, adding: SoftmaxRow.exponentiate(row, columns: columns, maximum: reference))
    }

    /// Moves row `r`'s reference max from `previous` to `maximum` and adds `total` (weights
    /// relative to `maximum`) to its sum, rescaling the sum and the output by
    /// 2^(previous − maximum) when the reference grew.
    @inline(__always)
    func advance(row r: Int, from previous: Float, to maximum: Float, adding total: Float) {
        if maximum > previous, previous > -.infinity {
            let factor = exp2(previous - maximum)
            sums[r] = sums[r] * factor + total
            let out = output + r * paddedValueDepth
            let vectorFactor = SIMD8<Float>(repeating: factor)
            var c = 0
            while c < paddedValueDepth {
                store8(load8(out + c) * vectorFactor, out + c)
                c += 8
            }
        } else {
            sums[r] += total
        }
        maxima[r] = maximum
    }

    /// Writes the normalised output (rows of `valueDepth`) and the log-sum-exp of `rows` rows;
    /// a row with no kept key gets zeros and −∞.
    @inline(__always)
    func finish(rows: Int, output destination: UnsafeMutablePointer<Float>, logSumExp: UnsafeMutablePointer<Float>) {
        for r in 0..<rows { finish(row: r, output: destination + r * valueDepth, logSumExp: logSumExp + r) }
    }

    /// Writes row `r`'s normalised output (`valueDepth` floats) at `target` and its
    /// log-sum-exp at `logSumExp`: zeros and −∞ when it kept no key.
    @inline(__always)
    func finish(row r: Int, output target: UnsafeMutablePointer<Float>, logSumExp: UnsafeMutablePointer<Float>) {
        guard !sums[r].isNaN else {
            target.update(repeating: .nan, count: valueDepth)
            logSumExp.pointee = .nan
            return
        }
        guard sums[r] > 0 else {
            target.update(repeating: 0, count: valueDepth)
            logSumExp.pointee = -.infinity
            return
        }
        let inverse = 1 / sums[r]
        let source = output + r * paddedValueDepth
        for c in 0..<valueDepth { target[c] = source[c] * inverse }
        logSumExp.pointee = (maxima[r] + log2(sums[r])) * Float(M_LN2)
    }

    /// Writes the unnormalised output (rows of `valueDepth`), base-2 max and sum of `rows` rows,
    /// for a part of a split row that is merged later.
    @inline(__always)
    func storePart(rows: Int, output destination: UnsafeMutablePointer<Float>, maxima maximaOut: UnsafeMutablePointer<Float>,
                   sums sumsOut: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            (destination + r * valueDepth).update(from: output + r * paddedValueDepth, count: valueDepth)
        }
        maximaOut.update(from: maxima, count: rows)
        sumsOut.update(from: sums, count: rows)
    }
}
