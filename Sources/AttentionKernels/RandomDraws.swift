// RandomDraws: the `random(r, seed)` draws of every row, computed once per sequence
// length by the language's draw (rows of at most 64 draws by a copy of it that keeps no
// hashed set, checked against it by the tests) and kept as a compact table (r sorted columns a
// row, padded to a multiple of 8), for generated kernels to test, count and enumerate
// without drawing again. Counting a row's columns in a range is a branch-free SIMD scan
// (two binary searches a row, with their mispredicted branches, were half the run of a
// generated `token_random` kernel, which asks this of every row of every candidate tile),
// or still the two searches for rows of more than 64 draws; a single column is looked
// up by walking a short row.

import BlockSparsePlanner
import PatternLanguage

/// The columns each row keeps under `random(count, seed)` on a grid of `columns` columns.
public struct RandomDraws: Sendable {
    /// Columns per row: `min(count, columns)`. When ``keepsEveryColumn``, there is no
    /// table to index (``rowStride`` is 0): every row keeps columns `0 ..< columns`.
    public let perRow: Int
    /// `perRow` rounded up to a multiple of 8: the table's row length.
    public let rowStride: Int
    /// Row `r`'s columns, ascending, at `r * rowStride ..< r * rowStride + perRow`, then −1
    /// up to the next row; empty when every row keeps every column.
    public let table: [Int32]
    /// Whether `count >= columns`: every row draws, so keeps, all `columns` columns, and
    /// the table (rows × columns) is not built.
    public let keepsEveryColumn: Bool
    /// The grid's column count.
    @usableFromInline let columns: Int64

    /// Draws every row of `rows` (positions, or tiles inside `blocks`).
    public init(count: Int64, seed: Int64, rows: Int64, columns: Int64) {
        let perRow = Int(max(0, min(count, columns)))
        (self.columns, keepsEveryColumn) = (columns, count >= columns)
        let rowStride = keepsEveryColumn ? 0 : (perRow + 7) / 8 * 8
        var table = [Int32](repeating: -1, count: rowStride * Int(max(0, rows)))
        if perRow > 0 && !keepsEveryColumn {
            table.withUnsafeMutableBufferPointer { table in
                for row in 0..<rows {
                    let slots = table.baseAddress! + Int(row) * rowStride
                    if perRow <= Self.longestScannedRow {
                        Self.draw(seed: seed, row: row, columns: columns, count: perRow, into: slots)
                    } else {
                        for (index, column) in RandomDraw.columns(seed: seed, row: row, columns: columns, count: count).enumerated() {
                            slots[index] = Int32(column)
                        }
                    }
                }
            }
        }
        self.perRow = perRow
        self.rowStride = rowStride
        self.table = table
    }

    /// `RandomDraw.columns` for a row of at most ``longestScannedRow`` draws (`count` at
    /// most `columns`), written ascending into `slots`: the same Floyd sampling, with the
    /// drawn columns kept in `slots` and searched in place of a hashed set (which was most
    /// of the time of building the table, a serial part of every generated call).
    static func draw(seed: Int64, row: Int64, columns: Int64, count: Int, into slots: UnsafeMutablePointer<Int32>) {
        let total = UInt64(columns)
        var generator = SplitMix64(seed: seed, row: row)
        var j = total - UInt64(count)
        for filled in 0..<count {
            let t = Int32(truncatingIfNeeded: generator.next() % (j + 1))
            var taken = false
            for index in 0..<filled where slots[index] == t { taken = true; break }
            slots[filled] = taken ? Int32(truncatingIfNeeded: j) : t
            j += 1
        }
        // Insertion sort: rows are short.
        for index in 1..<max(1, count) {
            let column = slots[index]
            var place = index
            while place > 0 && slots[place - 1] > column {
                slots[place] = slots[place - 1]
                place -= 1
            }
            slots[place] = column
        }
    }

    /// Rows longer than this are searched (two binary searches) rather than scanned.
    @usableFromInline static let longestScannedRow = 64

    /// How many of `row`'s columns lie in `k0 ... k1` (`k0 >= 0`).
    @inlinable
    func keptCount(row: Int64, from k0: Int64, through k1: Int64) -> Int {
        if keepsEveryColumn { return Int(max(0, min(k1, columns - 1) - k0 + 1)) }
        return table.withUnsafeBufferPointer { table in
            let first = Int(row) * rowStride
            guard rowStride <= Self.longestScannedRow else {
                return Self.firstIndex(in: table, from: first, count: perRow, atLeast: k1 + 1)
                    - Self.firstIndex(in: table, from: first, count: perRow, atLeast: k0)
            }
            let (lower, upper) = (SIMD8<Int32>(repeating: Int32(clamping: k0)), SIMD8<Int32>(repeating: Int32(clamping: k1)))
            var counts = SIMD8<Int32>()
            var index = first
            while index < first + rowStride {
                let columns = UnsafeRawPointer(table.baseAddress! + index).loadUnaligned(as: SIMD8<Int32>.self)
                counts &+= SIMD8<Int32>(repeating: 1).replacing(with: 0, where: (columns .< lower) .| (columns .> upper))
                index += 8
            }
            return Int(counts.wrappedSum())
        }
    }

