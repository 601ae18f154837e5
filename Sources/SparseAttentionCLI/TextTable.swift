// TextTable: the plain-text tables of `bench` — each column as wide as its widest cell,
// so that long pattern names keep the columns after them in line.

/// Rows of cells laid out in columns separated by two spaces.
struct TextTable {
    /// How a column's cells sit in its width.
    enum Alignment {
        case left
        /// For numbers, so that their digits line up.
        case right
    }

    /// The first row, aligned like the others.
    var header: [String]
    /// One alignment per column; columns past its end are left-aligned.
    var alignments: [Alignment]
    var rows: [[String]] = []

    /// The widths of the columns: the widest cell of each, header included.
    var widths: [Int] {
        let all = [header] + rows
        let columns = all.map(\.count).max() ?? 0
        return (0..<columns).map { column in all.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
    }

    /// The header and the rows, one line each, without trailing spaces.
    var lines: [String] {
        let widths = widths
        return ([header] + rows).map { cells in
            var line = ""
            for (column, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                let alignment = column < alignments.count ? alignments[column] : .left
                line += (column > 0 ? "  " : "") + (alignment == .left ? cell + padding : padding + cell)
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }
}
