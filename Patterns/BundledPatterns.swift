// BundledPatterns: the module of the bundled pattern library. The `.attn` files beside
// this one are compiled by the SparseAttentionPlugin into one public type per pattern
// (`Longformer`, `BigbirdItc`, ...) and the `CompiledPatterns.all` registry, which
// `sparse-attn run --kernel generated` looks kernels up in.

import AttentionKernels

import PatternLanguage

/// The bundled library's compiled patterns.
public enum BundledPatterns {
    /// The compiled kernel of `pattern` (same name, parameters, block and mask), if one is
    /// compiled in.
    public static func kernel(for pattern: CheckedPattern) -> (any CompiledPattern.Type)? {
        CompiledPatterns.all.first { $0.matches(pattern) }
    }
}
