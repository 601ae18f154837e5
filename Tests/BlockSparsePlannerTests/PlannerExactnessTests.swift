// The planner against the brute-force classification from the evaluator: every bundled
// pattern and hand-written patterns that exercise each built-in, combination and
// interval rule, at awkward lengths (1, below a tile, not a multiple of the tile).

import Testing
import PatternLanguage
@testable import BlockSparsePlanner

@Suite struct PlannerExactnessTests {
    static let lengths = [1, 5, 8, 17, 63, 64, 65, 130, 200]

    @Test func bundledPatternsWithSmallParameters() throws {
        for declaration in try PlannerTestSupport.bundledDeclarations() {
            var overrides: [String] = []
            let names = declaration.parameters.map(\.name)
            if names.contains("window") { overrides.append("window=\(declaration.name == "streaming_llm" ? 20 : 24)") }
            if names.contains("l") { overrides.append("l=16") }
            if names.contains("c") { overrides.append("c=4") }
            if names.contains("prefix") { overrides.append("prefix=37") }
            if names.contains("sinks") { overrides.append("sinks=3") }
            if names.contains("globals") { overrides.append("globals=[0, 9, -1]") }
            if names.contains("links") { overrides.append("links=3") }
            var pattern = try declaration.bind(overrides: overrides)
            for block in [8, 16] {
                pattern.blockSize = block
                for length in Self.lengths { PlannerTestSupport.expectExactLayout(pattern, length: length) }
            }
        }
    }

    @Test func bundledPatternsWithTheirDefaults() throws {
        for declaration in try PlannerTestSupport.bundledDeclarations() {
            let pattern = try declaration.bind(overrides: [])
            PlannerTestSupport.expectExactLayout(pattern, length: 700)
        }
    }

    static let masks = [
        "true", "false", "causal", "!causal", "window(3, 0)", "window(0, 5)", "window(9, 2)", "local(0)",
        "dilated(2, 3)", "dilated(0, 4)", "dilated(5, 1)", "strided(3)", "strided(1)", "strided(8)",
        "global([0])", "global([-1, 3...5, 10..<12])", "k in [2..<n - 3]", "global([0..<-3])", "global([100])", "sink(0)", "sink(3)", "sink(9)",
        "random(2, 0)", "random(40, 7)", "random(0, 1)", "random(150, 3) & !causal", "random(9223372036854775807, 2) & k % 3 == 0",
        "blocks(local(1))", "blocks(causal & !window(0, 0))", "blocks(random(2, 5) | global([-1]))", "blocks(q == k)",
        "causal & (sink(2) | window(4, 0))", "local(2) | global([0])", "window(3, 0) | window(0, 3)",
        "causal & (q / 5 == k / 5 | k % 5 >= 3)", "causal | (q < 11 & k < 11)", "q % (k - q) == 0", "(q * k) % 7 == 3",
        "abs(q - k) <= 4", "min(q, k) > 3 & max(q, k) < 20", "q in [k, k + 1]", "k in [q - 2...q, -1]", "-q + k >= 2",
        "q / (k - k) == 0 & k % (q - q) == k", "!(local(3) & causal) & strided(2)", "q - k in [0, 2...4]", "q * n - k in [28..<29, 28, 6]", "q - k in [-9223372036854775807...9223372036854775807]", "q + k in [300...400]", "(n - 1 - q) == k",
    ]

    @Test(arguments: masks) func handWrittenMasks(mask: String) throws {
        for block in [8, 24] {
            let pattern = try PlannerTestSupport.pattern("pattern p { block \(block) mask \(mask) }")
            for length in Self.lengths { PlannerTestSupport.expectExactLayout(pattern, length: length) }
        }
    }

    @Test func lettedExpressions() throws {
        let pattern = try PlannerTestSupport.pattern("""
            pattern p(w = 3) {
                block 8
                let d = q - k
                let near = abs(d) <= w
                let far = d % 9 == 0
                mask near | far & causal
            }
            """)
        for length in Self.lengths { PlannerTestSupport.expectExactLayout(pattern, length: length) }
    }

    @Test func letsUsedInsideBlocksMeanTheirExpressionOnTiles() throws {
        let pattern = try PlannerTestSupport.pattern("""
            pattern p {
                block 8
                let d = q - k
                let last = n - 1
                let l = [q - 1, -1]
                mask d % 5 == 0 & causal | blocks(d == 1 | q == last | k in l | random(1, 4))
            }
            """)
        for length in Self.lengths { PlannerTestSupport.expectExactLayout(pattern, length: length) }
    }

    @Test func statisticsNameTheUndecidedParts() throws {
        let pattern = try PlannerTestSupport.pattern("pattern p { block 16 mask causal & (q * k) % 7 == 3 }")
        let plan = Planner.plan(pattern, length: 100)
        #expect(plan.statistics.tilesSplit > 0)
        #expect(plan.statistics.undecidedExpressions.contains("q * k % 7 == 3"), "\(plan.statistics.undecidedExpressions)")
        let band = try PlannerTestSupport.pattern("pattern p { block 16 mask local(5) | global([0]) }")
        let bandPlan = Planner.plan(band, length: 1000)
        #expect(bandPlan.statistics.pairsEvaluated == 0)
    }
}
