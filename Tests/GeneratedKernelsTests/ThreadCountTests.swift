// Tests that every kernel refuses a thread count below 1 the same way: a precondition that
// names the value (the generated kernels used to run with it, the interpreter stopped
// inside the scheduler with the planner's words).

import AttentionKernels
import BundledPatterns
import PatternLanguage
import Testing

@Suite struct ThreadCountTests {
    static let tensor = AttentionTensor(shape: [8, 4], repeating: 0.5)

    @Test func generatedKernelsRefuseIt() async {
        // (An exit test's body captures nothing, so each count is written out.)
        await #expect(processExitsWith: .failure) {
            let tensor = AttentionTensor(shape: [8, 4], repeating: 0.5)
            _ = try Longformer.attention(query: tensor, key: tensor, value: tensor, threadCount: 0)
        }
        await #expect(processExitsWith: .failure) {
            let tensor = AttentionTensor(shape: [8, 4], repeating: 0.5)
            _ = try Longformer.attention(query: tensor, key: tensor, value: tensor, threadCount: -3)
        }
    }

    @Test func theInterpreterAndTheDenseKernelRefuseIt() async {
        await #expect(processExitsWith: .failure) {
            let pattern = try GeneratedKernelTests.declarations.first { $0.name == "longformer" }!.bind(overrides: [])
            _ = BlockSparseInterpreter(pattern: pattern, length: 8, threadCount: 0)
        }
        await #expect(processExitsWith: .failure) {
            _ = DenseFlashAttention(isCausal: true, threadCount: 0)
        }
    }

    @Test func oneThreadRuns() throws {
        // The same calls with one thread, so that the failures above come from the count.
        let result = try Longformer.attention(query: Self.tensor, key: Self.tensor, value: Self.tensor, threadCount: 1)
        #expect(result.output.shape == [8, 4])
        let pattern = try #require(GeneratedKernelTests.declarations.first { $0.name == "longformer" }).bind(overrides: [])
        #expect(try BlockSparseInterpreter(pattern: pattern, length: 8, threadCount: 1).run(query: Self.tensor, key: Self.tensor, value: Self.tensor).output.shape == [8, 4])
    }
}
