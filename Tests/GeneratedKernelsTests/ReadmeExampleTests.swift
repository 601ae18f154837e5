// The README's "Using it from Swift" example, line for line, with its comments' claims
// asserted, so that the example stays code that compiles and says what it does.

import AttentionKernels
import BlockSparsePlanner
import BundledPatterns
import PatternLanguage
import Testing

@Suite struct ReadmeExampleTests {
    @Test func usingItFromSwift() throws {
        // Check a pattern, bind its parameters, plan it.
        let source = SourceFile(path: "mine.attn", text: """
            pattern mine(w = 128) { mask causal & (window(w, 0) | sink(4)) }
            """)
        let library = PatternLibrary.check([source])
        for diagnostic in library.diagnostics { print(diagnostic.rendered()) }
        #expect(library.diagnostics.isEmpty)
        let pattern = try library.declaration(named: "mine").bind(overrides: ["w=64"])

        let plan = Planner.plan(pattern, length: 1024)          // exact full / partial tiles
        // kept tiles: each of the 16 rows of tiles keeps its diagonal tile, the one before it
        // (the window of 65 keys reaches back into it) and tile 0 (the sinks): 1 + 2 + 3 · 14.
        #expect(plan.layout.entryCount == 45)
        #expect(MaskEvaluator(pattern: pattern, length: 1024).contains(query: 100, key: 2))   // true: a sink
        #expect(!MaskEvaluator(pattern: pattern, length: 1024).contains(query: 1, key: 3))   // causal: no future sink

        // Run attention with the interpreter. Q, K, V: Float32, row-major, [N, D], [H, N, D] or [B, H, N, D].
        let q = AttentionTensor(shape: [8, 1024, 64], repeating: 0.1)
        let kv = AttentionTensor(shape: [2, 1024, 64], repeating: 0.2)   // grouped-query: 2 K/V heads
        let interpreter = BlockSparseInterpreter(pattern: pattern, length: 1024, threadCount: 2)
        let result = try interpreter.run(query: q, key: kv, value: kv)    // scale defaults to 1/sqrt(D)
        #expect(result.output.shape == [8, 1024, 64])
        #expect(result.logSumExp.shape == [8, 1024])

        // Or a generated kernel: the bundled ones are in the BundledPatterns product.
        let same = try Longformer.attention(query: q, key: kv, value: kv, threadCount: 2)
        #expect(same.output.shape == [8, 1024, 64])
    }
}
