// A `let` used inside `blocks(...)` stands for its expression on the tile grid (a `let` is a
// named expression; inside `blocks`, q, k and n are tile indices), against predicates
// derived by hand from the language page; and the two ways writing it out can fail.

import Testing
@testable import PatternLanguage

@Suite struct LetsInBlocksTests {
    static let lengths = [1, 5, 8, 17, 63, 64, 65, 130]

    /// Tile-level view with B = 8: `(q / 8, k / 8, ceil(n / 8))`.
    static func tiles(_ q: Int, _ k: Int, _ n: Int) -> (q: Int, k: Int, n: Int) { (q / 8, k / 8, (n + 7) / 8) }

    static let cases: [MaskCase] = [
        // The same `let` on positions outside `blocks` and on tiles inside.
        MaskCase(mask: "let d = q - k\n mask d == 0 | blocks(d == 1)") { q, k, n in
            q == k || tiles(q, k, n).q - tiles(q, k, n).k == 1
        },
        // `n` inside a `let` is the tile count there.
        MaskCase(mask: "let last = n - 1\n mask blocks(q == last) | k == last") { q, k, n in
            tiles(q, k, n).q == tiles(q, k, n).n - 1 || k == n - 1
        },
        // A `let` that uses another one, and a Bool `let`.
        MaskCase(mask: "let a = q + 1\n let b = a - k\n let near = abs(b) <= 1\n mask blocks(near & b >= 0)") { q, k, n in
            let t = tiles(q, k, n)
            return abs(t.q + 1 - t.k) <= 1 && t.q + 1 - t.k >= 0
        },
        // A list `let` with dynamic entries, one negative (from the tile count's end).
        MaskCase(mask: "let l = [q - 1, -1]\n mask blocks(k in l)") { q, k, n in
            let t = tiles(q, k, n)
            return t.k == t.q - 1 || (t.q - 1 < 0 && t.k == t.n + t.q - 1) || t.k == t.n - 1
        },
        // A `let` holding a built-in: random draws over tiles inside `blocks`.
        MaskCase(mask: "let links = random(1, 9) | causal\n mask blocks(links) & local(20)") { q, k, n in
            let t = tiles(q, k, n)
            let drawn = RandomDraw.columns(seed: 9, row: Int64(t.q), columns: Int64(t.n), count: 1)
            return abs(q - k) <= 20 && (drawn.contains(Int64(t.k)) || t.k <= t.q)
        },
    ]

    @Test(arguments: cases)
    func aLetInsideBlocksIsItsExpressionOnTiles(_ testCase: MaskCase) throws {
        let pattern = try TestSupport.pattern("pattern p {\n block 8\n \(testCase.mask)\n}")
        TestSupport.expectMask(pattern, lengths: Self.lengths, testCase.mask, keeps: testCase.expected)
    }

    @Test func aLetHoldingBlocksCannotBeUsedInsideBlocks() {
        #expect(TestSupport.messages("pattern p {\n let x = blocks(causal)\n mask blocks(x)\n}")
            == ["error: 'x' uses 'blocks(...)', which does not nest"])
    }

    @Test func anExpansionThatDoublesAtEveryLetIsBounded() {
        var source = "pattern p {\n let x0 = q - k\n"
        for i in 1...12 { source += " let x\(i) = x\(i - 1) + x\(i - 1)\n" }
        source += " mask x12 == 0 | blocks(x12 == 0)\n}"
        #expect(TestSupport.messages(source) == [
            "error: the 'let's used inside 'blocks(...)' write out to more than 4096 nodes, here with 'x12'",
        ])
        // Outside `blocks`, the same chain is a value, not an expansion.
        #expect(TestSupport.messages(source.replacingOccurrences(of: " | blocks(x12 == 0)", with: "")) == [])
    }

    @Test func theBudgetIsForTheWholePattern() {
        // x7 writes out to 511 nodes: seven uses fit in 4,096 nodes, nine do not (one error).
        var source = "pattern p {\n let x0 = q - k\n"
        for i in 1...7 { source += " let x\(i) = x\(i - 1) + x\(i - 1)\n" }
        let uses = { (count: Int) in (0..<count).map { _ in "x7 == 0" }.joined(separator: " | ") }
        #expect(TestSupport.messages(source + " mask blocks(\(uses(7)))\n}") == [])
        #expect(TestSupport.messages(source + " mask blocks(\(uses(9)))\n}") == [
            "error: the 'let's used inside 'blocks(...)' write out to more than 4096 nodes, here with 'x7'",
        ])
    }

    @Test func aDeepLetIsNotWrittenOutInsideBlocks() {
        var source = "pattern p {\n let a0 = q - k\n"
        for i in 1...40 { source += " let a\(i) = a\(i - 1) + 1\n" }
        #expect(TestSupport.messages(source + " mask a40 == 0 | blocks(a10 == 0)\n}") == [])
        #expect(TestSupport.messages(source + " mask blocks(a40 == 0)\n}") == [
            "error: 'a40' is nested too deeply to write out inside 'blocks(...)' (more than 64 levels)",
        ])
    }

    @Test func aChainOfLetsIsBoundedLikeOneExpression() {
        // Every stage walks a binding through the ones it names: 256 levels, as for syntax,
        // each `let` named a level (`a_i = a_(i-1) + 1` is two levels a step).
        var source = "pattern p {\n let a0 = q - k\n"
        for i in 1...300 { source += " let a\(i) = a\(i - 1) + 1\n" }
        #expect(TestSupport.messages(source + " mask a300 == 0\n}") == [
            "error: 'a128' is nested too deeply through the 'let's it uses (more than 256 levels)",
        ])
        let short = source.components(separatedBy: "\n").prefix(129).joined(separator: "\n")
        #expect(TestSupport.messages(short + "\n mask a127 == 0\n}") == [])
        // A chain of `let`s that only name each other is bounded too (5,000 of them crashed
        // the planner).
        var aliases = "pattern p {\n let a0 = q - k\n"
        for i in 1...300 { aliases += " let a\(i) = a\(i - 1)\n" }
        #expect(TestSupport.messages(aliases + " mask a300 == 0\n}") == [
            "error: 'a255' is nested too deeply through the 'let's it uses (more than 256 levels)",
        ])
    }
}
