// Tests of the dependence analysis behind a compiled kernel's shared tile masks: hand-picked
// leaves; every leaf of hundreds of random patterns checked against the evaluator (a leaf
// said to depend on q - k is shift-invariant, on k alone is the same in every row, on q alone
// the same in every column); and the rules that combine leaves on a tile.

import Testing
import BlockSparsePlanner
import PatternLanguage
import RandomPatterns
@testable import AttentionKernels
@testable import KernelEmitter

@Suite struct LeafDependenceTests {
    static func pattern(_ mask: String, lets: String = "") throws -> CheckedPattern {
        let source = "pattern p {\n block 8\n \(lets)\n mask \(mask)\n}\n"
        return try PatternLibrary.check([SourceFile(path: "p.attn", text: source)]).declaration(named: "p").checked
    }

    @Test(arguments: [
        ("local(3)", "difference"), ("causal", "difference"), ("dilated(4, 2)", "difference"), ("strided(8)", "difference"),
        ("global([0])", "other"), ("sink(2)", "keyOnly"), ("random(1, 3)", "other"), ("true", "constant"),
        ("abs(q - k) % 3 == 0", "difference"), ("q + 2 >= k + 1", "difference"), ("k - q in [1, 5]", "difference"),
        ("q - k in [k, 3]", "other"), ("q in [k]", "difference"), ("q in [k, 5]", "other"),
        ("k % 8 >= 6", "keyOnly"), ("k < n - 4", "keyOnly"), ("q / 8 == 2", "queryOnly"), ("abs(q) % 3 == q", "queryOnly"),
        ("q / 8 == k / 8", "other"), ("q - 2 * k == 0", "other"), ("-q == -k", "other"), ("blocks(q == k)", "other"),
        // An offset that can wrap makes `q + a < k` no function of q - k.
        ("q + 1152921504606846975 < k", "difference"), ("q + 1152921504606846976 < k", "other"),
        ("q < k - 9223372036854775807", "other"), ("q + n < k", "other"), ("k - 9223372036854775807 >= 2", "keyOnly"),
    ])
    func classifiesLeaves(mask: String, kind: String) throws {
        let pattern = try Self.pattern(mask)
        #expect(LeafDependence(pattern: pattern).kind(ofLeaf: pattern.mask).rawValue == kind, "\(mask)")
    }

    @Test func followsIntegerLets() throws {
        let pattern = try Self.pattern("abs(d) <= 2", lets: "let d = q - k")
        #expect(LeafDependence(pattern: pattern).kind(ofLeaf: pattern.mask) == .difference)
    }

    /// The leaves of a mask, through `&`, `|`, `!` and Bool `let`s.
    static func leaves(_ expression: MaskExpression, in pattern: CheckedPattern) -> [MaskExpression] {
        switch expression {
        case .not(let operand): return leaves(operand, in: pattern)
        case .and(let left, let right), .or(let left, let right): return leaves(left, in: pattern) + leaves(right, in: pattern)
        case .binding(let index) where pattern.bindings[index].type == .boolean: return leaves(pattern.bindings[index].value, in: pattern)
        default: return [expression]
        }
    }

    @Test func leavesOfRandomPatternsDependAsClassified() throws {
        var generator = RandomPatternGenerator(seed: 99)
        var counts: [LeafDependence.Kind: Int] = [:]
        let length = 40
        for index in 0..<400 {
            let source = generator.nextSource(name: "random_\(index)")
            let pattern = try PatternLibrary.check([SourceFile(path: "r.attn", text: source)]).declaration(named: nil).checked
            for leaf in Self.leaves(pattern.mask, in: pattern) {
                let kind = LeafDependence(pattern: pattern).kind(ofLeaf: leaf)
                counts[kind, default: 0] += 1
                var single = pattern
                single.mask = leaf
                let mask = MaskEvaluator(pattern: single, length: length)
                let rows = (0..<length).map { mask.row($0) }
                let holds: Bool
                switch kind {
                case .constant: holds = Set(rows.flatMap { $0 }).count <= 1
                case .keyOnly: holds = rows.allSatisfy { $0 == rows[0] }
                case .queryOnly: holds = rows.allSatisfy { Set($0).count <= 1 }
                case .difference:
                    holds = (0..<length - 3).allSatisfy { q in (0..<length - 3).allSatisfy { k in rows[q][k] == rows[q + 3][k + 3] } }
                case .other: holds = true
                }
                #expect(holds, "\(leaf) in random_\(index) is not \(kind)")
            }
        }
        // The generator must exercise every kind, or this test proves little.
        for kind in [LeafDependence.Kind.difference, .keyOnly, .queryOnly, .other] {
            #expect(counts[kind, default: 0] >= 20, "\(counts)")
        }
    }

    @Test func residualsCombineAsTheMaskDoes() {
        let band = MaskResidual(.partial, .difference), sink = MaskResidual(.partial, .keyOnly)
        let all = MaskResidual(.full, .other), none = MaskResidual(.empty, .queryOnly)
        #expect(all.dependence == .constant && none.dependence == .constant)
        #expect((all & band).dependence == .difference && (band & all).dependence == .difference)
        #expect((none | sink).dependence == .keyOnly && (sink | none).dependence == .keyOnly)
        #expect((band | sink).dependence == .other && (band & band).dependence == .difference)
        #expect((none & band).state == .empty && (none & band).dependence == .constant)
        #expect((all | sink).state == .full && (!band).dependence == .difference)
        #expect((MaskResidual(.unknown, .keyOnly) & sink).dependence == .keyOnly)
    }
}
