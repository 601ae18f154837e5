// Tests of the evaluator against masks derived by hand from the language page: each
// built-in and operator is written here again as a plain Swift predicate.

import Testing
@testable import PatternLanguage

/// A hand-derived predicate: keeps `(q, k)` for sequence length `n`.
typealias Predicate = @Sendable (_ q: Int, _ k: Int, _ n: Int) -> Bool

/// Floor division and modulo, written independently of `Arithmetic`.
private func fdiv(_ a: Int, _ b: Int) -> Int { b == 0 ? 0 : Int((Double(a) / Double(b)).rounded(.down)) }
private func fmod(_ a: Int, _ b: Int) -> Int { b == 0 ? a : a - b * fdiv(a, b) }
/// A negative list entry counts from the end.
private func end(_ e: Int, _ n: Int) -> Int { e < 0 ? n + e : e }
/// Tile-level view with B = 8: `(q / 8, k / 8, ceil(n / 8))`.
private func tiles(_ q: Int, _ k: Int, _ n: Int) -> (Int, Int, Int) { (q / 8, k / 8, (n + 7) / 8) }

struct MaskCase: Sendable, CustomTestStringConvertible {
    var mask: String
    var expected: Predicate
    var testDescription: String { mask }
}

let handDerivedCases: [MaskCase] = [
    MaskCase(mask: "true") { _, _, _ in true },
    MaskCase(mask: "false") { _, _, _ in false },
    MaskCase(mask: "causal") { q, k, _ in k <= q },
    MaskCase(mask: "window(2, 1)") { q, k, _ in q - 2 <= k && k <= q + 1 },
    MaskCase(mask: "window(0, 0)") { q, k, _ in q == k },
    MaskCase(mask: "causal & window(3, 0)") { q, k, _ in k <= q && q - k <= 3 },
    MaskCase(mask: "local(2)") { q, k, _ in abs(q - k) <= 2 },
    MaskCase(mask: "dilated(2, 3)") { q, k, _ in abs(q - k) <= 6 && fmod(q - k, 3) == 0 },
    MaskCase(mask: "dilated(0, 5)") { q, k, _ in q == k },
    MaskCase(mask: "strided(4)") { q, k, _ in fmod(q - k, 4) == 0 },
    MaskCase(mask: "strided(1)") { _, _, _ in true },
    MaskCase(mask: "global([0, 3])") { q, k, _ in [0, 3].contains(q) || [0, 3].contains(k) },
    MaskCase(mask: "global([-1])") { q, k, n in q == n - 1 || k == n - 1 },
    MaskCase(mask: "global([1...2, -3..<-1])") { q, k, n in
        let kept = { (x: Int) in (1...2).contains(x) || (x >= n - 3 && x < n - 1) }
        return kept(q) || kept(k)
    },
    MaskCase(mask: "global([])") { _, _, _ in false },
    MaskCase(mask: "sink(3)") { _, k, _ in k < 3 },
    MaskCase(mask: "sink(0)") { _, _, _ in false },
    MaskCase(mask: "k in [0, 2, -1]") { _, k, n in k == 0 || k == 2 || k == n - 1 },
    // Dynamic entries count from the end too: at k = 0, `k - 1` stands for n - 1.
    MaskCase(mask: "q in [k - 1...k + 1]") { q, k, n in end(k - 1, n) <= q && q <= end(k + 1, n) },
    MaskCase(mask: "k in [q..<q + 3]") { q, k, _ in q <= k && k < q + 3 },
    MaskCase(mask: "k in [-2...-1]") { _, k, n in k >= n - 2 && k <= n - 1 },
    MaskCase(mask: "k in [0..<0]") { _, _, _ in false },
    MaskCase(mask: "q == k") { q, k, _ in q == k },
    MaskCase(mask: "q != k") { q, k, _ in q != k },
    MaskCase(mask: "q < k") { q, k, _ in q < k },
    MaskCase(mask: "q <= k") { q, k, _ in q <= k },
    MaskCase(mask: "q > k") { q, k, _ in q > k },
    MaskCase(mask: "q >= k") { q, k, _ in q >= k },
    MaskCase(mask: "q + k == n - 1") { q, k, n in q + k == n - 1 },
    MaskCase(mask: "q * 2 - k == 1") { q, k, _ in q * 2 - k == 1 },
    MaskCase(mask: "(q - k) / 3 == -1") { q, k, _ in fdiv(q - k, 3) == -1 },
    MaskCase(mask: "(q - k) % 3 == 2") { q, k, _ in fmod(q - k, 3) == 2 },
    MaskCase(mask: "(q - k) % -3 == -1") { q, k, _ in fmod(q - k, -3) == -1 },
    MaskCase(mask: "q / (k - 2) == 0") { q, k, _ in fdiv(q, k - 2) == 0 },
    MaskCase(mask: "q % (k - 2) == q") { q, k, _ in fmod(q, k - 2) == q },
    MaskCase(mask: "-q + k > 0") { q, k, _ in -q + k > 0 },
    MaskCase(mask: "abs(q - k) == 1") { q, k, _ in abs(q - k) == 1 },
    MaskCase(mask: "min(q, k) == 0") { q, k, _ in min(q, k) == 0 },
    MaskCase(mask: "max(q, k) < 3") { q, k, _ in max(q, k) < 3 },
    MaskCase(mask: "!causal") { q, k, _ in !(k <= q) },
    MaskCase(mask: "causal & !local(1)") { q, k, _ in k <= q && abs(q - k) > 1 },
    MaskCase(mask: "sink(1) | local(1) & causal") { q, k, _ in k < 1 || (abs(q - k) <= 1 && k <= q) },
    MaskCase(mask: "causal & (q / 4 == k / 4 | k % 4 >= 3)") { q, k, _ in k <= q && (q / 4 == k / 4 || k % 4 >= 3) },
    MaskCase(mask: "blocks(causal)") { q, k, n in let (i, j, _) = tiles(q, k, n); return j <= i },
    MaskCase(mask: "blocks(local(1))") { q, k, n in let (i, j, _) = tiles(q, k, n); return abs(i - j) <= 1 },
    MaskCase(mask: "blocks(global([0, -1]))") { q, k, n in
        let (i, j, t) = tiles(q, k, n)
        return i == 0 || j == 0 || i == t - 1 || j == t - 1
    },
    MaskCase(mask: "blocks(q == n - 1) | sink(2)") { q, k, n in let (i, _, t) = tiles(q, k, n); return i == t - 1 || k < 2 },
    MaskCase(mask: "blocks(k in [q + 1]) & q % 2 == 0") { q, k, n in let (i, j, _) = tiles(q, k, n); return j == i + 1 && q % 2 == 0 },
]

