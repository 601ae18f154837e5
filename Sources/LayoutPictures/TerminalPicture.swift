// TerminalPicture: a grid drawn with block characters for a terminal — a header line,
// key-tile ticks across, query-tile ticks down, a frame, and a legend with counts. Each
// cell is two characters wide so that the picture is about as wide as it is tall.
//
//     longformer  N = 256  block 64  4 × 4 tiles
//     rows: query tiles ↓   columns: key tiles →
//       0 1 2 3
//      ┌────────┐
//     0│████▒▒· │
//     1│████████│
//     ...

/// A picture of a ``TileGrid`` made of text, for the terminal.
///
/// ```swift
/// let grid = TileGrid(layout: layout, maximumSide: TerminalPicture.defaultSide)
/// print(TerminalPicture(caption: PictureCaption(pattern: "longformer", grid: grid)).text)
/// ```
public struct TerminalPicture: Sendable {
    /// Cells per side by default: 32 cells of two characters fit in about 70 columns.
    public static let defaultSide = 32

    /// The glyph of a cell whose tiles are all full.
    public static let fullGlyph = "██"
    /// The glyph of a cell whose tiles are all partial.
    public static let partialGlyph = "▒▒"
    /// The glyph of a cell whose tiles are all kept, some full and some partial.
    public static let mixedGlyph = "▓▓"
    /// The glyph of a cell with some kept and some empty tiles.
    public static let sparseGlyph = "░░"
    /// The glyph of a cell whose tiles are all empty.
    public static let emptyGlyph = "· "

    /// What the picture shows.
    public var caption: PictureCaption

    /// Makes the picture of the grid in `caption`.
    public init(caption: PictureCaption) {
        self.caption = caption
    }

    /// The glyph of one cell.
    public static func glyph(_ cell: TileGrid.Cell) -> String {
        if cell.full + cell.partial == 0 { return emptyGlyph }
        if cell.empty > 0 { return sparseGlyph }
        if cell.partial == 0 { return fullGlyph }
        return cell.full == 0 ? partialGlyph : mixedGlyph
    }

    /// The picture's lines, without trailing newlines.
    public var lines: [String] {
        let grid = caption.grid
        let gutter = String(grid.firstTile(ofCell: grid.side - 1)).count + 1
        let indent = String(repeating: " ", count: gutter + 1)
        var lines = [caption.header, "rows: query tiles ↓   columns: key tiles →"]
        lines.append(indent + tickLine(grid))
        let rule = String(repeating: "─", count: 2 * grid.side)
        lines.append(String(repeating: " ", count: gutter) + "┌" + rule + "┐")
        let step = tickStep(grid)
        for row in 0..<grid.side {
            let label = row % step == 0 ? String(grid.firstTile(ofCell: row)) : ""
            var line = String(repeating: " ", count: gutter - 1 - label.count) + label + " │"
            for column in 0..<grid.side { line += Self.glyph(grid[row: row, column: column]) }
            lines.append(line + "│")
        }
        lines.append(String(repeating: " ", count: gutter) + "└" + rule + "┘")
        lines.append(legend(grid))
        lines.append(caption.counts.joined(separator: "   ") + "   (" + caption.density + ")")
        return lines
    }

    /// The whole picture, one line per line, ending in a newline.
    public var text: String { lines.joined(separator: "\n") + "\n" }

    /// Every how many cells a tick label is written: labels must not touch.
    func tickStep(_ grid: TileGrid) -> Int {
        let widest = String(grid.firstTile(ofCell: grid.side - 1)).count
        var step = 1
        while 2 * step < widest + 1 { step *= 2 }
        return max(step, grid.side > 16 ? 4 : 1)
    }

    /// The key-tile labels across, each starting above the first character of its cell.
    func tickLine(_ grid: TileGrid) -> String {
        let step = tickStep(grid)
        var line = ""
        for column in stride(from: 0, to: grid.side, by: step) {
            let label = String(grid.firstTile(ofCell: column))
            let position = 2 * column
            guard position >= line.count, position + label.count <= 2 * grid.side + 1 else { continue }
            line += String(repeating: " ", count: position - line.count) + label
        }
        return line
    }

    /// The legend: only the glyphs this grid can show.
    func legend(_ grid: TileGrid) -> String {
        var entries = [(Self.fullGlyph, "full"), (Self.partialGlyph, "partial")]
        if grid.tilesPerCell > 1 {
            entries += [(Self.mixedGlyph, "full and partial"), (Self.sparseGlyph, "kept and empty")]
        }
        entries.append((Self.emptyGlyph, "empty"))
        return entries.map { "\($0.0) \($0.1)" }.joined(separator: "   ")
    }
}
