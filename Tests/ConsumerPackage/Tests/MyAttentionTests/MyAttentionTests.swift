// The kernels the plugin generated from `Sources/MyAttention/patterns.attn`, called as a
// user would call them, against the dense Double reference of the same checked patterns,
// at awkward lengths (one token, a partial tile, one past a tile boundary).

import AttentionKernels
import Foundation
import MyAttention
import PatternLanguage
import Testing

@Suite struct MyAttentionTests {
    /// The patterns of the library target, checked from its `.attn` file.
    static let library: PatternLibrary = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/MyAttention/patterns.attn")
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return PatternLibrary.check([SourceFile(path: "patterns.attn", text: text)])
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

    @Test func theGeneratedTypesAndTheirParametersExist() throws {
        #expect(!Self.library.hasErrors)
        #expect(CausalSinkWindow.patternName == "causal_sink_window")
        #expect(CausalSinkWindow.blockSize == 32)
        #expect(CausalSinkWindow.Parameters.window == 48)
        #expect(CausalSinkWindow.Parameters.sinks == 4)
        #expect(BandedDilated.patternName == "banded_dilated")
        #expect(BandedDilated.blockSize == 64)
        #expect(BandedDilated.Parameters.radius == 8)
        #expect(BandedDilated.Parameters.stride == 4)
        #expect(CompiledPatterns.all.map { $0.patternName }.sorted() == ["banded_dilated", "causal_sink_window"])
        for name in ["causal_sink_window", "banded_dilated"] {
            let pattern = try Self.library.declaration(named: name).checked
            #expect(CompiledPatterns.all.contains { $0.matches(pattern) }, "\(name) is compiled in with its checked mask")
        }
        // The mask as compiled: a sink key far behind the window, and a key just outside it.
        let kernel = CausalSinkWindow(length: 200)
        #expect(kernel.keeps(query: 150, key: 2))
        #expect(kernel.keeps(query: 150, key: 103))
        #expect(!kernel.keeps(query: 150, key: 102))
        #expect(!kernel.keeps(query: 10, key: 11))
    }

    @Test(arguments: [1, 70, 129])
    func generatedEqualsReference(length: Int) throws {
        let kernels: [(String, any CompiledPattern.Type)] = [("causal_sink_window", CausalSinkWindow.self), ("banded_dilated", BandedDilated.self)]
        for (name, kernel) in kernels {
            let pattern = try Self.library.declaration(named: name).checked
            let (q, k, v) = (Self.random([2, length, 8], seed: 1), Self.random([2, length, 8], seed: 2), Self.random([2, length, 5], seed: 3))
            let expected = try ReferenceAttention.run(pattern: pattern, query: q, key: k, value: v)
            for threads in [1, 2] {
                let generated = try kernel.attention(query: q, key: k, value: v, scale: nil, threadCount: threads)
                Self.expectClose(generated, expected, "\(name) N=\(length) T=\(threads)")
            }
        }
    }

    @Test func theLibraryHelperCallsTheCompiledKernel() throws {
        let (q, k, v) = (Self.random([70, 16], seed: 4), Self.random([70, 16], seed: 5), Self.random([70, 16], seed: 6))
        let pattern = try Self.library.declaration(named: "causal_sink_window").checked
        let expected = try ReferenceAttention.run(pattern: pattern, query: q, key: k, value: v)
        Self.expectClose(try streamingAttention(query: q, key: k, value: v), expected, "streamingAttention")
    }
}
