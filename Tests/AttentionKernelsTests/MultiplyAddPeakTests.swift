// MultiplyAddPeak's chains against their closed forms, on the loops this process runs
// (CI runs the suite on AVX-512, AVX2 and the Swift loops): every chain takes every step,
// starting from its own value, in every lane.

import Testing
@testable import AttentionKernels

@Suite struct MultiplyAddPeakTests {
    /// Chain `i` after `steps` steps of `a ← a + 1` is `i + steps` in every lane.
    @Test(arguments: [0, 1, 7, 1_000])
    func chainsCountTheirSteps(steps: Int) {
        let chains = MultiplyAddPeak.chainCount
        let expected = Float(MultiplyAddPeak.lanes * (chains * (chains - 1) / 2 + chains * steps))
        #expect(MultiplyAddPeak.chains(steps: steps, factor: 1, addend: 1) == expected)
    }

    /// `a ← 2a` three times multiplies each chain's start by 8; `a ← a / 2 + 1` moves each
    /// halfway to 2.
    @Test func chainsMultiplyAndAdd() {
        let (lanes, chains) = (Float(MultiplyAddPeak.lanes), MultiplyAddPeak.chainCount)
        let starts = (0..<chains).map(Float.init)
        #expect(MultiplyAddPeak.chains(steps: 3, factor: 2, addend: 0) == lanes * starts.reduce(0) { $0 + 8 * $1 })
        #expect(MultiplyAddPeak.chains(steps: 1, factor: 0.5, addend: 1) == lanes * starts.reduce(0) { $0 + $1 / 2 + 1 })
    }
}
