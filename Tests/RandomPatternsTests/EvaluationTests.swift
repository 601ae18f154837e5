// EvaluationTests: the generated masks evaluate at small and awkward lengths without a
// trap, and their densities spread from empty to full, as differential tests need.

import PatternLanguage
import Testing

struct EvaluationTests {
    /// The fraction of pairs kept, at one length.
    static func density(_ pattern: CheckedPattern, length: Int) -> Double {
        var kept = 0
        MaskEvaluator(pattern: pattern, length: length).forEachRow { _, row in
            kept += row.lazy.filter { $0 }.count
        }
        return Double(kept) / Double(length * length)
    }

    @Test(arguments: [1, 7, 64, 100])
    func masksEvaluate(length: Int) {
        // Every source at the short lengths; a fixed share at the long ones, to keep the test quick.
        let stride = length <= 7 ? 1 : length <= 64 ? 6 : 10
        for source in GeneratedSources.sample.enumerated().filter({ $0.offset % stride == 0 }).map(\.element) {
            guard let pattern = source.pattern else { continue }
            let density = Self.density(pattern, length: length)
            #expect((0...1).contains(density))
        }
    }

    @Test func densitiesSpread() {
        // Every other source at N = 40: more than one tile of 8 to 32, less than one of 64.
        let sources = GeneratedSources.sample.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        let densities = sources.compactMap { $0.pattern }.map { Self.density($0, length: 40) }
        let empty = densities.filter { $0 == 0 }.count
        let full = densities.filter { $0 == 1 }.count
        let between = densities.count - empty - full
        #expect(empty < densities.count / 5, "\(empty) empty masks of \(densities.count)")
        #expect(full < densities.count / 5, "\(full) full masks of \(densities.count)")
        #expect(between > densities.count / 2, "\(between) partial masks of \(densities.count)")
        // Sparse and dense partial masks both occur.
        #expect(densities.filter { $0 > 0 && $0 < 0.2 }.count > densities.count / 10)
        #expect(densities.filter { $0 > 0.5 && $0 < 1 }.count > densities.count / 10)
    }
}
