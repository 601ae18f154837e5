// Tests of TileGrid: tallies per cell, downsampling, totals.

import Testing
import BlockSparsePlanner
@testable import LayoutPictures

@Suite struct TileGridTests {
    /// A causal-like layout: tiles below the diagonal full, on it partial.
    static func lowerTriangle(tiles: Int, block: Int = 8) -> BlockLayout {
        var offsets = [0], columns: [Int32] = [], kinds: [TileKind] = []
        for row in 0..<tiles {
            for column in 0...row {
                columns.append(Int32(column))
                kinds.append(column == row ? .partial : .full)
            }
            offsets.append(columns.count)
        }
        return BlockLayout(length: tiles * block, blockSize: block, rowOffsets: offsets, columns: columns, kinds: kinds)
    }

    @Test func undownsampledGridIsTheTileGrid() {
        let grid = TileGrid(layout: Self.lowerTriangle(tiles: 5), maximumSide: 8)
        #expect(grid.side == 5 && grid.tilesPerCell == 1 && grid.tileCount == 5)
        #expect(grid.fullTiles == 10 && grid.partialTiles == 5 && grid.emptyTiles == 10)
        #expect(grid[row: 3, column: 1] == TileGrid.Cell(tiles: 1, full: 1, partial: 0))
        #expect(grid[row: 3, column: 3] == TileGrid.Cell(tiles: 1, full: 0, partial: 1))
        #expect(grid[row: 1, column: 3].emptyFraction == 1)
    }

    @Test func downsampledCellsCountTheirTilesIncludingRaggedEdges() {
        let grid = TileGrid(layout: Self.lowerTriangle(tiles: 7), maximumSide: 3)
        #expect(grid.tilesPerCell == 3 && grid.side == 3)
        #expect(grid[row: 0, column: 0] == TileGrid.Cell(tiles: 9, full: 3, partial: 3))
        #expect(grid[row: 2, column: 2] == TileGrid.Cell(tiles: 1, full: 0, partial: 1))
        #expect(grid[row: 2, column: 0] == TileGrid.Cell(tiles: 3, full: 3, partial: 0))
        #expect(grid[row: 0, column: 2] == TileGrid.Cell(tiles: 3, full: 0, partial: 0))
        #expect(grid.cells.map(\.tiles).reduce(0, +) == 49)
        #expect(grid.cells.map(\.full).reduce(0, +) == grid.fullTiles)
    }

    @Test func raggedLengthAndHugeGridsStaySmall() {
        // 16,384 tiles per side with one kept tile per row: the grid is 64 × 64 cells.
        let tiles = 16_384
        let layout = BlockLayout(length: tiles * 64 - 3, blockSize: 64, rowOffsets: Array(0...tiles),
                                 columns: (0..<tiles).map { Int32($0) }, kinds: Array(repeating: .full, count: tiles))
        let grid = TileGrid(layout: layout, maximumSide: 64)
        #expect(grid.side == 64 && grid.tilesPerCell == 256 && grid.cells.count == 4096)
        #expect(grid[row: 5, column: 5].full == 256 && grid[row: 5, column: 6].full == 0)
        #expect(grid.tileDensity == 1 / Double(tiles))
    }

    @Test func captionTexts() {
        let grid = TileGrid(layout: Self.lowerTriangle(tiles: 7), maximumSide: 3)
        let caption = PictureCaption(pattern: "causal", grid: grid)
        #expect(caption.header == "causal  N = 56  block 8  7 × 7 tiles  (3 × 3 tiles per cell)")
        #expect(caption.title == "causal — N = 56, block 8")
        #expect(caption.counts == ["full 21", "partial 7", "empty 21"])
        #expect(caption.density == "57.1% of tiles kept")
        #expect(grouped(16_384) == "16,384" && grouped(999) == "999" && grouped(1_000_000) == "1,000,000")
        #expect(percent(1) == "100%" && percent(0) == "0%" && percent(0.0042) == "0.42%" && percent(0.5) == "50%")
        #expect(percent(1 / 16_384.0) == "0.0061%")
    }
}
