// BundledPatterns: the module of the bundled pattern library. The `.attn` files beside
// this one are compiled by the SparseAttentionPlugin into one public type per pattern
// (`Longformer`, `BigbirdItc`, ...) and the `CompiledPatterns.all` registry, which
// `sparse-attn run --kernel generated` looks kernels up in.

import AttentionKernels

/// The bundled library's compiled patterns, by name and compiled-in parameters.
public enum BundledPatterns {
    /// The compiled type of `name` whose parameters are `values`, if one is compiled in.
    public static func kernel(named name: String, parameterValues values: [(name: String, value: String)]) -> (any CompiledPattern.Type)? {
        CompiledPatterns.all.first { $0.matches(name: name, parameterValues: values) }
    }
}
