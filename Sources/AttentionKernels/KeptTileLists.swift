// KeptTileLists: every row of query tiles' kept tiles — column, and whether full — listed
// once per call by a generated kernel's count pass, so that its threads read them back
// instead of classifying every candidate tile a second time (and a split row's parts need
// not walk the tiles before their own).

/// The kept tiles of each row of query tiles, in ascending column order.
///
/// The count pass gives row `r` to part `r % parts`; each part lists its rows one after the
/// other in one array of codes `column << 1 | (full ? 1 : 0)`.
@usableFromInline
struct KeptTileLists: @unchecked Sendable {
    @usableFromInline let parts: Int
    /// Per part: the codes of its rows' tiles, row after row.
    @usableFromInline var codes: [[Int32]]
    /// Per row: the index of its first tile in its part's codes.
    @usableFromInline var starts: [Int]

    @usableFromInline
    init(rows: Int, parts: Int) {
        self.parts = parts
        codes = [[Int32]](repeating: [], count: parts)
        starts = [Int](repeating: 0, count: rows)
    }

    /// The code of a full (`full == true`) or partial tile at `column`.
    @inlinable
    static func code(column: Int, full: Bool) -> Int32 {
        Int32(column) << 1 | (full ? 1 : 0)
    }

    /// Calls `body(column, full)` with tiles `first ..< end` of `row` (positions in the row's list).
    @inlinable
    func forEachTile(row: Int, from first: Int, to end: Int, _ body: (Int, Bool) -> Void) {
        let (list, start) = (codes[row % parts], starts[row])
        for position in first..<end {
            let code = list[start + position]
            body(Int(code >> 1), code & 1 == 1)
        }
    }
}
