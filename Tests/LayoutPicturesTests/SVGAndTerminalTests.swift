// Tests of the SVG figure (well-formed XML, one rect per run of coloured cells, title
// and legend) and of the terminal picture (glyphs, axes, legend, width).

import BlockSparsePlanner
import Foundation
import Testing
@testable import LayoutPictures

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Collects what the tests look at while XMLParser reads an SVG document.
final class SVGCollector: NSObject, XMLParserDelegate {
    var tileRects: [[String: String]] = []
    var texts: [String] = []
    var titles: [String] = []
    private var groups: [String] = []
    private var element = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        element = name
        if name == "g" { groups.append(attributes["id"] ?? "") }
        if name == "rect", groups.last == "tiles" { tileRects.append(attributes) }
        if name == "text" || name == "title" { texts.append("") }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "g" { groups.removeLast() }
        if name == "title", let last = texts.last { titles.append(last) }
        element = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if element == "text" || element == "title", !texts.isEmpty { texts[texts.count - 1] += string }
    }
}

@Suite struct SVGAndTerminalTests {
    func parse(_ svg: String) throws -> SVGCollector {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = SVGCollector()
        parser.delegate = collector
        #expect(parser.parse(), "well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
        return collector
    }

    @Test func svgIsWellFormedWithOneRectPerRun() throws {
        // Lower triangle of 6 tiles: row r has a run of r full tiles and one partial.
        let grid = TileGrid(layout: TileGridTests.lowerTriangle(tiles: 6), maximumSide: SVGPicture.defaultSide)
        let svg = SVGPicture(caption: PictureCaption(pattern: "causal<&>", grid: grid)).text
        #expect(svg.hasPrefix("<?xml") && svg.hasSuffix("</svg>\n"))
        let parsed = try parse(svg)
        #expect(parsed.tileRects.count == 2 * 6 - 1)
        #expect(parsed.tileRects.filter { $0["fill"] == Palette.full.hex }.count == 5)
        #expect(parsed.tileRects.filter { $0["fill"] == Palette.partial.hex }.count == 6)
        #expect(parsed.titles == ["causal<&> — N = 48, block 8"])
        #expect(parsed.texts.contains("causal<&> — N = 48, block 8"))
        #expect(parsed.texts.contains("full 15") && parsed.texts.contains("partial 6") && parsed.texts.contains("empty 15"))
        #expect(parsed.texts.contains("58.3% of tiles kept; 6 × 6 tiles of 8 × 8"))
        #expect(parsed.texts.filter { $0 == "5" }.count == 2, "one tick label per axis")
        #expect(parsed.texts.contains("key tile →") && parsed.texts.contains("← query tile"))
        #expect(svg.contains("<path transform="), "tile lines when tiles are few")
    }

    @Test func svgOfALargeGridIsDownsampledAndStaysSmall() throws {
        let tiles = 4096
        let layout = BlockLayout(length: tiles * 16, blockSize: 16, rowOffsets: Array(0...tiles),
                                 columns: (0..<tiles).map { Int32($0) }, kinds: Array(repeating: .partial, count: tiles))
        let grid = TileGrid(layout: layout, maximumSide: SVGPicture.defaultSide)
        let svg = SVGPicture(caption: PictureCaption(pattern: "diagonal", grid: grid)).text
        let parsed = try parse(svg)
        #expect(parsed.tileRects.count == 128)
        let expected = Palette.colour(of: TileGrid.Cell(tiles: 32 * 32, full: 0, partial: 32))
        #expect(parsed.tileRects.allSatisfy { $0["fill"] == expected.hex })
        #expect(!svg.contains("<path transform="), "no tile lines for many tiles")
        #expect(svg.utf8.count < 40_000)
    }

    @Test func terminalPictureOfASmallGrid() {
        let grid = TileGrid(layout: TileGridTests.lowerTriangle(tiles: 3), maximumSide: 32)
        let lines = TerminalPicture(caption: PictureCaption(pattern: "causal", grid: grid)).lines
        #expect(lines == [
            "causal  N = 24  block 8  3 × 3 tiles",
            "rows: query tiles ↓   columns: key tiles →",
            "   0 1 2",
            "  ┌──────┐",
            "0 │▒▒· · │",
            "1 │██▒▒· │",
            "2 │████▒▒│",
            "  └──────┘",
            "██ full   ▒▒ partial   ·  empty",
            "full 3   partial 3   empty 3   (66.7% of tiles kept)",
        ])
    }

    @Test func terminalGlyphsOfDownsampledCells() {
        #expect(TerminalPicture.glyph(.init(tiles: 1, full: 1, partial: 0)) == "██")
        #expect(TerminalPicture.glyph(.init(tiles: 1, full: 0, partial: 1)) == "▒▒")
        #expect(TerminalPicture.glyph(.init(tiles: 1, full: 0, partial: 0)) == "· ")
        #expect(TerminalPicture.glyph(.init(tiles: 9, full: 4, partial: 5)) == "██")
        #expect(TerminalPicture.glyph(.init(tiles: 9, full: 0, partial: 9)) == "██")
        #expect(TerminalPicture.glyph(.init(tiles: 9, full: 1, partial: 7)) == "▓▓")
        #expect(TerminalPicture.glyph(.init(tiles: 9, full: 3, partial: 0)) == "▒▒")
        #expect(TerminalPicture.glyph(.init(tiles: 9, full: 0, partial: 2)) == "░░")
        #expect(TerminalPicture.glyph(.init(tiles: 9, full: 0, partial: 0)) == "· ")
        let grid = TileGrid(layout: TileGridTests.lowerTriangle(tiles: 300), maximumSide: 32)
        let lines = TerminalPicture(caption: PictureCaption(pattern: "causal", grid: grid)).lines
        #expect(lines[0].hasSuffix("(10 × 10 tiles per cell)"))
        #expect(lines.allSatisfy { $0.count <= 80 }, "fits a terminal")
        #expect(lines.contains { $0.hasPrefix("tiles kept per cell: ██ all") })
    }
}
