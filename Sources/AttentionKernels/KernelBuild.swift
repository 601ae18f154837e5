// KernelBuild: how the kernels were compiled — optimised or not, with the opt-in
// machine-specific flags or not — and which instructions run their inner loops, for `bench`
// to report next to its timings.

/// A description of the build of the kernels.
///
/// ```swift
/// print("build: \(KernelBuild.description)")   // build: release, default flags, AVX2 + FMA ...
/// ```
public enum KernelBuild {
    /// Whether the kernels were compiled with optimisation.
    public static var isOptimized: Bool {
        #if DEBUG
        false
        #else
        true
        #endif
    }

    /// Whether `SPARSE_ATTENTION_NATIVE=1` added `-Ounchecked -mavx2 -mfma`.
    public static var isNative: Bool {
        #if SPARSE_ATTENTION_NATIVE
        true
        #else
        false
        #endif
    }

    /// `release, default flags, ` and ``KernelInstructions``' description,
    /// `release, native (-Ounchecked -mavx2 -mfma)` or `debug …`.
    public static var description: String {
        guard isOptimized else { return "debug (timings are not meaningful; use swift build -c release)" }
        return isNative ? "release, native (-Ounchecked -mavx2 -mfma)" : "release, default flags, \(KernelInstructions.current.description)"
    }
}
