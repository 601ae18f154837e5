// PNGPicture: the figure of a grid drawn on a raster and encoded as PNG — the same figure
// as the SVG (title, axes with ticks, the grid, a legend bar with counts), with its text in
// the built-in bitmap font and every cell a whole number of pixels.

/// A figure of a ``TileGrid`` as a PNG image.
///
/// ```swift
/// let grid = TileGrid(layout: layout, maximumSide: PNGPicture.defaultSide)
/// let png: [UInt8] = PNGPicture(caption: PictureCaption(pattern: "longformer", grid: grid)).bytes
/// ```
public struct PNGPicture: Sendable {
    /// Cells per side by default: the grid is at most 640 pixels square.
    public static let defaultSide = 640
    /// Tile lines are drawn when a tile is at least this many pixels wide.
    public static let gridLineMinimum = 6

    /// What the figure shows.
    public var caption: PictureCaption

    /// Makes the figure of the grid in `caption`.
    public init(caption: PictureCaption) {
        self.caption = caption
    }

    /// Where the grid and the text go.
    var geometry: FigureGeometry {
        FigureGeometry(grid: caption.grid, gridSize: 640, left: 96, top: 112, right: 48, bottom: 96, snapToPixels: true)
    }

    /// The pixel where tile boundary `index` falls, from the grid's edge.
    func pixel(ofTile index: Int) -> Int { Int(geometry.offset(ofTile: index).rounded()) }

    /// The figure as pixels.
    public var raster: Raster {
        let g = geometry, grid = caption.grid
        let left = Int(g.left), top = Int(g.top), extent = pixel(ofTile: grid.tileCount)
        var image = Raster(width: max(left + extent + 48, left + legendWidth + 24), height: top + extent + 96, background: Palette.empty)
        for row in 0..<grid.side {
            let y0 = pixel(ofTile: row * grid.tilesPerCell), y1 = pixel(ofTile: min(grid.tileCount, (row + 1) * grid.tilesPerCell))
            for column in 0..<grid.side {
                let colour = Palette.colour(of: grid[row: row, column: column])
                guard colour != Palette.empty else { continue }
                let x0 = pixel(ofTile: column * grid.tilesPerCell), x1 = pixel(ofTile: min(grid.tileCount, (column + 1) * grid.tilesPerCell))
                image.fill(x: left + x0, y: top + y0, width: x1 - x0, height: y1 - y0, colour: colour)
            }
        }
        if grid.tilesPerCell == 1, g.tile >= Double(Self.gridLineMinimum) {
            for index in 1..<grid.tileCount {
                image.fill(x: left + pixel(ofTile: index), y: top, width: 1, height: extent, colour: Palette.gridLine)
                image.fill(x: left, y: top + pixel(ofTile: index), width: extent, height: 1, colour: Palette.gridLine)
            }
        }
        // The frame, just outside the grid.
        image.fill(x: left - 1, y: top - 1, width: extent + 2, height: 1, colour: Palette.frame)
        image.fill(x: left - 1, y: top + extent, width: extent + 2, height: 1, colour: Palette.frame)
        image.fill(x: left - 1, y: top - 1, width: 1, height: extent + 2, colour: Palette.frame)
        image.fill(x: left + extent, y: top - 1, width: 1, height: extent + 2, colour: Palette.frame)
        drawText(on: &image, left: left, top: top, extent: extent)
        return image
    }

    /// Title, axis names, ticks and the legend bar.
    func drawText(on image: inout Raster, left: Int, top: Int, extent: Int) {
        let g = geometry
        // The title in bold (drawn twice, a pixel apart), smaller when it would not fit.
        let titleScale = BitmapFont.width(of: caption.title, scale: 3) + 24 <= image.width ? 3 : 2
        centre(caption.title, at: image.width / 2, y: 20, scale: titleScale, colour: Palette.text, on: &image)
        centre(caption.title, at: image.width / 2 + 1, y: 20, scale: titleScale, colour: Palette.text, on: &image)
        centre("key tile →", at: left + extent / 2, y: 58, scale: 2, colour: Palette.text, on: &image)
        let axis = "← query tile"
        image.draw(axis, x: 16, y: top + extent / 2 + BitmapFont.width(of: axis, scale: 2) / 2, scale: 2, colour: Palette.text, upwards: true)
        for index in g.ticks {
            let along = Int(g.centre(ofTile: index).rounded(.down))
            image.fill(x: left + along, y: top - 7, width: 1, height: 6, colour: Palette.frame)
            image.fill(x: left - 7, y: top + along, width: 6, height: 1, colour: Palette.frame)
            let label = String(index)
            centre(label, at: left + along, y: top - 24, scale: 2, colour: Palette.secondaryText, on: &image)
            image.draw(label, x: left - 10 - BitmapFont.width(of: label, scale: 2), y: top + along - 7, scale: 2, colour: Palette.secondaryText)
        }
        let y = top + extent + 28
        var x = left
        for (colour, words) in zip([Palette.full, Palette.partial, Palette.empty], caption.counts) {
            image.fill(x: x, y: y - 3, width: 20, height: 20, colour: Palette.frame)
            image.fill(x: x + 1, y: y - 2, width: 18, height: 18, colour: colour)
            image.draw(words, x: x + 28, y: y, scale: 2, colour: Palette.text)
            x += 28 + BitmapFont.width(of: words, scale: 2) + 28
        }
        image.draw(note, x: left, y: y + 30, scale: 2, colour: Palette.secondaryText)
    }

    func centre(_ text: String, at x: Int, y: Int, scale: Int, colour: RGB, on image: inout Raster) {
        image.draw(text, x: x - BitmapFont.width(of: text, scale: scale) / 2, y: y, scale: scale, colour: colour)
    }

    /// The widest line of the legend, in pixels.
    var legendWidth: Int {
        let counts = caption.counts.map { 56 + BitmapFont.width(of: $0, scale: 2) }.reduce(0, +)
        return max(counts, BitmapFont.width(of: note, scale: 2))
    }

    /// The legend's second line: density, tiles, and what a cell is when downsampled.
    var note: String {
        let grid = caption.grid
        var note = caption.density + "; \(grouped(grid.tileCount)) × \(grouped(grid.tileCount)) tiles"
        if grid.tilesPerCell > 1 { note += ", each cell \(grid.tilesPerCell) × \(grid.tilesPerCell)" }
        return note
    }

    /// The PNG file.
    public var bytes: [UInt8] { PNGEncoder.encode(raster) }
}
