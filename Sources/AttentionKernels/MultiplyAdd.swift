// MultiplyAdd: `a + b · c` on eight lanes — one fused instruction in native builds (which
// enable FMA), a multiply and an add otherwise (where a fused multiply-add would be a
// library call per lane) — and on one lane, rounded as the tile products round.

/// `accumulator + left · right`, fused when the build enables FMA.
@inlinable @inline(__always)
func multiplyAdd(_ accumulator: SIMD8<Float>, _ left: SIMD8<Float>, _ right: SIMD8<Float>) -> SIMD8<Float> {
    #if SPARSE_ATTENTION_NATIVE
    accumulator.addingProduct(left, right)
    #else
    accumulator + left * right
    #endif
}

/// `accumulator + left · right` on one lane, rounded as the tile products round each lane
/// (fused in native builds and when ``KernelInstructions/current`` runs the C loops), so that the
/// exact path for non-finite values agrees with them bit for bit. Unfused, it is a library call.
@inline(__always)
func multiplyAdd(_ accumulator: Float, _ left: Float, _ right: Float, fused: Bool) -> Float {
    fused ? accumulator.addingProduct(left, right) : accumulator + left * right
}
