// Differential tests of the interpreter on randomly generated well-typed patterns (fixed
// seed) against the Double reference, which evaluates each pattern's mask pair by pair:
// tiles of 8, 16 and 64 at ragged lengths, head sizes of 64 (so that 64-wide tiles run the
// AVX-512 loops' whole-tile and narrow-piece paths), Dv ≠ D, grouped-query heads, threads.

import AttentionKernels
import PatternLanguage
import RandomPatterns
import Testing

@Suite struct RandomPatternInterpreterTests {
    @Test(arguments: 0..<4)
    func randomPatternsMatchTheReference(part: Int) throws {
        var generator = RandomPatternGenerator(seed: 20_261_128 + UInt64(part))
        for index in 0..<15 {
            let source = generator.nextSource(name: "random_\(index)")
            var pattern = try PatternLibrary.check([SourceFile(path: "random_\(index).attn", text: source)]).declaration(named: nil).checked
            pattern.blockSize = [8, 16, 64][index % 3]
            let length = [1, 37, 130, 200, 64][(index + part) % 5]
            let valueDepth = [64, 40, 72][(index + part) % 3]
            // Two batches of four query heads over two key/value heads.
            let q = KernelTestSupport.random([2, 4, length, 64], seed: UInt64(3 * index + 1))
            let k = KernelTestSupport.random([2, 2, length, 64], seed: UInt64(3 * index + 2))
            let v = KernelTestSupport.random([2, 2, length, valueDepth], seed: UInt64(3 * index + 3))
            let expected = try ReferenceAttention.run(pattern: pattern, query: q, key: k, value: v)
            let threads = 1 + index % 3
            let actual = try BlockSparseInterpreter(pattern: pattern, length: length, threadCount: threads).run(query: q, key: k, value: v)
            KernelTestSupport.expectClose(actual, expected, "seed part \(part), pattern \(index) (block \(pattern.blockSize), N = \(length), Dv = \(valueDepth), T = \(threads)):\n\(source)")
        }
    }
}
