// Tests of the random draw: the reference vectors from an independent implementation of
// the language page, and the draw's invariants.

import Testing
@testable import PatternLanguage

@Suite struct RandomDrawTests {
    @Test func referenceVectors() {
        #expect(RandomDraw.columns(seed: 0, row: 0, columns: 10, count: 3) == [0, 7, 9])
        #expect(RandomDraw.columns(seed: 42, row: 5, columns: 50, count: 3) == [11, 14, 40])
        #expect(RandomDraw.columns(seed: 1, row: 0, columns: 5, count: 20) == [0, 1, 2, 3, 4])
    }

    @Test func splitMixFirstOutputs() {
        // SplitMix64 seeded with state 0 gives the published sequence.
        var generator = SplitMix64(seed: 0, row: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func negativeSeedsAndRowsUseTheirBitPatterns() {
        var a = SplitMix64(seed: -1, row: -1)
        var b = SplitMix64(seed: 0, row: 0)
        #expect(a.state == UInt64.max &* 0xD1B5_4A32_D192_ED03 &+ UInt64.max)
        #expect(a.next() != b.next())
    }

    @Test func drawsAreDistinctAscendingAndInRange() {
        for seed in Int64(0)..<20 {
            for columns in Int64(1)...40 {
                for count in [Int64(0), 1, 3, 39, 100] {
                    let drawn = RandomDraw.columns(seed: seed, row: seed * 3, columns: columns, count: count)
                    #expect(drawn.count == Int(min(count, columns)))
                    #expect(drawn == drawn.sorted() && Set(drawn).count == drawn.count)
                    #expect(drawn.allSatisfy { $0 >= 0 && $0 < columns })
                }
            }
        }
    }
}
