// NaN and ∞ in the inputs propagate as IEEE arithmetic over the kept pairs says: a row
// that keeps a NaN value, or whose query is NaN, is NaN (one that keeps +∞, ∞); every other row is exactly
// what it would be with finite inputs — a masked key's NaN value never leaks in through a
// weight of 0. For the interpreter, the dense kernel and generated kernels.

import AttentionKernels
import BlockSparsePlanner
import BundledPatterns
import CompiledFixtures
import PatternLanguage
import Testing

@Suite struct NonFiniteInputTests {
    static let length = 70

    /// Runs `kernel` on inputs with V[20] = NaN, V[33] = +∞ and Q[5] = NaN, and checks
    /// each row against the mask and the finite run.
    static func check(pattern: CheckedPattern, length: Int = length, valueDepth dv: Int = 3,
                      _ kernel: (AttentionTensor, AttentionTensor, AttentionTensor) throws -> AttentionResult,
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (q, k, v) = (GeneratedKernelTests.random([length, 4], seed: 11), GeneratedKernelTests.random([length, 4], seed: 12),
                         GeneratedKernelTests.random([length, dv], seed: 13))
        var (badQ, badV) = (q, v)
        badV.values[20 * dv + dv / 2] = .nan
        badV.values[33 * dv + dv - 1] = .infinity
        badQ.values[5 * 4 + 2] = .nan
        let clean = try kernel(q, k, v)
        let result = try kernel(badQ, k, badV)
        let mask = MaskEvaluator(pattern: pattern, length: length)
        for row in 0..<length {
            let poisoned = row == 5 || mask.contains(query: row, key: 20) || mask.contains(query: row, key: 33)
            let outputs = result.output.values[row * dv..<(row + 1) * dv]
            if poisoned {
                #expect(outputs.contains { !$0.isFinite }, "row \(row) keeps a non-finite input", sourceLocation: sourceLocation)
            } else {
                #expect(Array(outputs) == Array(clean.output.values[row * dv..<(row + 1) * dv]), "row \(row)", sourceLocation: sourceLocation)
                #expect(result.logSumExp.values[row] == clean.logSumExp.values[row], sourceLocation: sourceLocation)
            }
        }
        #expect(result.logSumExp.values[5].isNaN, sourceLocation: sourceLocation)
    }

    /// Value depths 3 (a short row), 19 (two vectors of eight and a tail; the NaN in a
    /// vector, the ∞ in the tail) and 16 at a length of whole tiles: packing must notice
    /// them wherever they are.
    @Test(arguments: [(valueDepth: 3, length: 70), (valueDepth: 19, length: 70), (valueDepth: 16, length: 72)])
    func interpreter(valueDepth: Int, length: Int) throws {
        let pattern = try PatternLibrary.check([SourceFile(path: "t.attn", text: "pattern t { block 8 mask local(3) | sink(1) }")]).declaration(named: nil).checked
        for threads in [1, 3] {
            try Self.check(pattern: pattern, length: length, valueDepth: valueDepth) { q, k, v in
                try BlockSparseInterpreter(pattern: pattern, length: length, threadCount: threads).run(query: q, key: k, value: v)
            }
        }
    }

    @Test func denseKernel() throws {
        // The causal diagonal tiles mask keys whose values are NaN or ∞ (whole tiles and
        // Dv = 8, and a ragged length with Dv = 3).
        let pattern = try PatternLibrary.check([SourceFile(path: "t.attn", text: "pattern t { block 8 mask causal }")]).declaration(named: nil).checked
        for (length, valueDepth) in [(72, 8), (70, 3)] {
            try Self.check(pattern: pattern, length: length, valueDepth: valueDepth) { q, k, v in
                try DenseFlashAttention(blockSize: 8, isCausal: true, threadCount: 2).run(query: q, key: k, value: v)
            }
        }
    }

    /// Tiles of 64, whose runs keep a chunk's query rows in vector lanes on CPUs with AVX2 or
    /// AVX-512 (and read K and V in place): a dropped key's NaN or ∞ must stay out of the lanes that
    /// drop it, in partial tiles of the interpreter and in the dense kernel's diagonal ones.
    @Test(arguments: [(valueDepth: 8, length: 70), (valueDepth: 16, length: 130)])
    func tilesOf64(valueDepth: Int, length: Int) throws {
        let pattern = try PatternLibrary.check([SourceFile(path: "t.attn", text: "pattern t { block 64 mask local(3) | sink(1) }")]).declaration(named: nil).checked
        try Self.check(pattern: pattern, length: length, valueDepth: valueDepth) { q, k, v in
            try BlockSparseInterpreter(pattern: pattern, length: length, threadCount: 2).run(query: q, key: k, value: v)
        }
        let causal = try PatternLibrary.check([SourceFile(path: "t.attn", text: "pattern t { block 64 mask causal }")]).declaration(named: nil).checked
        try Self.check(pattern: causal, length: length, valueDepth: valueDepth) { q, k, v in
            try DenseFlashAttention(blockSize: 64, isCausal: true, threadCount: 2).run(query: q, key: k, value: v)
        }
    }

    @Test func generatedKernel() throws {
        let declaration = try #require(CompiledFixtureTests.declarations.first { $0.name == "keyword_names" })
        let pattern = try declaration.bind(overrides: [])
        try Self.check(pattern: pattern) { q, k, v in try KeywordNames.attention(query: q, key: k, value: v, threadCount: 2) }
    }

    /// Strided keys and random links run as per-row key lists, and a global column or sinks
    /// (rows 321–399 here keep key 0 outside their window) as lists that a run of rows
    /// shares: all must follow the same rules.
    @Test(arguments: ["sparse_transformer_strided", "token_random", "longformer", "streaming_llm"])
    func generatedKernelWithListedKeys(name: String) throws {
        let declaration = try #require(GeneratedKernelTests.declarations.first { $0.name == name })
        let pattern = try declaration.bind(overrides: [])
        let kernel = try #require(BundledPatterns.kernel(for: pattern))
        try Self.check(pattern: pattern, length: 400) { q, k, v in try kernel.attention(query: q, key: k, value: v, scale: nil, threadCount: 2) }
        // Whole tiles and Dv = 8.
        try Self.check(pattern: pattern, length: 384, valueDepth: 8) { q, k, v in
            try kernel.attention(query: q, key: k, value: v, scale: nil, threadCount: 2)
        }
    }
}
