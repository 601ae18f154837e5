// The table of `random(r, seed)` draws generated kernels read: membership, counts, a row's
// words of bits and box states against the language's own draw, for row lengths that are
// and are not multiples of the table's eight-column padding, for rows long enough to be
// searched rather than scanned, and for as many draws as columns or more (every column
// kept, no table).

import AttentionKernels
import BlockSparsePlanner
import PatternLanguage
import Testing

@Suite struct RandomDrawsTests {
    @Test(arguments: [(0, 10), (3, 10), (8, 64), (9, 40), (13, 13), (20, 7), (1, 1), (64, 1000), (70, 300), (.max, 50)])
    func tableAgreesWithTheLanguagesDraw(draws: (count: Int64, columns: Int64)) {
        let (count, columns) = draws
        let rows: Int64 = 25
        let table = RandomDraws(count: count, seed: 7, rows: rows, columns: columns)
        let kept = (0..<rows).map { Set(RandomDraw.columns(seed: 7, row: $0, columns: columns, count: count)) }
        #expect(table.perRow == Int(min(count, columns)) && kept.allSatisfy { $0.count == table.perRow })
        // Drawing every column keeps them all, with no table of rows × columns.
        #expect(table.keepsEveryColumn == (count >= columns))
        #expect(table.table.count == (table.keepsEveryColumn ? 0 : Int(rows) * table.rowStride) && table.rowStride % 8 == 0)
        for row in 0..<Int(rows) where !table.keepsEveryColumn {
            let slots = Array(table.table[row * table.rowStride..<(row + 1) * table.rowStride])
            let drawn = RandomDraw.columns(seed: 7, row: Int64(row), columns: columns, count: count).map { Int32($0) }
            #expect(slots == drawn + Array(repeating: -1, count: table.rowStride - drawn.count), "row \(row)")
        }
        for row in 0..<rows {
            for column in 0..<columns {
                #expect(table.contains(row: row, column: column) == kept[Int(row)].contains(column), "row \(row), column \(column)")
            }
        }
        // A row's words of 64 columns (and a ragged last one), from every start a tile of 64
        // or of 8 has, and from starts in between.
        for row in 0..<rows {
            for k0 in Set(stride(from: 0, to: columns, by: 8)).union([3, 61].filter { $0 < columns }) {
                for count in [1, 7, 64].map({ min($0, Int(columns - k0)) }) {
                    let expected = (0..<count).reduce(UInt64(0)) { kept[Int(row)].contains(k0 + Int64($1)) ? $0 | 1 << UInt64($1) : $0 }
                    #expect(table.bits(row: row, from: k0, count: count) == expected, "row \(row), columns \(k0) ..< \(k0 + Int64(count))")
                }
            }
        }
        // Boxes of one row, one column, a few of each, and the whole grid.
        let spans: [(Int64, Int64)] = [(0, 0), (0, columns - 1), (columns / 2, columns - 1), (1, max(1, columns / 3))].filter { $0.0 <= $0.1 && $0.1 < columns }
        for (q0, q1) in [(0, 0), (3, 9), (0, rows - 1), (24, 24)] as [(Int64, Int64)] {
            for (k0, k1) in spans {
                let pairs = (q0...q1).map { q in (k0...k1).filter { kept[Int(q)].contains($0) }.count }
                let all = pairs.reduce(0, +), area = Int((q1 - q0 + 1) * (k1 - k0 + 1))
                let expected: TileState = all == 0 ? .empty : all == area ? .full : .partial
                #expect(table.state(in: Box(q0: q0, q1: q1, k0: k0, k1: k1)) == expected, "rows \(q0)...\(q1), columns \(k0)...\(k1)")
            }
        }
    }
}
