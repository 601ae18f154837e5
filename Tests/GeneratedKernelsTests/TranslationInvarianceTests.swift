// Tests of the split of a mask's union into translation-invariant and varying terms, on
// which a compiled kernel's offset-keyed mask cache relies: hand-picked terms, and every
// term judged invariant in hundreds of random patterns checked against the evaluator.

import Testing
import PatternLanguage
import RandomPatterns
@testable import KernelEmitter

@Suite struct TranslationInvarianceTests {
    static func pattern(_ mask: String, lets: String = "") throws -> CheckedPattern {
        let source = "pattern p {\n block 8\n \(lets)\n mask \(mask)\n}\n"
        return try PatternLibrary.check([SourceFile(path: "p.attn", text: source)]).declaration(named: "p").checked
    }

    @Test(arguments: [
        ("local(3) | global([0])", 1, 1),
        ("causal & (window(7, 0) | strided(8))", 1, 0),
        ("causal & (q / 8 == k / 8 | k % 8 >= 6)", 0, 1),
        ("dilated(4, 2) | sink(2) | random(1, 3)", 1, 2),
        ("abs(q - k) % 3 == 0 | q + 2 >= k + 1 | k - q in [1, 5]", 3, 0),
        ("k < 5 | q == 3 | q - 2 * k == 0 | -q == -k", 0, 4),
        ("blocks(q - k <= 1) | blocks(q == 0)", 1, 1),
        ("q - k in [k, 3] | q - k in [1...3, 5]", 1, 1),
    ])
    func splitsHandPickedUnions(mask: String, invariant: Int, varying: Int) throws {
        let split = TranslationInvariance(pattern: try Self.pattern(mask)).split()
        #expect(split.invariant.count == invariant, "\(mask): \(split.invariant)")
        #expect(split.varying.count == varying, "\(mask): \(split.varying)")
    }

    @Test func followsLets() throws {
        let split = TranslationInvariance(pattern: try Self.pattern("near | k == 0", lets: "let d = q - k\n let near = abs(d) <= 2")).split()
        #expect(split.invariant.count == 1 && split.varying.count == 1)
    }

    /// Every term judged invariant keeps (q, k) exactly when it keeps (q + s, k + s), for
    /// shifts s that are whole tiles (so `blocks(...)` terms count too).
    @Test func invariantTermsOfRandomPatternsAreShiftInvariant() throws {
        var generator = RandomPatternGenerator(seed: 99)
        var (invariantTerms, varyingTerms) = (0, 0)
        for index in 0..<400 {
            let source = generator.nextSource(name: "random_\(index)")
            var pattern = try PatternLibrary.check([SourceFile(path: "r.attn", text: source)]).declaration(named: nil).checked
            pattern.blockSize = 8
            let split = TranslationInvariance(pattern: pattern).split()
            varyingTerms += split.varying.count
            for term in split.invariant {
                invariantTerms += 1
                var single = pattern
                single.mask = term
                let length = 72
                let evaluator = MaskEvaluator(pattern: single, length: length)
                for shift in [8, 24] {
                    for q in 0..<length - shift {
                        for k in 0..<length - shift where evaluator.contains(query: q, key: k) != evaluator.contains(query: q + shift, key: k + shift) {
                            Issue.record("\(term) in random_\(index) differs at (\(q), \(k)) shifted by \(shift)")
                            return
                        }
                    }
                }
            }
        }
        // The generator must exercise both sides, or this test proves nothing.
        #expect(invariantTerms >= 50 && varyingTerms >= 50, "\(invariantTerms) invariant, \(varyingTerms) varying terms")
    }
}
