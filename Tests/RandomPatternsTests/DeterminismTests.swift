// DeterminismTests: the generator's output is a function of its seed and configuration
// alone, and its random numbers are SplitMix64's, bit for bit.

import Foundation
@testable import RandomPatterns
import Testing

struct DeterminismTests {
    @Test func theSameSeedGivesTheSameTexts() {
        let again = GeneratedSources.texts(seed: GeneratedSources.seed, count: GeneratedSources.count)
        #expect(again == GeneratedSources.sample.map(\.text))
    }

    @Test func differentSeedsGiveDifferentTexts() {
        let first = GeneratedSources.texts(seed: 1, count: 100)
        let second = GeneratedSources.texts(seed: 2, count: 100)
        let equal = zip(first, second).filter { $0 == $1 }.count
        #expect(equal == 0)
        #expect(Set(first).count == 100, "one seed repeats itself")
    }

    @Test func theNameIsTheOnlyDifferenceBetweenNames() {
        var a = RandomPatternGenerator(seed: 9)
        var b = RandomPatternGenerator(seed: 9)
        let text = a.nextSource(name: "alpha")
        #expect(text.contains("pattern alpha"))
        #expect(text.replacingOccurrences(of: "pattern alpha", with: "pattern beta") == b.nextSource(name: "beta"))
        #expect(a.count == 1)
    }

    /// SplitMix64's published outputs for seed 0 (Vigna's reference implementation).
    @Test func theRandomNumbersAreSplitMix64() {
        var random = SeededRandom(seed: 0)
        #expect(random.next() == 0xE220_A839_7B1D_CDAF)
        #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(random.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func helpersStayInRange() {
        var random = SeededRandom(seed: 3)
        for _ in 0..<1_000 {
            #expect((-3...5).contains(random.int(in: -3...5)))
            #expect(random.weighted([0, 2, 0, 1]) != 0)
            #expect(random.weighted([0, 2, 0, 1]) != 2)
        }
        #expect(random.int(in: Int.min...Int.max) != random.int(in: Int.min...Int.max))
    }
}
