// TileGrid: a layout's tile grid reduced to at most W × W cells, each recording how many
// of its tiles are full, partial and empty. Built by walking the CSR, so its cost is the
// number of kept tiles plus the number of rows — never tileCount².

import BlockSparsePlanner

/// A layout's `tileCount × tileCount` tile grid downsampled to `side × side` cells.
///
/// Each cell covers `tilesPerCell × tilesPerCell` tiles (fewer in the last row and
/// column of cells when `tilesPerCell` does not divide `tileCount`) and records how many
/// of them are full and partial; the rest are empty.
///
/// ```swift
/// let grid = TileGrid(layout: layout, maximumSide: 64)
/// let cell = grid[row: 0, column: 0]
/// print(cell.fullFraction, cell.partialFraction, cell.emptyFraction)
/// ```
public struct TileGrid: Sendable, Hashable {
    /// The tally of one cell.
    public struct Cell: Sendable, Hashable {
        /// How many tiles the cell covers.
        public var tiles: Int
        /// How many of them are full.
        public var full: Int
        /// How many of them are partial.
        public var partial: Int

        /// Makes a cell tally.
        public init(tiles: Int, full: Int, partial: Int) {
            self.tiles = tiles
            self.full = full
            self.partial = partial
        }

        /// How many of the cell's tiles are empty.
        public var empty: Int { tiles - full - partial }
        /// The fraction of the cell's tiles that are full.
        public var fullFraction: Double { tiles == 0 ? 0 : Double(full) / Double(tiles) }
        /// The fraction of the cell's tiles that are partial.
        public var partialFraction: Double { tiles == 0 ? 0 : Double(partial) / Double(tiles) }
        /// The fraction of the cell's tiles that are empty.
        public var emptyFraction: Double { tiles == 0 ? 1 : Double(empty) / Double(tiles) }
    }

    /// The sequence length `N` of the layout.
    public let length: Int
    /// The tile size of the layout.
    public let blockSize: Int
    /// Tiles per side of the layout, `ceil(N / B)`.
    public let tileCount: Int
    /// Tiles per side of one cell.
    public let tilesPerCell: Int
    /// Cells per side, `ceil(tileCount / tilesPerCell)`.
    public let side: Int
    /// The number of full tiles in the whole layout.
    public let fullTiles: Int
    /// The number of partial tiles in the whole layout.
    public let partialTiles: Int
    /// The cells, row by row (query tiles down, key tiles across).
    public let cells: [Cell]

    /// Reduces `layout` to at most `maximumSide × maximumSide` cells (`maximumSide >= 1`).
    public init(layout: BlockLayout, maximumSide: Int) {
        precondition(maximumSide >= 1, "a grid needs at least one cell per side")
        let tileCount = layout.tileCount
        let tilesPerCell = max(1, (tileCount + maximumSide - 1) / maximumSide)
        let side = (tileCount + tilesPerCell - 1) / tilesPerCell
        self.length = layout.length
        self.blockSize = layout.blockSize
        self.tileCount = tileCount
        self.tilesPerCell = tilesPerCell
        self.side = side

        // How many tiles each row (and column) of cells spans: the last may be short.
        func span(_ index: Int) -> Int { min(tileCount, (index + 1) * tilesPerCell) - index * tilesPerCell }
        var cells = [Cell]()
        cells.reserveCapacity(side * side)
        for row in 0..<side {
            for column in 0..<side { cells.append(Cell(tiles: span(row) * span(column), full: 0, partial: 0)) }
        }
        var full = 0, partial = 0
        layout.columns.withUnsafeBufferPointer { columns in
            layout.kinds.withUnsafeBufferPointer { kinds in
                for tileRow in 0..<tileCount {
                    let base = (tileRow / tilesPerCell) * side
                    for entry in layout.entries(ofRow: tileRow) {
                        let index = base + Int(columns[entry]) / tilesPerCell
                        if kinds[entry] == .full {
                            cells[index].full += 1
                            full += 1
                        } else {
                            cells[index].partial += 1
                            partial += 1
                        }
                    }
                }
            }
        }
        self.cells = cells
        self.fullTiles = full
        self.partialTiles = partial
    }

    /// The cell at a row (of query tiles) and column (of key tiles) of cells.
    public subscript(row row: Int, column column: Int) -> Cell { cells[row * side + column] }

    /// The number of kept (full or partial) tiles.
    public var keptTiles: Int { fullTiles + partialTiles }

    /// The number of empty tiles.
    public var emptyTiles: Int { tileCount * tileCount - keptTiles }

    /// The fraction of all tiles that are kept: the work relative to dense attention.
    public var tileDensity: Double { Double(keptTiles) / (Double(tileCount) * Double(tileCount)) }

    /// The first tile of row (or column) `index` of cells.
    public func firstTile(ofCell index: Int) -> Int { index * tilesPerCell }
}
