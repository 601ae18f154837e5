// ShowCommand: `sparse-attn show FILE --length N [--svg S.svg] [--png P.png] [--width W]` —
// the tile grid of a pattern's layout as a picture in the terminal, and optionally as an
// SVG figure and a PNG image, each written whole or not at all.

import BlockSparsePlanner
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
        let svgPath = arguments.value("--svg"), pngPath = arguments.value("--png")
        if let svgPath, svgPath == pngPath {
            throw UsageError("'--svg' and '--png' name the same file '\(svgPath)'")
        }
        // Open the outputs before the work, so that an unwritable path fails fast.
        var outputs: [(file: OutputFile, kind: String)] = []
        do {
            if let svgPath { outputs.append((try OutputFile(path: svgPath), "svg")) }
            if let pngPath { outputs.append((try OutputFile(path: pngPath), "png")) }
            let layout = BlockLayout(pattern: pattern, length: length)
            for output in outputs {
                switch output.kind {
                case "svg":
                    let grid = TileGrid(layout: layout, maximumSide: SVGPicture.defaultSide)
                    try output.file.write(Array(SVGPicture(caption: PictureCaption(pattern: pattern.name, grid: grid)).text.utf8))
                default:
                    let grid = TileGrid(layout: layout, maximumSide: PNGPicture.defaultSide)
                    try output.file.write(PNGPicture(caption: PictureCaption(pattern: pattern.name, grid: grid)).bytes)
                }
            }
            for output in outputs { try output.file.commit() }
            let grid = TileGrid(layout: layout, maximumSide: width)
            terminal.print(TerminalPicture(caption: PictureCaption(pattern: pattern.name, grid: grid)).lines.joined(separator: "\n"))
            for output in outputs { terminal.print("wrote \(output.file.path)") }
        } catch {
            for output in outputs { output.file.discard() }
            throw error
        }
    }
}
