// Tests of the PNG encoder and decoder: a Python-made PNG using every filter type and
// split IDATs decodes exactly; encoded rasters decode back; the figure of a small layout
// has the palette's colours at known tiles; damaged files are errors.

import BlockSparsePlanner
import Testing
@testable import LayoutPictures

@Suite struct PNGTests {
    /// A 7 × 10 RGB PNG written by Python: row `y` uses filter `y % 5`, the zlib stream is
    /// split over two IDAT chunks with a tEXt chunk between. Pixel `(x, y)` channel `c`
    /// is `(37x + 91y + 53c) % 256`.
    static let pythonPNG: [UInt8] = [137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 7, 0, 0, 0, 10, 8, 2, 0, 0, 0, 247, 174, 211, 90, 0, 0, 0, 40, 73, 68, 65, 84, 120, 218, 99, 96, 48, 205, 82, 141, 234, 247, 170, 223, 146, 191, 228, 230, 148, 147, 255, 118, 190, 83, 190, 39, 236, 193, 24, 61, 225, 168, 42, 6, 96, 138, 198, 6, 152, 183, 93, 204, 212, 250, 191, 62, 0, 0, 0, 14, 116, 69, 88, 116, 67, 111, 109, 109, 101, 110, 116, 0, 112, 121, 116, 104, 111, 110, 156, 220, 149, 116, 0, 0, 0, 64, 73, 68, 65, 84, 62, 224, 128, 12, 128, 188, 3, 44, 64, 25, 36, 173, 209, 16, 130, 225, 248, 31, 195, 55, 138, 97, 130, 110, 213, 102, 217, 11, 128, 118, 52, 108, 125, 181, 244, 22, 63, 163, 82, 120, 15, 209, 182, 205, 218, 114, 30, 108, 129, 3, 178, 157, 80, 219, 162, 81, 12, 136, 6, 0, 22, 148, 68, 100, 149, 124, 142, 193, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130]

    @Test func decodesEveryFilterType() throws {
        let image = try PNGDecoder.decode(Self.pythonPNG)
        #expect(image.width == 7 && image.height == 10)
        #expect(image.chunkTypes == ["IHDR", "IDAT", "tEXt", "IDAT", "IEND"])
        for y in 0..<10 {
            for x in 0..<7 {
                let expected = (0..<3).map { UInt8((37 * x + 91 * y + 53 * $0) % 256) }
                let pixel = image.pixel(x: x, y: y)
                #expect([pixel.red, pixel.green, pixel.blue] == expected, "pixel (\(x), \(y))")
            }
        }
    }

    @Test func encodedRasterDecodesBack() throws {
        var raster = Raster(width: 37, height: 23, background: Palette.empty)
        raster.fill(x: 3, y: 4, width: 10, height: 6, colour: Palette.full)
        raster.fill(x: 30, y: 20, width: 50, height: 50, colour: Palette.partial)
        raster.draw("N = 42", x: 1, y: 12, scale: 1, colour: Palette.text)
        let file = PNGEncoder.encode(raster)
        #expect(Array(file.prefix(8)) == PNGEncoder.signature)
        let image = try PNGDecoder.decode(file)
        #expect(image.chunkTypes == ["IHDR", "IDAT", "IEND"])
        #expect(image.width == 37 && image.height == 23 && image.rgb == raster.pixels)
        #expect(image.pixel(x: 5, y: 5) == Palette.full && image.pixel(x: 36, y: 22) == Palette.partial)
    }

    @Test func figureHasThePaletteColoursAtKnownTiles() throws {
        let grid = TileGrid(layout: TileGridTests.lowerTriangle(tiles: 8), maximumSide: PNGPicture.defaultSide)
        let picture = PNGPicture(caption: PictureCaption(pattern: "causal", grid: grid))
        let image = try PNGDecoder.decode(picture.bytes)
        let left = Int(picture.geometry.left), top = Int(picture.geometry.top)
        let tile = picture.pixel(ofTile: 1)
        #expect(tile == 80)
        #expect(image.width == left + 8 * tile + 48 && image.height == top + 8 * tile + 96)
        func centre(_ row: Int, _ column: Int) -> RGB { image.pixel(x: left + column * tile + tile / 2, y: top + row * tile + tile / 2) }
        for row in 0..<8 {
            for column in 0..<8 {
                let expected = column < row ? Palette.full : column == row ? Palette.partial : Palette.empty
                #expect(centre(row, column) == expected, "tile (\(row), \(column))")
            }
        }
        // Tile lines and the frame.
        #expect(image.pixel(x: left + tile, y: top + 7 * tile + 5) == Palette.gridLine)
        #expect(image.pixel(x: left - 1, y: top + 10) == Palette.frame)
    }

    @Test func downsampledFigureMixesColours() throws {
        let grid = TileGrid(layout: TileGridTests.lowerTriangle(tiles: 8), maximumSide: 4)
        let picture = PNGPicture(caption: PictureCaption(pattern: "causal", grid: grid))
        let image = try PNGDecoder.decode(picture.bytes)
        let cell = picture.pixel(ofTile: 2)
        let left = Int(picture.geometry.left), top = Int(picture.geometry.top)
        // Cell (0, 0) holds one full, two partial and one empty tile.
        let expected = Palette.colour(of: TileGrid.Cell(tiles: 4, full: 1, partial: 2))
        #expect(image.pixel(x: left + cell / 2, y: top + cell / 2) == expected)
        #expect(image.pixel(x: left + cell + cell / 2, y: top + cell * 2 + cell / 2) == Palette.full)
    }

    @Test func damagedFilesAreErrors() {
        var file = PNGEncoder.encode(width: 2, height: 2, rgb: [UInt8](repeating: 9, count: 12))
        #expect(throws: DecodingError.self) { try PNGDecoder.decode(Array(file.dropFirst())) }
        #expect(throws: DecodingError.self) { try PNGDecoder.decode(Array(file.dropLast(3))) }
        file[20] ^= 0x40  // inside IHDR: its CRC no longer matches
        #expect(throws: DecodingError("CRC mismatch in chunk IHDR")) { try PNGDecoder.decode(file) }
    }
}
