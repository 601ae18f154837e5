// MultiplyAddPeak: the most multiply-adds a second this machine starts on the instructions
// the kernels run on — twelve independent chains of vector multiply-adds held in registers,
// with no memory traffic — the ceiling that `sparse-attn bench` puts its yardstick and its
// kernels against. No kernel's useful rate can pass it.

#if arch(x86_64)
import CTileKernels
#endif
import Dispatch

/// The machine's multiply-add ceiling on ``KernelInstructions/current``'s loops.
///
/// ```swift
/// let peak = MultiplyAddPeak.measureRate(threadCount: 2)    // GFLOP/s
/// ```
public enum MultiplyAddPeak {
    /// The independent chains each step advances; more than a core's multiply-add units
    /// times their latency, so no chain waits for its own last result.
    public static let chainCount = 12

    /// The vector lanes each chain holds on ``KernelInstructions/current``'s loops.
    public static var lanes: Int { KernelInstructions.current == .avx512 ? 16 : 8 }

    /// Runs ``chainCount`` chains `a ← a · factor + addend` for `steps` steps, chain `i`
    /// starting at `i` in each of its ``lanes`` lanes, and returns the sum of every lane of
    /// every chain (which makes every step needed).
    public static func chains(steps: Int, factor: Float, addend: Float) -> Float {
        #if arch(x86_64) && !SPARSE_ATTENTION_NATIVE
        switch KernelInstructions.current {
        case .avx512: return sparse_attention_avx512_multiply_add_chains(steps, factor, addend)
        case .avx2FMA: return sparse_attention_avx2_multiply_add_chains(steps, factor, addend)
        case .swiftSIMD: break
        }
        #endif
        return swiftChains(steps: steps, factor: factor, addend: addend)
    }

    /// The best rate of ``chains(steps:factor:addend:)`` run over and over on each of
    /// `threadCount` threads, in `rounds` rounds of `seconds / rounds` each, in GFLOP/s (two
    /// operations a lane a step). The best round, since a ceiling is what the machine reaches
    /// when nothing else takes its cores.
    public static func measureRate(threadCount: Int, seconds: Double = 0.2, rounds: Int = 5) -> Double {
        (0..<rounds).reduce(0) { best, _ in max(best, measureRound(threadCount: threadCount, seconds: seconds / Double(rounds))) }
    }

    private static func measureRound(threadCount: Int, seconds: Double) -> Double {
        let stepsPerCall = 1 << 14
        let (calls, elapsed) = RepeatedWork.run(threadCount: threadCount, seconds: seconds) { _, deadline in
            var (calls, sink): (Int, Float) = (0, 0)
            repeat {
                sink += chains(steps: stepsPerCall, factor: 0.999_999, addend: 1e-7)
                calls += 1
            } while DispatchTime.now().uptimeNanoseconds < deadline
            return sink.isNaN ? 0 : calls  // reads the sums, so no call is skipped
        }
        return 2 * Double(lanes * chainCount * stepsPerCall) * Double(calls) / elapsed / 1e9
    }

    /// The Swift SIMD loops' chains: eight lanes, fused only where the build enables FMA
    /// (as the Swift tile products are).
    private static func swiftChains(steps: Int, factor: Float, addend: Float) -> Float {
        let (b, c) = (SIMD8<Float>(repeating: factor), SIMD8<Float>(repeating: addend))
        var (a0, a1, a2, a3) = (SIMD8<Float>(repeating: 0), SIMD8<Float>(repeating: 1), SIMD8<Float>(repeating: 2), SIMD8<Float>(repeating: 3))
        var (a4, a5, a6, a7) = (SIMD8<Float>(repeating: 4), SIMD8<Float>(repeating: 5), SIMD8<Float>(repeating: 6), SIMD8<Float>(repeating: 7))
        var (a8, a9, a10, a11) = (SIMD8<Float>(repeating: 8), SIMD8<Float>(repeating: 9), SIMD8<Float>(repeating: 10), SIMD8<Float>(repeating: 11))
        for _ in 0..<steps {
            (a0, a1, a2, a3) = (multiplyAdd(c, a0, b), multiplyAdd(c, a1, b), multiplyAdd(c, a2, b), multiplyAdd(c, a3, b))
            (a4, a5, a6, a7) = (multiplyAdd(c, a4, b), multiplyAdd(c, a5, b), multiplyAdd(c, a6, b), multiplyAdd(c, a7, b))
            (a8, a9, a10, a11) = (multiplyAdd(c, a8, b), multiplyAdd(c, a9, b), multiplyAdd(c, a10, b), multiplyAdd(c, a11, b))
        }
        return [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11].reduce(0) { $0 + $1.sum() }
    }
}
