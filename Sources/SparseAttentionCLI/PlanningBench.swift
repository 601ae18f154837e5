// PlanningBench: `sparse-attn bench FILE... --planning` — how planning time grows with N.
// For each pattern it plans the layout (and the partial-tile masks) at N = 65,536 doubling
// to 1,048,576 and prints each time with its ratio to the first: linear growth shows as
// ratios that track N's.

import AttentionKernels
import BlockSparsePlanner
import PatternLanguage

enum PlanningBench {
    /// The lengths timed: 2¹⁶ to 2²⁰.
    static let lengths = [65_536, 131_072, 262_144, 524_288, 1_048_576]

    static func run(patterns: [CheckedPattern], repeats: Int, terminal: Terminal) {
        terminal.print("planning time (best of \(repeats)), layout only and layout + partial-tile masks; build: \(KernelBuild.description)")
        terminal.print("")
        // Rows are printed as they are measured, so the name column is sized up front.
        let nameWidth = max(26, patterns.map(\.name.count).max() ?? 0) + 2
        terminal.print("pattern".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "N".padding(toLength: 11, withPad: " ", startingAt: 0)
            + "kept tiles   layout ms   × first   with masks ms   × first   (N × first)")
        for pattern in patterns {
            var first: (layout: Double, masks: Double)?
            for length in lengths {
                var tiles = 0
                let layoutSeconds = BenchCommand.time(repeats) { tiles = Planner.plan(pattern, length: length).layout.entryCount }
                let maskSeconds = BenchCommand.time(repeats) {
                    let layout = Planner.plan(pattern, length: length).layout
                    _ = PartialTileMasks(pattern: pattern, layout: layout)
                }
                let base = first ?? (layoutSeconds, maskSeconds)
                first = base
                let columns = [
                    pattern.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0),
                    String(length).padding(toLength: 11, withPad: " ", startingAt: 0),
                    Format.integer(tiles).padding(toLength: 13, withPad: " ", startingAt: 0),
                    Format.decimal(layoutSeconds * 1000, 2).padding(toLength: 12, withPad: " ", startingAt: 0),
                    (Format.decimal(layoutSeconds / base.layout, 1) + "×").padding(toLength: 10, withPad: " ", startingAt: 0),
                    Format.decimal(maskSeconds * 1000, 1).padding(toLength: 16, withPad: " ", startingAt: 0),
                    (Format.decimal(maskSeconds / base.masks, 1) + "×").padding(toLength: 10, withPad: " ", startingAt: 0),
                    "(\(length / lengths[0])×)",
                ]
                terminal.print(columns.joined())
            }
        }
    }
}
