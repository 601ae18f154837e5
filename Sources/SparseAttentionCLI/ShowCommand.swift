// ShowCommand: `sparse-attn show FILE --length N [--svg S.svg] [--png P.png] [--width W]` —
// the tile grid of a pattern's layout as a picture in the terminal, and optionally as an
// SVG figure and a PNG image, each written whole or not at all.

import BlockSparsePlanner
import Foundation
import LayoutPictures
import PatternLanguage

enum ShowCommand {
    static let subcommand = SparseAttentionCommand.Subcommand(
        name: "show", summary: "Draw a pattern's tile grid in the terminal; optionally as SVG and PNG.",
        usage: "show FILE [--pattern P] --length N [--set NAME=VALUE ...] [--svg S.svg] [--png P.png] [--width W]\n"
            + "   (--width: cells per side of the terminal picture, default \(TerminalPicture.defaultSide); "
            + "large grids are downsampled, each cell then standing for several tiles)",
        specification: ArgumentSpecification(options: ["--pattern", "--length", "--svg", "--png", "--width"], repeatable: ["--set"]),
        run: run)

    /// The range of `--width`.
    static let widths = 4...512

    /// The most tiles per side `show` plans: pictures are of the tile grid, and beyond this
    /// the layout itself, not the picture, would be the cost.
    static let maximumTiles = 16_384

    static func run(_ arguments: Arguments, _ terminal: Terminal) throws {
        let pattern = try PatternSelection(arguments, terminal: terminal).pattern
        let length = try PatternSelection.length(arguments)
        let width = try arguments.integer("--width", in: widths) ?? TerminalPicture.defaultSide
        let tiles = (length + pattern.blockSize - 1) / pattern.blockSize
        guard tiles <= maximumTiles else {
            throw Diagnostic(.error, "'show' draws at most \(maximumTiles) tiles per side, but N = \(length) with block \(pattern.blockSize) has \(tiles); the largest N it accepts for this pattern is \(maximumTiles * pattern.blockSize)",
                             hint: "use 'plan' for the statistics of longer sequences")
        }
        let requested = Figure.allCases.compactMap { figure in arguments.value(figure.option).map { (figure, $0) } }
        try DistinctFiles.check(outputs: requested.map { ($0.0.option, $0.1) }, inputs: arguments.positionals.prefix(1).map { (nil, $0) })
        // Open the outputs before the work, so that an unwritable path fails fast.
        var outputs: [(figure: Figure, file: OutputFile)] = []
        do {
            for (figure, path) in requested { outputs.append((figure, try OutputFile(path: path))) }
            let layout = BlockLayout(pattern: pattern, length: length)
            for output in outputs { try output.file.write(output.figure.bytes(of: layout, pattern: pattern.name)) }
            // All closed before any replaces its destination (see `run`).
            for output in outputs { try output.file.close() }
            for output in outputs { try output.file.moveIntoPlace() }
            let grid = TileGrid(layout: layout, maximumSide: width)
            terminal.print(TerminalPicture(caption: PictureCaption(pattern: pattern.name, grid: grid)).lines.joined(separator: "\n"))
            for output in outputs { terminal.print("wrote \(output.file.path)") }
        } catch {
            for output in outputs { output.file.discard() }
            throw error
        }
    }

    /// The image files `show` can write.
    enum Figure: CaseIterable {
        case svg, png

        /// The option that asks for it.
        var option: String { self == .svg ? "--svg" : "--png" }

        /// The file's bytes.
        func bytes(of layout: BlockLayout, pattern: String) -> [UInt8] {
            switch self {
            case .svg:
                let grid = TileGrid(layout: layout, maximumSide: SVGPicture.defaultSide)
                return Array(SVGPicture(caption: PictureCaption(pattern: pattern, grid: grid)).text.utf8)
            case .png:
                let grid = TileGrid(layout: layout, maximumSide: PNGPicture.defaultSide)
                return PNGPicture(caption: PictureCaption(pattern: pattern, grid: grid)).bytes
            }
        }
    }
}
