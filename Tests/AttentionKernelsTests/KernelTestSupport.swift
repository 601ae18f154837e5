// Helpers for the kernel tests: the bundled patterns, seeded random tensors, and the
// comparison of a kernel's result with the Double reference.

import AttentionKernels
import Foundation
import PatternLanguage
import Testing

enum KernelTestSupport {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every pattern of `Patterns/*.attn`, by name.
    static let bundledPatterns: [PatternDeclaration] = {
        let folder = packageRoot.appendingPathComponent("Patterns")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.filter { $0.hasSuffix(".attn") }.sorted() ?? []
        let files = names.compactMap { name in
            (try? Data(contentsOf: folder.appendingPathComponent(name))).map { SourceFile(path: "Patterns/\(name)", bytes: [UInt8]($0)) }
        }
        return PatternLibrary.check(files).declarations
    }()

    /// A bundled pattern with small windows, so that short sequences have partial and empty tiles.
    static func smallPattern(_ declaration: PatternDeclaration) throws -> CheckedPattern {
        let small = ["window": "16", "prefix": "20", "l": "16", "c": "4", "sinks": "2", "links": "3", "random_tiles": "1"]
        let names = Set(declaration.parameters.map(\.name))
        return try declaration.bind(overrides: small.filter { names.contains($0.key) }.map { "\($0.key)=\($0.value)" }.sorted())
    }

    /// A pattern from inline source.
    static func pattern(_ source: String) throws -> CheckedPattern {
        try PatternLibrary.check([SourceFile(path: "test.attn", text: source)]).declaration(named: nil).checked
    }

    /// A tensor of uniform values in `-range ..< range`, from a fixed seed.
    static func random(_ shape: [Int], seed: UInt64, range: Float = 1) -> AttentionTensor {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
        let values = (0..<shape.reduce(1, *)).map { _ -> Float in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Float(state >> 40) / Float(1 << 24) * 2 - 1) * range
        }
        return AttentionTensor(shape: shape, values: values)
    }

    /// Expects `actual` to match `expected` within `tolerance · (1 + |expected|)`, with
    /// the same infinities and no NaN.
    static func expectClose(_ actual: AttentionResult, _ expected: AttentionResult, tolerance: Float = 2e-5,
                            _ comment: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.output.shape == expected.output.shape, sourceLocation: sourceLocation)
        #expect(actual.logSumExp.shape == expected.logSumExp.shape, sourceLocation: sourceLocation)
        for (name, a, e) in [("output", actual.output.values, expected.output.values), ("lse", actual.logSumExp.values, expected.logSumExp.values)] {
            guard a.count == e.count else { continue }
            var worst: (index: Int, error: Float) = (0, 0)
            for index in a.indices {
                let error: Float = e[index].isInfinite ? (a[index] == e[index] ? 0 : .infinity) : abs(a[index] - e[index]) / (1 + abs(e[index]))
                if !(error <= worst.error) { worst = (index, error.isNaN ? .infinity : error) }
            }
            #expect(worst.error <= tolerance, "\(comment) \(name)[\(worst.index)] = \(a[worst.index]), expected \(e[worst.index])",
                    sourceLocation: sourceLocation)
        }
    }
}
