// SVGPicture: a figure of a grid as SVG text, for a paper or a README — a title, the
// grid (full dark blue, partial light orange, empty white; downsampled cells mixed by
// fraction), thin tile lines when tiles are few, axes with ticks, and a legend.

/// A figure of a ``TileGrid`` as an SVG document.
///
/// Cells are drawn as `<rect>` elements inside `<g id="tiles">`, one per run of
/// same-coloured cells in a row; empty cells are the white background.
///
/// ```swift
/// let grid = TileGrid(layout: layout, maximumSide: SVGPicture.defaultSide)
/// let svg = SVGPicture(caption: PictureCaption(pattern: "bigbird_itc", grid: grid)).text
/// ```
public struct SVGPicture: Sendable {
    /// Cells per side by default: at most 128, so that the file stays small.
    public static let defaultSide = 128
    /// Tile lines are drawn when there are at most this many tiles per side.
    public static let gridLineLimit = 64

    /// What the figure shows.
    public var caption: PictureCaption

    /// Makes the figure of the grid in `caption`.
    public init(caption: PictureCaption) {
        self.caption = caption
    }

    /// The SVG document.
    public var text: String {
        let grid = caption.grid
        let g = FigureGeometry(grid: grid, gridSize: 512, left: 72, top: 84, right: 32, bottom: 88)
        var out = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(n(g.width))" height="\#(n(g.height))" viewBox="0 0 \#(n(g.width)) \#(n(g.height))" font-family="Helvetica, Arial, sans-serif">"#,
            "<title>\(escaped(caption.title))</title>",
            #"<rect width="100%" height="100%" fill="white"/>"#,
            #"<text x="\#(n(g.width / 2))" y="30" text-anchor="middle" font-size="18" font-weight="bold" fill="\#(Palette.text.hex)">\#(escaped(caption.title))</text>"#,
        ]
        out.append(#"<g id="tiles" transform="translate(\#(n(g.left)) \#(n(g.top)))">"#)
        for row in 0..<grid.side {
            let (y0, y1) = g.span(ofCell: row)
            var column = 0
            while column < grid.side {
                let colour = Palette.colour(of: grid[row: row, column: column])
                var end = column + 1
                while end < grid.side, Palette.colour(of: grid[row: row, column: end]) == colour { end += 1 }
                if colour != Palette.empty {
                    let x0 = g.span(ofCell: column).start, x1 = g.span(ofCell: end - 1).end
                    out.append(#"<rect x="\#(n(x0))" y="\#(n(y0))" width="\#(n(x1 - x0))" height="\#(n(y1 - y0))" fill="\#(colour.hex)"/>"#)
                }
                column = end
            }
        }
        out.append("</g>")
        out += gridLines(g) + axes(g) + legend(g)
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    /// Thin lines between tiles when they are few, and the frame.
    func gridLines(_ g: FigureGeometry) -> [String] {
        var out: [String] = []
        let grid = g.grid
        if grid.tilesPerCell == 1, grid.tileCount <= Self.gridLineLimit, grid.tileCount > 1 {
            var path = ""
            for index in 1..<grid.tileCount {
                let o = n(g.offset(ofTile: index)), e = n(g.extent)
                path += "M\(o) 0V\(e)M0 \(o)H\(e)"
            }
            out.append(#"<path transform="translate(\#(n(g.left)) \#(n(g.top)))" d="\#(path)" stroke="\#(Palette.gridLine.hex)" stroke-width="0.6" fill="none"/>"#)
        }
        out.append(#"<rect x="\#(n(g.left))" y="\#(n(g.top))" width="\#(n(g.extent))" height="\#(n(g.extent))" fill="none" stroke="\#(Palette.frame.hex)" stroke-width="1"/>"#)
        return out
    }

    /// Key tiles across the top, query tiles down the left, with tick marks and labels.
    func axes(_ g: FigureGeometry) -> [String] {
        let tick = Palette.frame.hex, label = Palette.secondaryText.hex
        var out = [
            #"<text x="\#(n(g.left + g.extent / 2))" y="54" text-anchor="middle" font-size="13" fill="\#(Palette.text.hex)">key tile →</text>"#,
            #"<text transform="translate(24 \#(n(g.top + g.extent / 2))) rotate(-90)" text-anchor="middle" font-size="13" fill="\#(Palette.text.hex)">← query tile</text>"#,
        ]
        for index in g.ticks {
            let along = n(g.centre(ofTile: index) + g.left), down = n(g.centre(ofTile: index) + g.top)
            out.append(#"<path d="M\#(along) \#(n(g.top - 4))V\#(n(g.top))M\#(n(g.left - 4)) \#(down)H\#(n(g.left))" stroke="\#(tick)" stroke-width="1"/>"#)
            out.append(#"<text x="\#(along)" y="\#(n(g.top - 8))" text-anchor="middle" font-size="11" fill="\#(label)">\#(index)</text>"#)
            out.append(#"<text x="\#(n(g.left - 7))" y="\#(down)" dy="0.35em" text-anchor="end" font-size="11" fill="\#(label)">\#(index)</text>"#)
        }
        return out
    }

    /// Swatches with counts, the density, and what a cell is when downsampled.
    func legend(_ g: FigureGeometry) -> [String] {
        let y = g.top + g.extent + 28
        var out: [String] = []
        var x = g.left
        for (colour, words) in zip([Palette.full, Palette.partial, Palette.empty], caption.counts) {
            out.append(#"<rect x="\#(n(x))" y="\#(n(y - 11))" width="14" height="14" fill="\#(colour.hex)" stroke="\#(Palette.frame.hex)" stroke-width="0.6"/>"#)
            out.append(#"<text x="\#(n(x + 20))" y="\#(n(y))" font-size="13" fill="\#(Palette.text.hex)">\#(words)</text>"#)
            x += 20 + Double(words.count) * 7.2 + 22
        }
        var note = "\(caption.density); \(grouped(g.grid.tileCount)) × \(grouped(g.grid.tileCount)) tiles of \(g.grid.blockSize) × \(g.grid.blockSize)"
        if g.grid.tilesPerCell > 1 {
            note += "; each cell \(g.grid.tilesPerCell) × \(g.grid.tilesPerCell) tiles"
        }
        out.append(#"<text x="\#(n(g.left))" y="\#(n(y + 24))" font-size="12" fill="\#(Palette.secondaryText.hex)">\#(escaped(note))</text>"#)
        return out
    }
}

/// A coordinate with at most two decimals and no trailing zeros.
func n(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let whole = hundredths / 100, fraction = abs(hundredths % 100)
    let sign = hundredths < 0 && whole == 0 ? "-" : ""
    if fraction == 0 { return "\(sign)\(whole)" }
    return fraction % 10 == 0 ? "\(sign)\(whole).\(fraction / 10)" : "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
}

/// Text with XML's special characters escaped.
func escaped(_ text: String) -> String {
    var result = ""
    for character in text {
        switch character {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        default: result.append(character)
        }
    }
    return result
}
