// VectorExp: e^x and 2^x on eight Float32 lanes at once — range reduction to an integer n
// and a remainder r, a polynomial for the remainder, and 2^n assembled in the exponent bits.
// The kernels' softmax uses 2^x (scores are kept in units of log₂, as FlashAttention keeps
// them): its reduction x − n is exact and needs no ln 2, so it costs about a third less.

extension SIMD8 where Scalar == Float {
    /// `e^x` lane by lane, within about 2 ulp of the exact value for normal results.
    ///
    /// `-infinity` and inputs below about -87.3 give 0 (results that would be subnormal
    /// are flushed), inputs above 88.7 give `+infinity` (and 88 ... 88.7 give e^88: the
    /// kernels only take exponentials of numbers ≤ 0); no finite input gives NaN.
    @inlinable @inline(__always)
    public func exponential() -> SIMD8<Float> {
        var result = vectorMinimum(self, SIMD8(repeating: 88.0)).exponentialOfNonPositive()
        result.replace(with: .infinity, where: self .> 88.722_8)
        return result
    }

    /// `e^x` for lanes that are ≤ 88 (as the shifted scores of a softmax, which are ≤ 0),
    /// within about 2 ulp; `-infinity` and inputs below about -87.3 give 0. Cheaper than
    /// ``exponential()``: no clamping.
    @inlinable @inline(__always)
    public func exponentialOfNonPositive() -> SIMD8<Float> {
        let log2e: Float = 1.442_695_04
        // 1.5 · 2²³ + 127: adding it rounds to an integer, and leaves n + 127 in the low bits.
        let magic: Float = 12_583_039
        let shifted = multiplyAdd(SIMD8(repeating: magic), self, SIMD8(repeating: log2e))
        let n = shifted - magic
        // x − n·ln2 in two steps, so that the high part is exact.
        var r = multiplyAdd(self, n, SIMD8(repeating: -0.693_359_375))
        r = multiplyAdd(r, n, SIMD8(repeating: 2.121_944_4e-4))
        var p = SIMD8<Float>(repeating: 1.987_569_15e-4)
        p = multiplyAdd(SIMD8(repeating: 1.398_199_950_7e-3), p, r)
        p = multiplyAdd(SIMD8(repeating: 8.333_451_907_3e-3), p, r)
        p = multiplyAdd(SIMD8(repeating: 4.166_579_589_4e-2), p, r)
        p = multiplyAdd(SIMD8(repeating: 1.666_666_545_9e-1), p, r)
        p = multiplyAdd(SIMD8(repeating: 5.000_000_120_1e-1), p, r)
        let er = multiplyAdd(r, p, r * r) + 1
        // 2ⁿ is (n + 127) << 23: shifting the bits of `shifted` left by 23 drops the rest.
        let power = unsafeBitCast(unsafeBitCast(shifted, to: SIMD8<Int32>.self) &<< 23, to: SIMD8<Float>.self)
        return (er * power).replacing(with: 0, where: self .< -87.336_5)
    }

    /// `2^x` for lanes that are ≤ 0 (as the shifted base-2 scores of a softmax), within
    /// 1.9 · 10⁻⁷ relative (about 3 ulp); `-infinity` and inputs below -126 give 0 (results
    /// that would be subnormal are flushed). Lanes up to 127 are exact too: the online
    /// softmax takes a row's weights against a max up to 8 below its scores' (see
    /// `TileWorkspace.rescaleThreshold`).
    ///
    /// x = n + r with n an integer and |r| ≤ 1/2, r exact; 2^r from a degree-5 polynomial
    /// fitted to relative error on [-1/2, 1/2] (its constant term 1 is exact, so 2^0 = 1).
    @inlinable @inline(__always)
    public func exp2OfNonPositive() -> SIMD8<Float> {
        // 1.5 · 2²³ + 127: adding it rounds to an integer, and leaves n + 127 in the low bits.
        let magic: Float = 12_583_039
        let shifted = self + SIMD8(repeating: magic)
        let r = self - (shifted - SIMD8(repeating: magic))
        var p = SIMD8<Float>(repeating: 1.326_472_731e-3)
        p = multiplyAdd(SIMD8(repeating: 9.671_512_991e-3), p, r)
        p = multiplyAdd(SIMD8(repeating: 5.550_733_581e-2), p, r)
        p = multiplyAdd(SIMD8(repeating: 2.402_224_243e-1), p, r)
        p = multiplyAdd(SIMD8(repeating: 6.931_470_037e-1), p, r)
        p = multiplyAdd(SIMD8(repeating: 1), p, r)
        // 2ⁿ is (n + 127) << 23: shifting the bits of `shifted` left by 23 drops the rest.
        let power = unsafeBitCast(unsafeBitCast(shifted, to: SIMD8<Int32>.self) &<< 23, to: SIMD8<Float>.self)
        return (p * power).replacing(with: 0, where: self .< -126)
    }
}
