// The generated kernels of the bundled library against the interpreter and the Double
// reference: every bundled pattern, at awkward lengths, ranks 2–4, grouped-query heads,
// Dv ≠ D, several thread counts.

import AttentionKernels
import BlockSparsePlanner
import BundledPatterns
import Foundation
import PatternLanguage
import Testing

@Suite struct GeneratedKernelTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The bundled declarations, checked from `Patterns/*.attn`.
    static let declarations: [PatternDeclaration] = {
        let folder = packageRoot.appendingPathComponent("Patterns")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.filter { $0.hasSuffix(".attn") }.sorted() ?? []
        let files = names.compactMap { name in
            (try? Data(contentsOf: folder.appendingPathComponent(name))).map { SourceFile(path: "Patterns/\(name)", bytes: [UInt8]($0)) }
        }
        return PatternLibrary.check(files).declarations
    }()

    static func random(_ shape: [Int], seed: UInt64) -> AttentionTensor {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
        let values = (0..<shape.reduce(1, *)).map { _ -> Float in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24) * 2 - 1
        }
        return AttentionTensor(shape: shape, values: values)
    }

    static func expectClose(_ actual: AttentionResult, _ expected: AttentionResult, _ comment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.output.shape == expected.output.shape, sourceLocation: sourceLocation)
        for (name, a, e) in [("output", actual.output.values, expected.output.values), ("lse", actual.logSumExp.values, expected.logSumExp.values)] {
            #expect(a.count == e.count, sourceLocation: sourceLocation)
            for index in a.indices where index < e.count {
                let close = e[index].isInfinite ? a[index] == e[index] : abs(a[index] - e[index]) <= 2e-5 * (1 + abs(e[index]))
                if !close {
                    Issue.record("\(comment): \(name)[\(index)] = \(a[index]), expected \(e[index])", sourceLocation: sourceLocation)
                    return
                }
            }
        }
    }

    @Test func everyBundledPatternIsCompiledIn() throws {
        let compiled = Set(CompiledPatterns.all.map { $0.patternName })
        #expect(compiled == Set(Self.declarations.map(\.name)))
        for declaration in Self.declarations {
            let pattern = try declaration.bind(overrides: [])
            #expect(BundledPatterns.kernel(for: pattern) != nil)
            var other = pattern
            other.blockSize = 32
            #expect(BundledPatterns.kernel(for: other) == nil)
            other = pattern
            other.mask = .or(pattern.mask, .builtin(.sink(count: 1)))
            #expect(BundledPatterns.kernel(for: other) == nil)
            if let first = pattern.parameters.first, case .integer(let value) = first.value {
                let changed = try declaration.bind(overrides: ["\(first.name)=\(value + 8)"])
                #expect(BundledPatterns.kernel(for: changed) == nil)
            }
        }
    }

    @Test(arguments: [1, 63, 200, 333])
    func generatedEqualsReferenceAndInterpreter(length: Int) throws {
        for declaration in Self.declarations {
            let pattern = try declaration.bind(overrides: [])
            let kernel = try #require(BundledPatterns.kernel(for: pattern))
            let (q, k, v) = (Self.random([2, length, 8], seed: 1), Self.random([2, length, 8], seed: 2), Self.random([2, length, 5], seed: 3))
            let expected = try ReferenceAttention.run(pattern: pattern, query: q, key: k, value: v)
            for threads in [1, 3] {
                let generated = try kernel.attention(query: q, key: k, value: v, scale: nil, threadCount: threads)
                Self.expectClose(generated, expected, "\(declaration.name) N=\(length) T=\(threads)")
            }
            let interpreted = try BlockSparseInterpreter(pattern: pattern, length: length, threadCount: 2).run(query: q, key: k, value: v)
            Self.expectClose(interpreted, expected, "interpreter \(declaration.name) N=\(length)")
        }
    }

    @Test func ranksGroupedHeadsAndScale() throws {
        let pattern = try #require(Self.declarations.first { $0.name == "longformer" }).bind(overrides: [])
        let length = 130
        for (qShape, kvShape, vShape) in [([length, 16], [length, 16], [length, 16]), ([2, 2, length, 3], [2, 1, length, 3], [2, 1, length, 7])] {
            let (q, k, v) = (Self.random(qShape, seed: 4), Self.random(kvShape, seed: 5), Self.random(vShape, seed: 6))
            let expected = try ReferenceAttention.run(pattern: pattern, query: q, key: k, value: v, scale: 0.3)
            let generated = try Longformer.attention(query: q, key: k, value: v, scale: 0.3, threadCount: 2)
            Self.expectClose(generated, expected, "longformer \(qShape)")
        }
    }
}
