// Tests of the benchmark's yardsticks: dense and causal flash attention against the
// reference, and the SIMD matrix product against a plain one.

import AttentionKernels
import PatternLanguage
import Testing

@Suite struct DenseKernelTests {
    @Test(arguments: [false, true])
    func denseFlashMatchesTheReference(causal: Bool) throws {
        let pattern = try KernelTestSupport.pattern(causal ? "pattern p { mask causal }" : "pattern p { mask true }")
        for (length, block, threads) in [(1, 8, 1), (21, 8, 2), (77, 16, 3), (40, 64, 2)] {
            let q = KernelTestSupport.random([2, length, 12], seed: 30), k = KernelTestSupport.random([1, length, 12], seed: 31)
            let v = KernelTestSupport.random([1, length, 7], seed: 32)
            let kernel = DenseFlashAttention(blockSize: block, isCausal: causal, threadCount: threads)
            KernelTestSupport.expectClose(try kernel.run(query: q, key: k, value: v),
                                          try ReferenceAttention.run(pattern: pattern, query: q, key: k, value: v), "N=\(length) B=\(block)")
        }
        #expect(DenseFlashAttention(isCausal: causal, threadCount: 1).keptPairs(length: 10) == (causal ? 55 : 100))
    }

    @Test func matrixProductMatchesAPlainOne() {
        for (m, n, k) in [(1, 8, 1), (7, 24, 5), (13, 72, 64)] {
            let a = KernelTestSupport.random([m, k], seed: 33).values, b = KernelTestSupport.random([k, n], seed: 34).values
            let c = MatrixMultiply.multiply(a, b, m: m, n: n, k: k)
            for i in 0..<m {
                for j in 0..<n {
                    let exact = (0..<k).reduce(0.0) { $0 + Double(a[i * k + $1]) * Double(b[$1 * n + j]) }
                    #expect(abs(Double(c[i * n + j]) - exact) <= 1e-5 * Double(k))
                }
            }
        }
        #expect(MatrixMultiply.measureRate(threadCount: 2, seconds: 0.01) > 0)
    }
}
