// swift-tools-version: 6.0
//
// ConsumerPackage: a package that uses SparseAttention the way a user's package would —
// its own `.attn` pattern files in a library target, compiled into Swift types by the
// SparseAttentionPlugin, and tests that call the generated kernels. It lives inside the
// SparseAttention repository and depends on it by path; a user's package depends on it by
// URL instead (see the README's "Use it in your package").

import PackageDescription

let package = Package(
    name: "ConsumerPackage",
    products: [
        .library(name: "MyAttention", targets: ["MyAttention"]),
    ],
    dependencies: [
        .package(name: "SparseAttention", path: "../.."),
    ],
    targets: [
        // `Sources/MyAttention/patterns.attn` is compiled by the plugin into one public
        // type per pattern (`CausalSinkWindow`, `BandedDilated`) and `CompiledPatterns`.
        .target(
            name: "MyAttention",
            dependencies: [
                .product(name: "AttentionKernels", package: "SparseAttention"),
                .product(name: "BlockSparsePlanner", package: "SparseAttention"),
                .product(name: "PatternLanguage", package: "SparseAttention"),
            ],
            plugins: [.plugin(name: "SparseAttentionPlugin", package: "SparseAttention")]
        ),
        .testTarget(
            name: "MyAttentionTests",
            dependencies: [
                "MyAttention",
                .product(name: "AttentionKernels", package: "SparseAttention"),
                .product(name: "PatternLanguage", package: "SparseAttention"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
