// The partial tiles' bit masks against the evaluator, and their deduplication.

import Testing
import PatternLanguage
@testable import BlockSparsePlanner

@Suite struct PartialTileMaskTests {
    static func expectMatchesEvaluator(_ pattern: CheckedPattern, length: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let layout = BlockLayout(pattern: pattern, length: length)
        let masks = PartialTileMasks(pattern: pattern, layout: layout)
        let evaluator = MaskEvaluator(pattern: pattern, length: length)
        #expect(masks.shapeOfEntry.count == layout.entryCount, sourceLocation: sourceLocation)
        for row in 0..<layout.tileCount {
            let queries = layout.positions(ofTile: row)
            for entry in layout.entries(ofRow: row) {
                let shape = Int(masks.shapeOfEntry[entry])
                #expect((shape >= 0) == (layout.kinds[entry] == .partial), sourceLocation: sourceLocation)
                guard shape >= 0 else { continue }
                let keys = layout.positions(ofTile: Int(layout.columns[entry]))
                for i in 0..<pattern.blockSize {
                    for j in 0..<pattern.blockSize {
                        let expected = queries.contains(queries.lowerBound + i) && keys.contains(keys.lowerBound + j)
                            && evaluator.contains(query: queries.lowerBound + i, key: keys.lowerBound + j)
                        if masks.contains(shape: shape, row: i, column: j) != expected {
                            Issue.record("\(pattern.mask) N=\(length): tile (\(row), \(layout.columns[entry])) bit (\(i), \(j))", sourceLocation: sourceLocation)
                            return
                        }
                    }
                }
            }
        }
    }

    // The negated masks keep no bit past N in a ragged last tile (a `!` over built-ins is
    // filled row by row, where the complement must stop at the tile's last key).
    @Test(arguments: ["causal & window(20, 0)", "dilated(3, 4) | global([2])", "random(3, 1)", "causal & (q / 24 == k / 24 | k % 24 >= 20)", "(q * k) % 5 == 1",
                      "!window(2, 2)", "!causal | sink(3)"])
    func bitsEqualTheEvaluator(mask: String) throws {
        for block in [8, 64, 72] {
            let pattern = try PlannerTestSupport.pattern("pattern p { block \(block) mask \(mask) }")
            for length in [1, 7, 100, 150] { Self.expectMatchesEvaluator(pattern, length: length) }
        }
    }

    @Test func bandDiagonalsShareAFewShapes() throws {
        let pattern = try PlannerTestSupport.pattern("pattern p { block 64 mask causal & window(127, 0) }")
        let layout = BlockLayout(pattern: pattern, length: 64 * 100)
        let masks = PartialTileMasks(pattern: pattern, layout: layout)
        // Per row: the diagonal tile and the one two to its left (its window's start);
        // rows 0 and 1 have only the diagonal one. Two shapes in all.
        #expect(masks.partialTileCount == 2 * 100 - 2)
        #expect(masks.shapeCount == 2)
        #expect(masks.deduplicationRatio == 99)
    }
}
