// KernelInstructions: which code runs the kernels' inner loops (the tile products, the
// online softmax step over a tile's rows, the listed keys) — the AVX-512 or AVX2 + FMA
// loops of CTileKernels when the CPU has those instructions, or the Swift SIMD loops —
// decided once per process.
// The default build targets baseline x86-64 (SSE), and Swift has no per-function target
// attributes; the C loops carry one, so the default build, which stays usable as a
// versioned dependency, runs at least as fast as a native build does.

#if arch(x86_64)
import CTileKernels
#endif
import Foundation

/// The instructions the kernels' inner loops run on in this process.
///
/// ```swift
/// print(KernelInstructions.current)   // "AVX-512 inner loops (query rows in lanes for tiles of 64), AVX2 + FMA for listed keys (chosen at run time)"
/// ```
///
/// `SPARSE_ATTENTION_INSTRUCTIONS=swift` or `=avx2` in the environment caps the choice (to
/// test or measure those loops on a CPU that has more). Native builds
/// (`SPARSE_ATTENTION_NATIVE=1`) always use ``swiftSIMD``, which the compiler then emits as
/// AVX2 and FMA.
public enum KernelInstructions: Comparable, Sendable, CustomStringConvertible {
    /// The Swift SIMD loops, as the build compiled them: SSE on baseline x86-64, AVX2 and
    /// FMA in native builds, NEON on arm64.
    case swiftSIMD
    /// The C loops compiled for AVX2 and FMA (x86-64 CPUs from 2013 on), query rows in
    /// lanes included.
    case avx2FMA
    /// The tile products and the softmax step compiled for AVX-512 (sixteen lanes),
    /// the listed keys for AVX2 and FMA.
    case avx512

    /// The choice for this process, made on first use.
    public static let current: KernelInstructions = {
        #if arch(x86_64) && !SPARSE_ATTENTION_NATIVE
        let cap: KernelInstructions = switch ProcessInfo.processInfo.environment["SPARSE_ATTENTION_INSTRUCTIONS"] {
        case "swift": .swiftSIMD
        case "avx2": .avx2FMA
        default: .avx512
        }
        let available: KernelInstructions = sparse_attention_cpu_has_avx512() ? .avx512 : sparse_attention_cpu_has_avx2_fma() ? .avx2FMA : .swiftSIMD
        return min(cap, available)
        #else
        return .swiftSIMD
        #endif
    }()

    /// Whether the C loops run (their AVX2 versions, or AVX-512 ones for the products).
    var usesCLoops: Bool { self != .swiftSIMD }

    /// Whether the products round each `a + b · c` once (fused), as the exact path for
    /// non-finite values must too, to agree with them bit for bit.
    var fusesMultiplyAdd: Bool {
        #if SPARSE_ATTENTION_NATIVE
        true
        #else
        usesCLoops
        #endif
    }

    /// How `bench`'s build line names the choice.
    public var description: String {
        switch self {
        case .avx512: "AVX-512 inner loops (query rows in lanes for tiles of 64), AVX2 + FMA for listed keys (chosen at run time)"
        case .avx2FMA: "AVX2 + FMA inner loops (query rows in lanes for tiles of 64; chosen at run time)"
        case .swiftSIMD: "Swift SIMD inner loops"
        }
    }
}
