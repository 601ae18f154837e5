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

    /// The glyph of a tile (or a cell) that is full.
    public static let fullGlyph = "██"
    /// The glyph of a tile that is partial.
    public static let partialGlyph = "▒▒"
    /// The glyph of a tile (or a cell) that is empty.
    public static let emptyGlyph = "· "
    /// When downsampled, the glyphs of cells by the share of their tiles kept:
    /// below a third, below two thirds, below all.
    public static let shareGlyphs = ["░░", "▒▒", "▓▓"]

    /// What the picture shows.
    public var caption: PictureCaption

    /// Makes the picture of the grid in `caption`.
    public init(caption: PictureCaption) {
        self.caption = caption
    }

    /// The glyph of one cell: its kind when it is one tile; when it is several, how many
    /// of them are kept (all of them: `██`, none: `· `, else `░░`, `▒▒`, `▓▓` by thirds).
    public static func glyph(_ cell: TileGrid.Cell) -> String {
        let kept = cell.full + cell.partial
        if kept == 0 { return emptyGlyph }
        if cell.tiles == 1 { return cell.full == 1 ? fullGlyph : partialGlyph }
        if kept == cell.tiles { return fullGlyph }
        return shareGlyphs[min(2, 3 * kept / cell.tiles)]
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

    /// The legend: what the glyphs mean at this grid's scale.
    func legend(_ grid: TileGrid) -> String {
        guard grid.tilesPerCell > 1 else {
            return "\(Self.fullGlyph) full   \(Self.partialGlyph) partial   \(Self.emptyGlyph) empty"
        }
        let glyphs = Self.shareGlyphs
        return "tiles kept per cell: \(Self.fullGlyph) all  \(glyphs[2]) ⅔+  \(glyphs[1]) ⅓+  \(glyphs[0]) some  \(Self.emptyGlyph) none"
    }
}
