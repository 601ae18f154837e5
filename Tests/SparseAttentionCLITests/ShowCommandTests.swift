// Tests of `sparse-attn show`: the terminal picture, the SVG and PNG files it writes (read
// back with XMLParser and the PNG decoder), and errors that write nothing.

import Foundation
import LayoutPictures
import Testing
@testable import SparseAttentionCLI

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct ShowCommandTests {
    let source = "pattern past { block 8\n mask causal }\npattern band(w = 8) { block 8\n mask local(w) }\n"

    @Test func printsThePictureAndWritesBothImages() throws {
        let folder = try CLITestSupport.scratchFolder()
        let path = try CLITestSupport.write(source, named: "p.attn", in: folder)
        let svg = folder.appendingPathComponent("grid.svg").path, png = folder.appendingPathComponent("grid.png").path
        let result = CLITestSupport.run(["show", path, "--pattern", "past", "--length", "32", "--svg", svg, "--png", png])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.error.isEmpty)
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "past  N = 32  block 8  4 × 4 tiles")
        #expect(lines.contains("0 │▒▒· · · │") && lines.contains("3 │██████▒▒│"))
        #expect(lines.suffix(3) == ["wrote \(svg)", "wrote \(png)", ""])
        #expect(try CLITestSupport.contents(of: folder) == ["grid.png", "grid.svg", "p.attn"])

        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.contains("<title>past — N = 32, block 8</title>"))
        #expect(XMLParser(data: Data(text.utf8)).parse())
        let image = try PNGDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: png))))
        #expect(image.width > 300 && image.height > 300)
        #expect(image.rgb.contains(Palette.full.red) && image.rgb.contains(Palette.partial.green))
    }

    @Test func widthDownsamplesTheTerminalPicture() throws {
        let folder = try CLITestSupport.scratchFolder()
        let path = try CLITestSupport.write(source, named: "p.attn", in: folder)
        let result = CLITestSupport.run(["show", path, "--pattern", "band", "--length", "256", "--width", "8", "--set", "w=0"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.hasPrefix("band  N = 256  block 8  32 × 32 tiles  (4 × 4 tiles per cell)\n"))
        #expect(result.output.contains("full 0   partial 32   empty 992"))
        #expect(result.output.contains(" 0 │░░· · · · · · · │\n"))
        #expect(try CLITestSupport.contents(of: folder) == ["p.attn"])
    }

    @Test(arguments: [
        (["--pattern", "past", "--length", "16", "--width", "2"], Int32(2), "error: '--width' must be between 4 and 512, but got 2"),
        (["--pattern", "past"], Int32(2), "error: missing '--length N', the sequence length"),
        (["--length", "16"], Int32(1), "error: the file declares 2 patterns; choose one with --pattern"),
        (["--pattern", "band", "--length", "16", "--set", "w=x"], Int32(1), "error:"),
        (["--pattern", "past", "--length", "16", "--color"], Int32(2), "error: unknown option '--color'"),
        (["--pattern", "past", "--length", "131073"], Int32(1), "error: 'show' draws at most 16384 tiles per side, but N = 131073 with block 8 has 16385; the largest N it accepts for this pattern is 131072"),
    ])
    func errorsWriteNothing(extra: [String], status: Int32, message: String) throws {
        let folder = try CLITestSupport.scratchFolder()
        let path = try CLITestSupport.write(source, named: "p.attn", in: folder)
        let outputs = ["--svg", folder.appendingPathComponent("s.svg").path, "--png", folder.appendingPathComponent("p.png").path]
        let result = CLITestSupport.run(["show", path] + extra + outputs)
        #expect(result.status == status)
        #expect(result.error.hasPrefix(message), "\(result.error)")
        #expect(result.output.isEmpty)
        #expect(try CLITestSupport.contents(of: folder) == ["p.attn"])
    }

    @Test func unwritablePathsAreClearErrorsAndWriteNothing() throws {
        let folder = try CLITestSupport.scratchFolder()
        let path = try CLITestSupport.write(source, named: "p.attn", in: folder)
        let svg = folder.appendingPathComponent("s.svg").path
        let missing = CLITestSupport.run(["show", path, "--pattern", "past", "--length", "16", "--svg", svg, "--png", folder.path + "/no/dir/p.png"])
        #expect(missing.status == 1)
        #expect(missing.error.hasPrefix("error: cannot write '\(folder.path)/no/dir/p.png': the directory"))
        let directory = CLITestSupport.run(["show", path, "--pattern", "past", "--length", "16", "--png", folder.path])
        #expect(directory.status == 1)
        #expect(directory.error.hasPrefix("error: cannot write '\(folder.path)': it is a directory"))
        let same = CLITestSupport.run(["show", path, "--pattern", "past", "--length", "16", "--svg", svg, "--png", svg])
        #expect(same.status == 2)
        let sameAfterAll = CLITestSupport.run(["show", path, "--pattern", "past", "--length", "16", "--svg", svg, "--png", folder.path + "/./s.svg"])
        #expect(sameAfterAll.status == 2)
        #expect(try CLITestSupport.contents(of: folder) == ["p.attn"])
    }

    @Test(arguments: [1, 7, 8, 9, 100])
    func tinyAndRaggedLengths(length: Int) throws {
        let folder = try CLITestSupport.scratchFolder()
        let path = try CLITestSupport.write(source, named: "p.attn", in: folder)
        let png = folder.appendingPathComponent("p.png").path, svg = folder.appendingPathComponent("s.svg").path
        let result = CLITestSupport.run(["show", path, "--pattern", "past", "--length", "\(length)", "--png", png, "--svg", svg])
        #expect(result.status == 0, "\(result.error)")
        let tiles = (length + 7) / 8
        #expect(result.output.hasPrefix("past  N = \(length)  block 8  \(tiles) × \(tiles) tiles\n"))
        let image = try PNGDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: png))))
        #expect(image.pixel(x: image.width - 1, y: image.height - 1) == Palette.empty)
        #expect(XMLParser(data: try Data(contentsOf: URL(fileURLWithPath: svg))).parse())
    }

    @Test func valuesThatKeepNoPairGetAWarning() throws {
        let folder = try CLITestSupport.scratchFolder()
        let path = try CLITestSupport.write("pattern hubs(globals = [0]) { block 8\n mask global(globals) }\n", named: "h.attn", in: folder)
        let result = CLITestSupport.run(["show", path, "--length", "16", "--set", "globals=[]"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.error.hasPrefix("\(path):2:7: warning: the mask is always false: this pattern keeps no pair\n"))
        #expect(result.error.contains("note: with the parameters set to globals=[]"))
        #expect(CLITestSupport.run(["show", path, "--length", "16"]).error.isEmpty)
    }

    @Test func helpListsShow() {
        #expect(CLITestSupport.run(["--help"]).output.contains("show"))
        let help = CLITestSupport.run(["show", "--help"])
        #expect(help.status == 0 && help.output.contains("usage: sparse-attn show FILE"))
    }
}