@Suite struct EvaluatorTests {
    /// N = 1, N smaller than a tile, N not a multiple of the tile, and over several tiles.
    static let lengths = [1, 5, 13, 27]

    @Test(arguments: handDerivedCases)
    func maskMatchesHandDerivation(_ testCase: MaskCase) throws {
        let pattern = try TestSupport.pattern("pattern p {\n block 8\n mask \(testCase.mask)\n}")
        TestSupport.expectMask(pattern, lengths: Self.lengths, testCase.mask, keeps: testCase.expected)
    }

    @Test func letsMeanTheirValues() throws {
        let mask = try TestSupport.mask("pattern p(w = 2) {\n let d = q - k\n let near = abs(d) <= w\n mask near & d >= 0\n}", length: 9)
        for q in 0..<9 { for k in 0..<9 { #expect(mask[q][k] == (q - k >= 0 && q - k <= 2)) } }
    }

    @Test func randomKeepsTheDrawnColumns() throws {
        let pattern = try TestSupport.pattern("pattern p { mask random(3, 42) }")
        let evaluator = MaskEvaluator(pattern: pattern, length: 50)
        for q in [0, 5, 49] {
            let kept = evaluator.row(q).enumerated().filter(\.element).map { Int64($0.offset) }
            #expect(kept == RandomDraw.columns(seed: 42, row: Int64(q), columns: 50, count: 3))
        }
        #expect(evaluator.row(5).enumerated().filter(\.element).map(\.offset) == [11, 14, 40])
    }

    @Test func randomInsideBlocksDrawsTiles() throws {
        let pattern = try TestSupport.pattern("pattern p { block 8\n mask blocks(random(2, 7)) }")
        let evaluator = MaskEvaluator(pattern: pattern, length: 45)  // 6 tiles, the last one ragged
        for q in 0..<45 {
            let tiles = Set(RandomDraw.columns(seed: 7, row: Int64(q / 8), columns: 6, count: 2))
            #expect(evaluator.row(q) == (0..<45).map { tiles.contains(Int64($0 / 8)) })
        }
    }

    @Test func randomCountLargerThanTheRowKeepsEverything() throws {
        let mask = try TestSupport.mask("pattern p { mask random(100, 1) }", length: 7)
        #expect(mask.allSatisfy { $0.allSatisfy { $0 } })
    }

    @Test func forEachRowAgreesWithRow() throws {
        let pattern = try TestSupport.pattern("pattern p { mask local(2) | random(2, 3) }")
        let evaluator = MaskEvaluator(pattern: pattern, length: 20)
        var count = 0
        evaluator.forEachRow { q, row in
            #expect(row == evaluator.row(q))
            count += 1
        }
        #expect(count == 20)
    }
}

@Suite struct EdgeSemanticsTests {
    @Test func builtinBoundsDoNotWrap() throws {
        let mask = try TestSupport.mask("pattern p { mask window(0, 9223372036854775807) }", length: 6)
        for q in 0..<6 { for k in 0..<6 { #expect(mask[q][k] == (k >= q)) } }
        let dilated = try TestSupport.mask("pattern p { mask dilated(9223372036854775807, 2) }", length: 6)
        for q in 0..<6 { for k in 0..<6 { #expect(dilated[q][k] == ((q - k) % 2 == 0)) } }
    }

    @Test func dynamicArithmeticWraps() throws {
        // q + Int64.max wraps negative for q >= 1; Int64.min / -1 wraps to Int64.min.
        let mask = try TestSupport.mask("pattern p { mask q + 9223372036854775807 < 0 & (k - 9223372036854775807 - 1) / -1 < 0 }", length: 3)
        #expect(mask[0][0] == false)
        #expect(mask[1][0] == true)
        #expect(mask[1][1] == false)
    }

    @Test func doubleNegationFolds() throws {
        #expect(try TestSupport.pattern("pattern p { mask !!causal }").mask == .builtin(.causal))
    }

    @Test func rangeEndsConvertSeparately() throws {
        let mask = try TestSupport.mask("pattern p { mask k in [-3..<0] | q in [-2...-1] }", length: 5)
        for q in 0..<5 { for k in 0..<5 { #expect(mask[q][k] == (q >= 3)) } }
    }
}
