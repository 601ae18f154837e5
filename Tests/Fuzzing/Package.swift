// swift-tools-version: 6.0
//
// libFuzzer targets for SparseAttention, kept out of the main package because they only
// link with `-sanitize=fuzzer`. Build and run them with `Tests/Fuzzing/run.sh`.

import PackageDescription

let package = Package(
    name: "SparseAttentionFuzzing",
    dependencies: [.package(name: "SparseAttention", path: "../..")],
    targets: [
        // Pattern text → check → bind → evaluate: must end in diagnostics or a mask.
        .executableTarget(
            name: "FrontEndFuzzer",
            dependencies: [.product(name: "PatternLanguage", package: "SparseAttention"),
                           .product(name: "BlockSparsePlanner", package: "SparseAttention")]
        ),
        // Bytes → `.npy` decoder: must end in an array or a NumPyError, never a crash.
        .executableTarget(
            name: "NumPyFuzzer",
            dependencies: [.product(name: "NumPyFormat", package: "SparseAttention")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
