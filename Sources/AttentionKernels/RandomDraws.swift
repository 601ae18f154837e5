// RandomDraws: the `random(r, seed)` draws of every row, computed once per sequence
// length by the language's portable draw and kept as a compact table (r sorted columns a
// row), for generated kernels to test, count and enumerate without drawing again.

import BlockSparsePlanner
import PatternLanguage

/// The columns each row keeps under `random(count, seed)` on a grid of `columns` columns.
public struct RandomDraws: Sendable {
    /// Columns per row: `min(count, columns)`.
    public let perRow: Int
    /// Row `r`'s columns, ascending, at `r * perRow ..< (r + 1) * perRow`.
    public let table: [Int32]

    /// Draws every row of `rows` (positions, or tiles inside `blocks`).
    public init(count: Int64, seed: Int64, rows: Int64, columns: Int64) {
        let perRow = Int(max(0, min(count, columns)))
        var table = [Int32]()
        table.reserveCapacity(perRow * Int(rows))
        for row in 0..<rows {
            for column in RandomDraw.columns(seed: seed, row: row, columns: columns, count: count) { table.append(Int32(column)) }
        }
        self.perRow = perRow
        self.table = table
    }

    /// The index in `table` of the first of `row`'s columns that is `>= column`.
    @inlinable
    func firstIndex(row: Int64, atLeast column: Int64) -> Int {
        var low = Int(row) * perRow, high = low + perRow
        while low < high {
            let middle = (low + high) / 2
            if Int64(table[middle]) < column { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Whether row `row` keeps `column`.
    @inlinable
    public func contains(row: Int64, column: Int64) -> Bool {
        let index = firstIndex(row: row, atLeast: column)
        return index < (Int(row) + 1) * perRow && Int64(table[index]) == column
    }

    /// What the draws keep of a box: nothing, everything, or some; stops at the first row
    /// that shows the box is partial.
    @inlinable
    public func state(in box: Box) -> TileState {
        let width = box.k1 - box.k0 + 1
        var (sawKept, sawDropped) = (false, false)
        for row in box.q0...box.q1 {
            let kept = Int64(firstIndex(row: row, atLeast: box.k1 + 1) - firstIndex(row: row, atLeast: box.k0))
            if kept > 0 { sawKept = true }
            if kept < width { sawDropped = true }
            if sawKept && sawDropped { return .partial }
        }
        return sawKept ? .full : .empty
    }

    /// Adds the columns (of `block` positions) drawn by rows `first ... last`, within `clip`.
    @inlinable
    public func addColumns(rows first: Int64, _ last: Int64, block: Int64, to ranges: inout ColumnRanges, clip: ColumnSpan) {
        for row in first...last {
            for index in Int(row) * perRow..<(Int(row) + 1) * perRow {
                let column = Int64(table[index]) / block
                ranges.add(ColumnSpan(lower: column, upper: column).intersection(clip))
            }
        }
    }
}
