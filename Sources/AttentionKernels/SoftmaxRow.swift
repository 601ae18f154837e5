// SoftmaxRow: the two vector passes of the online softmax over one row of base-2 scores in
// Swift SIMD — the row's maximum (with a sum that turns NaN when a score is NaN), then
// 2^(s − max) in place and the sum of those weights — where CTileKernels' loops don't run.

/// The vector passes of the online softmax over one score row.
enum SoftmaxRow {
    /// The largest of `row[0 ..< columns]` (`columns` a multiple of 8), and their sum, which is
    /// NaN when a score is NaN (or when both +∞ and −∞ are present).
    @inline(__always)
    static func maximum(of row: UnsafePointer<Float>, columns: Int) -> (maximum: Float, check: Float) {
        var vectorMax = SIMD8<Float>(repeating: -.infinity)
        var vectorCheck = SIMD8<Float>()
        var j = 0
        while j < columns {
            let scores = load8(row + j)
            vectorMax = vectorMaximum(vectorMax, scores)
            vectorCheck += scores
            j += 8
        }
        return (horizontalMaximum(vectorMax), horizontalSum(vectorCheck))
    }

    /// Replaces `row[j]` by `2^(row[j] − maximum)` for `j < columns` (a multiple of 8; every
    /// score at most `maximum`) and returns the sum of those weights.
    @inline(__always)
    static func exponentiate(_ row: UnsafeMutablePointer<Float>, columns: Int, maximum: Float) -> Float {
        let shift = SIMD8<Float>(repeating: maximum)
        var vectorSum = SIMD8<Float>()
        var j = 0
        while j < columns {
            let weights = (load8(row + j) - shift).exp2OfNonPositive()
            vectorSum += weights
            store8(weights, row + j)
            j += 8
        }
        return horizontalSum(vectorSum)
    }
}
