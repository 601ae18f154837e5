// MultiplyAdd: `a + b · c` on eight lanes — one fused instruction in native builds (which
// enable FMA), a multiply and an add otherwise (where a fused multiply-add would be a
// library call per lane).

/// `accumulator + left · right`, fused when the build enables FMA.
@inlinable @inline(__always)
func multiplyAdd(_ accumulator: SIMD8<Float>, _ left: SIMD8<Float>, _ right: SIMD8<Float>) -> SIMD8<Float> {
    #if SPARSE_ATTENTION_NATIVE
    accumulator.addingProduct(left, right)
    #else
    accumulator + left * right
    #endif
}

/// `accumulator + left · right` on one lane, rounded as the SIMD8 `multiplyAdd`
/// rounds each lane (fused in native builds), so that scalar and vector paths agree bit for bit.
@inlinable @inline(__always)
func multiplyAdd(_ accumulator: Float, _ left: Float, _ right: Float) -> Float {
    #if SPARSE_ATTENTION_NATIVE
    accumulator.addingProduct(left, right)
    #else
    accumulator + left * right
    #endif
}
