// TransposedLayout: the layout read by columns — for every key tile, the query tiles
// that read it — as CSR arrays pointing back at the layout's entries. The backward pass
// (dK, dV accumulate over the queries that read a key tile) and column-wise schedules
// need it.

/// The column view of a ``BlockLayout``.
///
/// The query tiles that read key tile `c` are `rows[columnOffsets[c] ..< columnOffsets[c + 1]]`,
/// ascending; `entries` at the same indices gives each tile's index in the layout's
/// `columns` and `kinds` (and so in ``PartialTileMasks/shapeOfEntry``).
///
/// ```swift
/// let byColumn = TransposedLayout(layout)
/// for index in byColumn.indices(ofColumn: 0) { print(byColumn.rows[index], layout.kinds[byColumn.entries[index]]) }
/// ```
public struct TransposedLayout: Sendable, Hashable {
    /// Where each key tile's entries start; `tileCount + 1` offsets.
    public let columnOffsets: [Int]
    /// The query tile of each entry.
    public let rows: [Int32]
    /// The index of each entry in the layout's arrays.
    public let entries: [Int]

    /// Transposes `layout` in time proportional to its entries (a counting sort).
    public init(_ layout: BlockLayout) {
        var offsets = [Int](repeating: 0, count: layout.tileCount + 1)
        for column in layout.columns { offsets[Int(column) + 1] += 1 }
        for index in 0..<layout.tileCount { offsets[index + 1] += offsets[index] }
        var next = offsets
        var rows = [Int32](repeating: 0, count: layout.entryCount)
        var entries = [Int](repeating: 0, count: layout.entryCount)
        for row in 0..<layout.tileCount {
            for entry in layout.entries(ofRow: row) {
                let column = Int(layout.columns[entry])
                rows[next[column]] = Int32(row)
                entries[next[column]] = entry
                next[column] += 1
            }
        }
        columnOffsets = offsets
        self.rows = rows
        self.entries = entries
    }

    /// The indices into `rows` and `entries` of one key tile's readers.
    public func indices(ofColumn column: Int) -> Range<Int> { columnOffsets[column]..<columnOffsets[column + 1] }
}
