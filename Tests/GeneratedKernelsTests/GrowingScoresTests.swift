// Scores that grow along the keys, so that every row's max passes the rescale threshold on
// every tile after its first (the kernels find that only after taking the row's weights
// against its old max, and send the row through both passes of the softmax step), and
// scores that fall, so that it never does (every full tile's row skips its max pass): the
// interpreter, the dense kernel and the generated kernels against the reference, at head
// sizes of 64 and more, where the AVX-512 loops overlap the softmax step with P·V. Where the
// scores grow by more than 128 (base 2) a tile, weights kept against the old max would
// overflow to ∞: a kernel that skipped its check would give NaN.

import AttentionKernels
import BundledPatterns
import PatternLanguage
import Testing

@Suite struct GrowingScoresTests {
    /// Two query heads over one key head. Keys are `slope · j` plus noise in every component;
    /// head 0's queries are about +1 and head 1's about −1, so that at D = 64 head 0's scores
    /// grow by about 512 · slope (natural log) a tile of 64 keys, and head 1's fall as much.
    static func inputs(length: Int, valueDepth: Int, slope: Float) -> (query: AttentionTensor, key: AttentionTensor, value: AttentionTensor) {
        let depth = 64
        let queryNoise = GeneratedKernelTests.random([2, length, depth], seed: 41).values
        let keyNoise = GeneratedKernelTests.random([length, depth], seed: 42).values
        let query = queryNoise.indices.map { index in (index < length * depth ? 1 : -1) * (1 + 0.5 * queryNoise[index]) }
        let key = keyNoise.indices.map { index in slope * Float(index / depth) + 0.5 * keyNoise[index] }
        return (AttentionTensor(shape: [2, length, depth], values: query), AttentionTensor(shape: [1, length, depth], values: key),
                GeneratedKernelTests.random([1, length, valueDepth], seed: 43))
    }

    /// Slopes 0.05 (about 37 a tile, base 2: past the threshold of 8) and 0.5 (about 370: past
    /// what a float's exponent holds).
    @Test(arguments: [(length: 300, valueDepth: 64, slope: 0.05), (length: 128, valueDepth: 72, slope: 0.05),
                      (length: 200, valueDepth: 128, slope: 0.05), (length: 300, valueDepth: 64, slope: 0.5),
                      (length: 200, valueDepth: 80, slope: 0.5)] as [(Int, Int, Float)])
    func everyKernelMatchesTheReference(length: Int, valueDepth: Int, slope: Float) throws {
        let (q, k, v) = Self.inputs(length: length, valueDepth: valueDepth, slope: slope)
        for name in ["dense", "dense_causal"] {
            let pattern = try #require(GeneratedKernelTests.declarations.first { $0.name == name }).bind(overrides: [])
            let expected = try ReferenceAttention.run(pattern: pattern, query: q, key: k, value: v)
            let label = "\(name) N=\(length) Dv=\(valueDepth) slope=\(slope)"
            let kernel = try #require(BundledPatterns.kernel(for: pattern))
            for threads in [1, 2] {
                GeneratedKernelTests.expectClose(try kernel.attention(query: q, key: k, value: v, scale: nil, threadCount: threads),
                                                 expected, "generated \(label) T=\(threads)")
            }
            GeneratedKernelTests.expectClose(try BlockSparseInterpreter(pattern: pattern, length: length, threadCount: 2)
                                                .run(query: q, key: k, value: v), expected, "interpreter \(label)")
            GeneratedKernelTests.expectClose(try DenseFlashAttention(isCausal: name == "dense_causal", threadCount: 2)
                                                .run(query: q, key: k, value: v), expected, "dense flash \(label)")
        }
    }
}
