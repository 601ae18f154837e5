// Tests of the block-sparse interpreter against the Double reference: every bundled
// pattern, ragged tiles, ranks 2 to 4, grouped-query heads, Dv ≠ D, thread counts.

import AttentionKernels
import BlockSparsePlanner
import PatternLanguage
import Testing

@Suite struct InterpreterTests {
    static let patternNames = KernelTestSupport.bundledPatterns.map(\.name)

    @Test(arguments: patternNames)
    func bundledPatternMatchesTheReference(name: String) throws {
        let declaration = try #require(KernelTestSupport.bundledPatterns.first { $0.name == name })
        let pattern = try KernelTestSupport.smallPattern(declaration)
        let block = pattern.blockSize
        for (length, threads) in [(1, 1), (block - 1, 2), (2 * block + 5, 3)] {
            let q = KernelTestSupport.random([2, length, 16], seed: 1)
            let k = KernelTestSupport.random([2, length, 16], seed: 2)
            let v = KernelTestSupport.random([2, length, 8], seed: 3)
            let expected = try ReferenceAttention.run(pattern: pattern, query: q, key: k, value: v)
            let actual = try BlockSparseInterpreter(pattern: pattern, length: length, threadCount: threads).run(query: q, key: k, value: v)
            KernelTestSupport.expectClose(actual, expected, "\(name) N=\(length) T=\(threads)")
        }
    }

    @Test(arguments: [1, 3, 16, 64, 128])
    func everyDepthMatchesTheReference(depth: Int) throws {
        let pattern = try KernelTestSupport.pattern("pattern p { block 16\n mask causal & local(20) | global([3]) }")
        let length = 45
        let q = KernelTestSupport.random([length, depth], seed: 4, range: 2)
        let k = KernelTestSupport.random([length, depth], seed: 5, range: 2)
        for valueDepth in [depth, 5] {
            let v = KernelTestSupport.random([length, valueDepth], seed: 6)
            let expected = try ReferenceAttention.run(pattern: pattern, query: q, key: k, value: v)
            let actual = try BlockSparseInterpreter(pattern: pattern, length: length, threadCount: 2).run(query: q, key: k, value: v)
            KernelTestSupport.expectClose(actual, expected, "D=\(depth) Dv=\(valueDepth)")
        }
    }

    @Test func rankFourWithGroupedQueryHeads() throws {
        let pattern = try KernelTestSupport.pattern("pattern p { block 8\n mask local(6) | sink(2) }")
        let length = 37
        let q = KernelTestSupport.random([2, 4, length, 12], seed: 7)
        let k = KernelTestSupport.random([2, 2, length, 12], seed: 8)
        let v = KernelTestSupport.random([2, 2, length, 24], seed: 9)
        let expected = try ReferenceAttention.run(pattern: pattern, query: q, key: k, value: v)
        #expect(expected.output.shape == [2, 4, length, 24] && expected.logSumExp.shape == [2, 4, length])
        for threads in 1...3 {
            let actual = try BlockSparseInterpreter(pattern: pattern, length: length, threadCount: threads).run(query: q, key: k, value: v)
            KernelTestSupport.expectClose(actual, expected, "T=\(threads)")
        }
        // One key/value head shared by all four query heads.
        let k1 = KernelTestSupport.random([2, 1, length, 12], seed: 10), v1 = KernelTestSupport.random([2, 1, length, 3], seed: 11)
        KernelTestSupport.expectClose(try BlockSparseInterpreter(pattern: pattern, length: length, threadCount: 2).run(query: q, key: k1, value: v1),
                                      try ReferenceAttention.run(pattern: pattern, query: q, key: k1, value: v1))
    }

    @Test func queryHeadsReadTheirGroupsKeyValueHead() throws {
        // Consecutive query heads share a key/value head (as PyTorch's `enable_gqa`), per batch.
        let shape = try AttentionShape(query: [2, 4, 5, 3], key: [2, 2, 5, 3], value: [2, 2, 5, 3])
        #expect((0..<8).map(shape.keyValueHead(ofQueryHead:)) == [0, 0, 1, 1, 2, 2, 3, 3])
        let shared = try AttentionShape(query: [6, 5, 3], key: [1, 5, 3], value: [1, 5, 3])
        #expect((0..<6).map(shared.keyValueHead(ofQueryHead:)) == [0, 0, 0, 0, 0, 0])
    }

    /// Tiles wider than 64 keys have two or more mask words per row; a band's pieces of rows
    /// then start at every multiple of 8, so masks are read across word boundaries.
    @Test(arguments: [128, 192])
    func bandsOnTilesWiderThanAMaskWord(block: Int) throws {
        let pattern = try KernelTestSupport.pattern("pattern p { block \(block)\n mask local(11) }")
        let length = 2 * block + 37
        let q = KernelTestSupport.random([length, 8], seed: 15), k = KernelTestSupport.random([length, 8], seed: 16)
        let v = KernelTestSupport.random([length, 8], seed: 17)
        KernelTestSupport.expectClose(try BlockSparseInterpreter(pattern: pattern, length: length, threadCount: 2).run(query: q, key: k, value: v),
                                      try ReferenceAttention.run(pattern: pattern, query: q, key: k, value: v), "B=\(block)")
    }

