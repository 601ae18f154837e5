// TileWorkspace+ListedKeys: folding one query row's listed keys (see ``KeyLists``) into the
// workspace's running state — eight keys at a time: eight dot products, one online-softmax
// step, eight value rows added — with the same NaN and ∞ rules as the tile step.

#if arch(x86_64)
import CTileKernels
#endif
import Foundation

extension TileWorkspace {
    /// Folds the listed keys of rows `0 ..< rows` (at most 64) into the running state: row `r`
    /// (its query at `query + r · depth`) keeps the keys at `positions[starts[r] ..< starts[r + 1]]`.
    /// Consecutive rows that list the same keys (at most eight: a global column, sinks) go
    /// through CTileKernels eight rows at a time when the C loops run; the others row by row,
    /// with ``attend(row:query:positions:count:keys:values:permutation:valueOrder:)``, eight
    /// keys of every row before the next eight of any: neighbouring rows list neighbouring keys
    /// (a strided pattern's row q keeps q − l, q − 2l, …), so each pass reads a few hundred KiB
    /// of K and V where a row's whole list, then the next row's, read them all from L3 each
    /// time. Key rows are read at `permutation.position(ofSlot:)`, value rows at
    /// `valueOrder.position(ofSlot:)`: the identity for packed value tiles (in slot order), the
    /// run's permutation for V read in place (in position order).
    @inline(__always)
    func attendListed(rows: Int, query: UnsafePointer<Float>, starts: UnsafePointer<Int32>, positions: UnsafePointer<Int32>,
                      keys: UnsafePointer<Float>, values: UnsafePointer<Float>, permutation: ResiduePermutation, valueOrder: ResiduePermutation) {
        precondition(rows <= 64, "listed keys come a chunk of at most 64 rows at a time")
        // The rows left for the passes below, and the longest of their lists.
        var (single, longest): (UInt64, Int) = (0, 0)
        var r = 0
        while r < rows {
            let (start, end) = (Int(starts[r]), Int(starts[r + 1]))
            let next = Self.endOfSharedRun(from: r, rows: rows, starts: starts, positions: positions)
            if start < end, next - r > 1, attendShared(rows: r..<next, query: query, positions: positions + start, count: end - start,
                                                       keys: keys, values: values, permutation: permutation, valueOrder: valueOrder) {
                r = next
                continue
            }
            for row in r..<next where start < end {
                single |= 1 << UInt64(row)
                longest = max(longest, Int(starts[row + 1] - starts[row]))
            }
            r = next
        }
        var offset = 0
        while offset < longest {
            var left = single
            while left != 0 {
                let row = left.trailingZeroBitCount
                left &= left - 1
                let (first, count) = (Int(starts[row]) + offset, min(8, Int(starts[row + 1]) - Int(starts[row]) - offset))
                guard count > 0 else { continue }
                attend(row: row, query: query + row * depth, positions: positions + first, count: count, keys: keys, values: values,
                       permutation: permutation, valueOrder: valueOrder)
            }
            offset += 8
        }
    }

    /// The end of the run of rows from `r` (before `rows`) that list the same keys as row `r`,
    /// when those are eight or fewer; else `r + 1`.
    @inline(__always)
    private static func endOfSharedRun(from r: Int, rows: Int, starts: UnsafePointer<Int32>, positions: UnsafePointer<Int32>) -> Int {
        let (start, count) = (Int(starts[r]), Int(starts[r + 1] - starts[r]))
        guard count <= 8 else { return r + 1 }
        var next = r + 1
        while next < rows, Int(starts[next + 1] - starts[next]) == count,
              (0..<count).allSatisfy({ positions[Int(starts[next]) + $0] == positions[start + $0] }) {
            next += 1
        }
        return next
    }

    /// Folds the `count` (at most 8) keys at `positions` that every row of `rows` lists into
    /// those rows, in one call to CTileKernels; returns false, doing nothing, without the C loops.
    @inline(__always)
    private func attendShared(rows: Range<Int>, query: UnsafePointer<Float>, positions: UnsafePointer<Int32>, count: Int,
                              keys: UnsafePointer<Float>, values: UnsafePointer<Float>, permutation: ResiduePermutation,
                              valueOrder: ResiduePermutation) -> Bool {
        #if arch(x86_64) && !SPARSE_ATTENTION_NATIVE
        guard KernelInstructions.current.usesCLoops else { return false }
        withUnsafeTemporaryAllocation(of: UnsafePointer<Float>?.self, capacity: 16) { pointers in
            let (keyRows, valueRows) = (pointers.baseAddress!, pointers.baseAddress! + 8)
            for lane in 0..<count {
                let slot = Int(positions[lane])
                keyRows[lane] = keys + permutation.position(ofSlot: slot) * depth
                valueRows[lane] = values + valueOrder.position(ofSlot: slot) * paddedValueDepth
            }
            sparse_attention_avx2_shared_listed_keys(query + rows.lowerBound * depth, rows.count, depth, keyRows, valueRows, count,
                                                     scoreScale, maxima + rows.lowerBound, sums + rows.lowerBound,
                                                     output + rows.lowerBound * paddedValueDepth, paddedValueDepth)
        }
        return true
        #else
        return false
        #endif
    }

