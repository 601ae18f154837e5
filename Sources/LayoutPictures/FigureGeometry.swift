// FigureGeometry: where things go in the SVG and PNG figures — margins, the grid's square,
// the size of a tile, the tick positions — so that both formats draw the same figure.

/// The geometry of a figure of a ``TileGrid``, in pixels (SVG user units).
struct FigureGeometry {
    /// The grid's tallies.
    let grid: TileGrid
    /// The left edge of the grid.
    let left: Double
    /// The top edge of the grid.
    let top: Double
    /// The size of one tile (a cell is `tilesPerCell` tiles).
    let tile: Double
    /// The figure's width and height.
    let width: Double
    let height: Double

    /// Lays out a figure whose grid is at most `gridSize` wide, inside the given margins.
    init(grid: TileGrid, gridSize: Double, left: Double, top: Double, right: Double, bottom: Double, snapToPixels: Bool = false) {
        self.grid = grid
        self.left = left
        self.top = top
        var tile = gridSize / Double(grid.side * grid.tilesPerCell)
        if snapToPixels, grid.tilesPerCell == 1 { tile = max(1, tile.rounded(.down)) }
        if snapToPixels, grid.tilesPerCell > 1 {
            // Whole pixels per cell, so that cells do not blur into each other.
            let cell = max(1, (gridSize / Double(grid.side)).rounded(.down))
            tile = cell / Double(grid.tilesPerCell)
        }
        self.tile = tile
        let extent = Double(grid.tileCount) * tile
        width = left + extent + right
        height = top + extent + bottom
    }

    /// The grid's width and height: every tile, the last cell possibly short.
    var extent: Double { Double(grid.tileCount) * tile }

    /// The offset of tile boundary `index` (0 … tileCount) from the grid's edge.
    func offset(ofTile index: Int) -> Double { Double(index) * tile }

    /// The span of row (or column) `index` of cells, as offsets from the grid's edge.
    func span(ofCell index: Int) -> (start: Double, end: Double) {
        let first = index * grid.tilesPerCell
        return (offset(ofTile: first), offset(ofTile: min(grid.tileCount, first + grid.tilesPerCell)))
    }

    /// Tiles to label: 0 and every multiple of a round step, at most about eight, plus
    /// the last tile when it does not crowd the previous label.
    var ticks: [Int] {
        let count = grid.tileCount
        let step = Self.roundStep(atLeast: max(1, (count + 7) / 8))
        var ticks = Array(stride(from: 0, to: count, by: step))
        if let last = ticks.last, count - 1 - last >= max(1, step / 2) { ticks.append(count - 1) }
        return ticks
    }

    /// The smallest power of two at least `minimum`: tile counts are usually powers of two.
    static func roundStep(atLeast minimum: Int) -> Int {
        var step = 1
        while step < minimum { step *= 2 }
        return step
    }

    /// The centre of tile `index` along an axis, from the grid's edge.
    func centre(ofTile index: Int) -> Double { (Double(index) + 0.5) * tile }
}
