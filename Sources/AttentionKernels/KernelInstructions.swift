// KernelInstructions: which code runs the kernels' inner loops (the tile products, the
// softmax's row passes, the listed keys) — the AVX2 + FMA loops of CTileKernels when the CPU
// has those instructions, or the Swift SIMD loops — decided once per process. The default
// build targets baseline x86-64 (SSE), and Swift has no per-function target attributes; the
// C loops carry one, so the default build, which stays usable as a versioned dependency,
// runs as fast as a native build does.

#if arch(x86_64)
import CTileKernels
#endif
import Foundation

/// The instructions the kernels' inner loops run on in this process.
///
/// ```swift
/// print(KernelInstructions.current)   // "AVX2 + FMA inner loops (chosen at run time)" on a CPU with them
/// ```
///
/// `SPARSE_ATTENTION_PORTABLE=1` in the environment forces ``swiftSIMD`` (to test or
/// measure those loops on a CPU that has AVX2). Native builds (`SPARSE_ATTENTION_NATIVE=1`)
/// always use ``swiftSIMD``, which the compiler then emits as AVX2 and FMA.
public enum KernelInstructions: Sendable, CustomStringConvertible {
    /// The Swift SIMD loops, as the build compiled them: SSE on baseline x86-64, AVX2 and
    /// FMA in native builds, NEON on arm64.
    case swiftSIMD
    /// The C kernels compiled for AVX2 and FMA (x86-64 CPUs from 2013 on), chosen at run time.
    case avx2FMA

    /// The choice for this process, made on first use.
    public static let current: KernelInstructions = {
        #if arch(x86_64) && !SPARSE_ATTENTION_NATIVE
        if ProcessInfo.processInfo.environment["SPARSE_ATTENTION_PORTABLE"] != "1", sparse_attention_cpu_has_avx2_fma() {
            return .avx2FMA
        }
        #endif
        return .swiftSIMD
    }()

    /// Whether the products round each `a + b · c` once (fused), as the exact path for
    /// non-finite values must too, to agree with them bit for bit.
    var fusesMultiplyAdd: Bool {
        #if SPARSE_ATTENTION_NATIVE
        true
        #else
        self == .avx2FMA
        #endif
    }

    /// `AVX2 + FMA inner loops (chosen at run time)` or `Swift SIMD inner loops`, for
    /// `bench`'s build line.
    public var description: String {
        switch self {
        case .avx2FMA: "AVX2 + FMA inner loops (chosen at run time)"
        case .swiftSIMD: "Swift SIMD inner loops"
        }
    }
}