    /// Folds the keys at `positions[0 ..< count]` into row `r` of the running state.
    ///
    /// - Parameters:
    ///   - query: the row's query (`depth` floats).
    ///   - positions: slots of the packed tiles (positions relabelled by `permutation`).
    ///   - keys: the head's keys, row-major (`depth` floats per position, in position order).
    ///   - values: the head's values, `paddedValueDepth` floats a row: packed value tiles
    ///     (consecutive, so slot `s` is row `s` of them, `valueOrder` the identity), or V in
    ///     place (slot `s` at row `valueOrder.position(ofSlot: s)`).
    @inline(__always)
    func attend(row r: Int, query: UnsafePointer<Float>, positions: UnsafePointer<Int32>, count: Int,
                keys: UnsafePointer<Float>, values: UnsafePointer<Float>, permutation: ResiduePermutation, valueOrder: ResiduePermutation) {
        #if arch(x86_64) && !SPARSE_ATTENTION_NATIVE
        if KernelInstructions.current.usesCLoops {
            attendWide(row: r, query: query, positions: positions, count: count, keys: keys, values: values, permutation: permutation,
                       valueOrder: valueOrder)
            return
        }
        #endif
        var start = 0
        while start < count {
            let group = min(8, count - start)
            var scores = SIMD8<Float>(repeating: -.infinity)
            for lane in 0..<group {
                scores[lane] = dot(query, keys + permutation.position(ofSlot: Int(positions[start + lane])) * depth) * scoreScale
            }
            guard let weights = softmaxStep(scores: scores, index: r) else { return }
            let out = output + r * paddedValueDepth
            for lane in 0..<group where weights[lane] != 0 {
                let value = values + valueOrder.position(ofSlot: Int(positions[start + lane])) * paddedValueDepth
                let weight = SIMD8<Float>(repeating: weights[lane])
                var c = 0
                while c < paddedValueDepth {
                    store8(multiplyAdd(load8(out + c), weight, load8(value + c)), out + c)
                    c += 8
                }
            }
            start += 8
        }
    }

    #if arch(x86_64) && !SPARSE_ATTENTION_NATIVE
    /// ``attend(row:query:positions:count:keys:values:permutation:valueOrder:)`` on CTileKernels' AVX2
    /// loops: the same steps, each group's key and value rows handed over as pointers.
    @inline(__always)
    private func attendWide(row r: Int, query: UnsafePointer<Float>, positions: UnsafePointer<Int32>, count: Int,
                            keys: UnsafePointer<Float>, values: UnsafePointer<Float>, permutation: ResiduePermutation,
                            valueOrder: ResiduePermutation) {
        withUnsafeTemporaryAllocation(of: UnsafePointer<Float>?.self, capacity: 16) { rows in
            let (keyRows, valueRows) = (rows.baseAddress!, rows.baseAddress! + 8)
            var start = 0
            while start < count {
                let group = min(8, count - start)
                for lane in 0..<group {
                    let slot = Int(positions[start + lane])
                    keyRows[lane] = keys + permutation.position(ofSlot: slot) * depth
                    valueRows[lane] = values + valueOrder.position(ofSlot: slot) * paddedValueDepth
                }
                var scores = SIMD8<Float>(repeating: -.infinity)
                withUnsafeMutableBytes(of: &scores) { lanes in
                    sparse_attention_avx2_listed_scores(query, depth, keyRows, group, scoreScale, lanes.baseAddress!.assumingMemoryBound(to: Float.self))
                }
                guard var weights = softmaxStep(scores: scores, index: r) else { return }
                withUnsafeBytes(of: &weights) { lanes in
                    sparse_attention_avx2_listed_accumulate(lanes.baseAddress!.assumingMemoryBound(to: Float.self), valueRows, group,
                                                            paddedValueDepth, output + r * paddedValueDepth)
                }
                start += 8
            }
        }
    }
    #endif

    /// `Σ_c a[c] · b[c]` over `depth` floats.
    @inline(__always)
    private func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>) -> Float {
        var sum8 = SIMD8<Float>()
        var c = 0
        while c + 8 <= depth {
            sum8 = multiplyAdd(sum8, load8(a + c), load8(b + c))
            c += 8
        }
        var sum = horizontalSum(sum8)
        while c < depth {
            sum += a[c] * b[c]
            c += 1
        }
        return sum
    }

    /// The online softmax step of row `r` for eight scores (absent lanes −∞): returns their
    /// weights relative to the new max, after rescaling the row's output and sum; `nil`
    /// when the row is, or becomes, NaN (a NaN or +∞ score), which ``finish`` reports.
    @inline(__always)
    private func softmaxStep(scores: SIMD8<Float>, index r: Int) -> SIMD8<Float>? {
        let previous = maxima[r]
        let largest = horizontalMaximum(scores)
        guard !previous.isNaN else { return nil }
        guard !horizontalSum(scores.replacing(with: 0, where: scores .== -.infinity)).isNaN, largest < .infinity else {
            (maxima[r], sums[r]) = (.nan, .nan)
            return nil
        }
        let maximum = max(previous, largest)
        guard maximum > -.infinity else { return SIMD8() }
        let weights = (scores - SIMD8(repeating: maximum)).exp2OfNonPositive()
        advance(row: r, from: previous, to: maximum, adding: horizontalSum(weights))
        return weights
    }
}
