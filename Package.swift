// swift-tools-version: 6.0
//
// SparseAttention: declarative sparse-attention patterns compiled into block-sparse
// kernels. Dependencies point one way: front end ← planner ← (kernels | generator) ← CLI.

import PackageDescription

/// Opt-in machine-specific code generation for the kernels: `SPARSE_ATTENTION_NATIVE=1
/// swift build -c release` adds `-Ounchecked -mavx2 -mfma` (x86-64) to AttentionKernels.
/// Off by default: SwiftPM refuses `unsafeFlags` in a package used as a dependency.
let nativeKernels = Context.environment["SPARSE_ATTENTION_NATIVE"] == "1"
let kernelSettings: [SwiftSetting] = nativeKernels
    ? [.unsafeFlags(["-Ounchecked", "-Xcc", "-mavx2", "-Xcc", "-mfma"]), .define("SPARSE_ATTENTION_NATIVE")]
    : []

let package = Package(
    name: "SparseAttention",
    products: [
        .library(name: "PatternLanguage", targets: ["PatternLanguage"]),
        .library(name: "BlockSparsePlanner", targets: ["BlockSparsePlanner"]),
        .library(name: "NumPyFormat", targets: ["NumPyFormat"]),
        .library(name: "AttentionKernels", targets: ["AttentionKernels"]),
        .library(name: "BundledPatterns", targets: ["BundledPatterns"]),
        .library(name: "LayoutPictures", targets: ["LayoutPictures"]),
        .executable(name: "sparse-attn", targets: ["sparse-attn"]),
        .plugin(name: "SparseAttentionPlugin", targets: ["SparseAttentionPlugin"]),
    ],
    targets: [
        // Front end: source text → tokens → syntax tree → checked, folded pattern;
        // diagnostics; and the evaluator, the semantic oracle of the language.
        .target(name: "PatternLanguage"),

        // Planner: checked pattern + N → block-sparse layout (full / partial tiles) and a
        // schedule of that work over threads.
        .target(name: "BlockSparsePlanner", dependencies: ["PatternLanguage"]),

        // Random well-typed pattern source texts, deterministic from a seed, for differential
        // tests of the planner and the kernels against the evaluator.
        .target(name: "RandomPatterns", dependencies: ["PatternLanguage"]),

        // The NumPy `.npy` file format, for the tensors and masks the tools read and write.
        .target(name: "NumPyFormat"),

        // The tile products compiled for AVX2 + FMA by a per-function target attribute (C, no
        // flags), which the kernels run when the CPU has those instructions (x86-64 only).
        .target(name: "CTileKernels"),

        // Kernels: the reference, the block-sparse interpreter and a dense flash kernel,
        // sharing SIMD tile micro-kernels (Q·Kᵀ, vectorised exp, online softmax, P·V).
        .target(name: "AttentionKernels", dependencies: ["PatternLanguage", "BlockSparsePlanner", "CTileKernels"], swiftSettings: kernelSettings),

        // The code generator: checked patterns in, specialised Swift kernels out (text only;
        // the generated code depends on the kernels, the emitter does not).
        .target(name: "KernelEmitter", dependencies: ["PatternLanguage", "BlockSparsePlanner"]),

        // The generator the build-tool plugin runs: front end, planner and emitter only.
        .executableTarget(name: "sparse-attn-generate", dependencies: ["PatternLanguage", "KernelEmitter"]),

        // The build-tool plugin: runs the generator on a target's `.attn` files.
        .plugin(name: "SparseAttentionPlugin", capability: .buildTool(), dependencies: ["sparse-attn-generate"]),

        // The bundled library, compiled: `Patterns/` is this target's folder.
        .target(
            name: "BundledPatterns",
            dependencies: ["AttentionKernels", "BlockSparsePlanner", "PatternLanguage"],
            path: "Patterns",
            plugins: ["SparseAttentionPlugin"]
        ),

        // Pictures of a layout: the tile grid in the terminal, as SVG and as PNG (with a
        // dependency-free PNG encoder, and a decoder for the tests).
        .target(name: "LayoutPictures", dependencies: ["BlockSparsePlanner"]),

        // The commands of `sparse-attn`, as a library so that tests can run them.
        .target(
            name: "SparseAttentionCLI",
            dependencies: ["PatternLanguage", "BlockSparsePlanner", "AttentionKernels", "NumPyFormat", "LayoutPictures", "KernelEmitter", "BundledPatterns"]
        ),

        // The command-line tool itself: a thin `main` over SparseAttentionCLI.
        .executableTarget(name: "sparse-attn", dependencies: ["SparseAttentionCLI"]),

        .testTarget(
            name: "PatternLanguageTests",
            dependencies: ["PatternLanguage"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "NumPyFormatTests", dependencies: ["NumPyFormat"]),
        .testTarget(name: "AttentionKernelsTests", dependencies: ["AttentionKernels", "CTileKernels", "BlockSparsePlanner", "PatternLanguage", "RandomPatterns"]),
        .testTarget(name: "BlockSparsePlannerTests", dependencies: ["BlockSparsePlanner", "PatternLanguage", "RandomPatterns"]),
        .testTarget(name: "RandomPatternsTests", dependencies: ["RandomPatterns", "PatternLanguage"]),
        // Patterns compiled by the plugin only for tests: random ones and edge cases.
        .target(
            name: "CompiledFixtures",
            dependencies: ["AttentionKernels", "BlockSparsePlanner", "PatternLanguage"],
            path: "Tests/CompiledFixtures",
            plugins: ["SparseAttentionPlugin"]
        ),
        .testTarget(
            name: "GeneratedKernelsTests",
            dependencies: ["BundledPatterns", "CompiledFixtures", "AttentionKernels", "BlockSparsePlanner", "PatternLanguage", "KernelEmitter", "RandomPatterns"],
            exclude: ["Golden"]
        ),
        .testTarget(name: "LayoutPicturesTests", dependencies: ["LayoutPictures", "BlockSparsePlanner"]),
        .testTarget(name: "SparseAttentionCLITests", dependencies: ["SparseAttentionCLI", "NumPyFormat", "PatternLanguage"]),
    ],
    swiftLanguageModes: [.v6]
)