    @Test(arguments: [8, 24, 40, 72])
    func blockSizesAndRaggedTiles(block: Int) throws {
        let pattern = try KernelTestSupport.pattern("pattern p { block \(block)\n mask causal & (local(11) | k % 7 == 0) }")
        for length in [block - 3, block + 1, 3 * block - 5] where length >= 1 {
            let q = KernelTestSupport.random([length, 8], seed: 12), k = KernelTestSupport.random([length, 8], seed: 13)
            let v = KernelTestSupport.random([length, 16], seed: 14)
            KernelTestSupport.expectClose(try BlockSparseInterpreter(pattern: pattern, length: length, threadCount: 2).run(query: q, key: k, value: v),
                                          try ReferenceAttention.run(pattern: pattern, query: q, key: k, value: v), "B=\(block) N=\(length)")
        }
    }

    @Test func largestBlockAndMoreThreadsThanRows() throws {
        let pattern = try KernelTestSupport.pattern("pattern p { block 512\n mask local(100) | sink(3) }")
        let length = 600
        let q = KernelTestSupport.random([length, 4], seed: 18), k = KernelTestSupport.random([length, 4], seed: 19)
        let v = KernelTestSupport.random([length, 8], seed: 20)
        let expected = try ReferenceAttention.run(pattern: pattern, query: q, key: k, value: v)
        for threads in [1, 5] {
            KernelTestSupport.expectClose(try BlockSparseInterpreter(pattern: pattern, length: length, threadCount: threads).run(query: q, key: k, value: v),
                                          expected, "T=\(threads)")
        }
    }

    @Test func explicitScale() throws {
        let pattern = try KernelTestSupport.pattern("pattern p { block 8\n mask causal }")
        let q = KernelTestSupport.random([20, 4], seed: 15), k = KernelTestSupport.random([20, 4], seed: 16), v = KernelTestSupport.random([20, 4], seed: 17)
        for scale: Float in [0, -0.7, 3] {
            KernelTestSupport.expectClose(try BlockSparseInterpreter(pattern: pattern, length: 20, threadCount: 1).run(query: q, key: k, value: v, scale: scale),
                                          try ReferenceAttention.run(pattern: pattern, query: q, key: k, value: v, scale: scale), "scale \(scale)")
        }
    }

    @Test func shapeMismatchesAreErrors() throws {
        let interpreter = BlockSparseInterpreter(pattern: try KernelTestSupport.pattern("pattern p { mask causal }"), length: 10, threadCount: 1)
        let q = AttentionTensor(shape: [2, 10, 4], repeating: 0)
        func message(_ k: [Int], _ v: [Int], q: AttentionTensor = q) -> String {
            do {
                _ = try interpreter.run(query: q, key: AttentionTensor(shape: k, repeating: 0), value: AttentionTensor(shape: v, repeating: 0))
                return "no error"
            } catch { return error.message }
        }
        #expect(message([2, 10, 4], [2, 10, 7]) == "no error")
        #expect(message([10, 4], [10, 4]) == "K must have Q's rank 3, but has shape [10, 4] (Q is [2, 10, 4])")
        #expect(message([2, 10, 5], [2, 10, 4]) == "K must have Q's depth D = 4, but has shape [2, 10, 5]")
        #expect(message([2, 9, 4], [2, 10, 4]) == "K must have Q's sequence length N = 10, but has shape [2, 9, 4]")
        #expect(message([3, 10, 4], [3, 10, 4]) == "K has 3 heads (shape [3, 10, 4]); expected a number that divides Q's 2 heads")
        #expect(message([2, 10, 4], [1, 10, 4]) == "K and V must have the same number of heads, but K is [2, 10, 4] and V is [1, 10, 4]")
        #expect(message([0, 10, 4], [0, 10, 4], q: AttentionTensor(shape: [0, 10, 4], repeating: 0)) == "Q must have at least one batch entry, head and position, but has shape [0, 10, 4]")
        #expect(message([0, 2, 10, 4], [0, 2, 10, 4], q: AttentionTensor(shape: [0, 2, 10, 4], repeating: 0)) == "Q must have at least one batch entry, head and position, but has shape [0, 2, 10, 4]")
        #expect(message([4], [4], q: AttentionTensor(shape: [4], repeating: 0)) == "Q must have rank 2 [N, D], 3 [H, N, D] or 4 [B, H, N, D], but has shape [4]")
        let long = AttentionTensor(shape: [11, 4], repeating: 0)
        #expect(message([11, 4], [11, 4], q: long) == "the layout is planned for N = 10, but Q has N = 11 (shape [11, 4])")
        #expect(message([1, 2, 10, 4], [1, 2, 10, 4], q: AttentionTensor(shape: [1, 2, 10, 4], repeating: 0)) == "no error")
        #expect(message([2, 2, 10, 4], [2, 2, 10, 4], q: AttentionTensor(shape: [1, 2, 10, 4], repeating: 0)) == "K must have Q's batch size 1, but has shape [2, 2, 10, 4]")
    }
}
