// Differential tests of the planner on randomly generated well-typed patterns (fixed
// seed): layouts equal the brute-force classification, partial-tile masks equal the
// evaluator, schedules cover every tile once — at awkward lengths and tile sizes.

import Testing
import PatternLanguage
import RandomPatterns
@testable import BlockSparsePlanner

@Suite struct RandomPatternPlannerTests {
    /// The generated patterns, checked, each with a block size from the pattern or
    /// forced to a small one so that several tiles fit in short sequences.
    static func patterns(count: Int, seed: UInt64) throws -> [CheckedPattern] {
        var generator = RandomPatternGenerator(seed: seed)
        return try (0..<count).map { index in
            let source = generator.nextSource(name: "random_\(index)")
            let library = PatternLibrary.check([SourceFile(path: "random_\(index).attn", text: source)])
            var pattern = try library.declaration(named: nil).checked
            pattern.blockSize = [8, 16, 24, 64][index % 4]
            return pattern
        }
    }

    @Test func layoutsEqualTheBruteForceClassification() throws {
        for (index, pattern) in try Self.patterns(count: 400, seed: 2026).enumerated() {
            let length = [1, 7, 33, 64, 97, 130][index % 6]
            PlannerTestSupport.expectExactLayout(pattern, length: length)
        }
    }

    @Test func masksAndSchedulesOfRandomPatterns() throws {
        for (index, pattern) in try Self.patterns(count: 120, seed: 7).enumerated() {
            let length = [20, 65, 100][index % 3]
            PartialTileMaskTests.expectMatchesEvaluator(pattern, length: length)
            let layout = BlockLayout(pattern: pattern, length: length)
            ScheduleTests.expectValid(Schedule(layout: layout, threadCount: 1 + index % 3), of: layout)
        }
    }
}