    /// The index of the first of the `count` ascending columns from `table[first]` that is
    /// at least `column` (`first + count` when none is): a binary search.
    @inlinable
    static func firstIndex(in table: UnsafeBufferPointer<Int32>, from first: Int, count: Int, atLeast column: Int64) -> Int {
        var (low, high) = (first, first + count)
        while low < high {
            let middle = (low + high) / 2
            if Int64(table[middle]) < column { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Whether one of rows `first ... last` keeps a column in `k0 ... k1` (`k0 >= 0`).
    @inlinable
    func keepsAny(rows first: Int64, _ last: Int64, from k0: Int64, through k1: Int64) -> Bool {
        if keepsEveryColumn { return k0 <= min(k1, columns - 1) }
        guard rowStride <= Self.longestScannedRow else {
            return (first...last).contains { keptCount(row: $0, from: k0, through: k1) > 0 }
        }
        let (lower, upper) = (SIMD8<Int32>(repeating: Int32(clamping: k0)), SIMD8<Int32>(repeating: Int32(clamping: k1)))
        return table.withUnsafeBufferPointer { table in
            var index = Int(first) * rowStride
            let end = (Int(last) + 1) * rowStride
            while index < end {
                let columns = UnsafeRawPointer(table.baseAddress! + index).loadUnaligned(as: SIMD8<Int32>.self)
                if any((columns .>= lower) .& (columns .<= upper)) { return true }
                index += 8
            }
            return false
        }
    }

    /// Whether row `row` keeps `column` (`column >= 0`): the element mask's test, made for
    /// every pair of a tile the tile states leave undecided, so a short row is walked in
    /// order up to the first column not below `column` (most rows draw a few columns).
    @inlinable
    public func contains(row: Int64, column: Int64) -> Bool {
        if keepsEveryColumn { return column < columns }
        guard perRow <= 8 else { return keptCount(row: row, from: column, through: column) > 0 }
        return table.withUnsafeBufferPointer { table in
            let first = Int(row) * rowStride
            for index in first..<first + perRow where Int64(table[index]) >= column {
                return Int64(table[index]) == column
            }
            return false
        }
    }

    /// Row `row`'s columns in `k0 ..< k0 + count` (`k0 >= 0`, `count` at most 64) as bits:
    /// bit `k - k0` for each kept column `k`. One row of a generated kernel's tile mask
    /// (see `fillMask`): a short row is walked from its start, a long one from the first
    /// column not below `k0`, found by a binary search.
    @inlinable
    public func bits(row: Int64, from k0: Int64, count: Int) -> UInt64 {
        if keepsEveryColumn {
            let kept = max(0, min(Int64(count), columns - k0))
            return kept >= 64 ? ~0 : (1 << UInt64(kept)) - 1
        }
        return table.withUnsafeBufferPointer { table in
            let (first, end) = (Int(row) * rowStride, Int(row) * rowStride + perRow)
            var index = perRow > 8 ? Self.firstIndex(in: table, from: first, count: perRow, atLeast: k0) : first
            var bits: UInt64 = 0
            while index < end {
                let offset = Int64(table[index]) - k0
                if offset >= Int64(count) { break }
                if offset >= 0 { bits |= 1 << UInt64(offset) }
                index += 1
            }
            return bits
        }
    }

    /// What the draws keep of a box: nothing, everything, or some; stops at the first row
    /// that shows the box is partial.
    @inlinable
    public func state(in box: Box) -> TileState {
        if keepsEveryColumn { return .full }
        let width = box.k1 - box.k0 + 1
        // A box wider than a row's draws (a tile, usually) keeps none of its rows whole:
        // it is partial if any row keeps a column in it, found by one scan of its rows' table.
        if width > Int64(perRow) { return keepsAny(rows: box.q0, box.q1, from: box.k0, through: box.k1) ? .partial : .empty }
        var (sawKept, sawDropped) = (false, false)
        for row in box.q0...box.q1 {
            let kept = Int64(keptCount(row: row, from: box.k0, through: box.k1))
            if kept > 0 { sawKept = true }
            if kept < width { sawDropped = true }
            if sawKept && sawDropped { return .partial }
        }
        return sawKept ? .full : .empty
    }

    /// Adds the columns (of `block` positions) drawn by rows `first ... last`, within `clip`.
    @inlinable
    public func addColumns(rows first: Int64, _ last: Int64, block: Int64, to ranges: inout ColumnRanges, clip: ColumnSpan) {
        if keepsEveryColumn { return ranges.add(ColumnSpan(lower: 0, upper: (columns - 1) / block).intersection(clip)) }
        for row in first...last {
            for index in Int(row) * rowStride..<Int(row) * rowStride + perRow {
                let column = Int64(table[index]) / block
                ranges.add(ColumnSpan(lower: column, upper: column).intersection(clip))
            }
        }
    }
}
