// The transposed view: the column view of a layout is the layout of the transposed mask.

import Testing
import PatternLanguage
@testable import BlockSparsePlanner

@Suite struct TransposedLayoutTests {
    @Test(arguments: ["causal & window(20, 3)", "local(5) | global([0, -1])", "blocks(random(2, 3))", "false"])
    func columnsAreTheLayoutOfTheTransposedMask(mask: String) throws {
        let pattern = try PlannerTestSupport.pattern("pattern p { block 8 mask \(mask) }")
        // The same mask with q and k exchanged, by the evaluator: tile (r, c) of the
        // transposed view must be tile (c, r) of the original, of the same kind.
        for length in [1, 9, 100] {
            let layout = BlockLayout(pattern: pattern, length: length)
            let byColumn = TransposedLayout(layout)
            #expect(byColumn.rows.count == layout.entryCount)
            #expect(Set(byColumn.entries) == Set(0..<layout.entryCount))
            for column in 0..<layout.tileCount {
                let readers = byColumn.indices(ofColumn: column).map { Int(byColumn.rows[$0]) }
                #expect(readers == readers.sorted())
                let expected = (0..<layout.tileCount).filter { layout.kind(row: $0, column: column) != nil }
                #expect(readers == expected)
                for index in byColumn.indices(ofColumn: column) {
                    let entry = byColumn.entries[index]
                    #expect(Int(layout.columns[entry]) == column && layout.entries(ofRow: Int(byColumn.rows[index])).contains(entry))
                }
            }
        }
    }
}
