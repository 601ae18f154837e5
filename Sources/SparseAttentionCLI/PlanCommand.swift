// PlanCommand: `sparse-attn plan FILE --length N [--threads T] [--json]` — the layout and
// schedule of a pattern: tiles by kind, density, kept pairs, FLOPs, memory, balance, and
// how long planning took; `--json` with FlexAttention's names for the tile lists.

import BlockSparsePlanner
import PatternLanguage

enum PlanCommand {
    static let subcommand = SparseAttentionCommand.Subcommand(
        name: "plan", summary: "Plan a pattern into its block-sparse layout and schedule.",
        usage: "plan FILE [--pattern P] --length N [--set NAME=VALUE ...] [--threads T] [--heads H] [--head-dim D] [--json]",
        specification: ArgumentSpecification(options: ["--pattern", "--length", "--threads", "--heads", "--head-dim"], repeatable: ["--set"], flags: ["--json"]),
        run: run)

    static func run(_ arguments: Arguments, _ terminal: Terminal) throws {
        let pattern = try PatternSelection(arguments, terminal: terminal).pattern
        let length = try PatternSelection.length(arguments)
        let threads = try arguments.integer("--threads", in: 1...1024) ?? 2
        let heads = try arguments.integer("--heads", in: 1...65_536) ?? 1
        let headDimension = try arguments.integer("--head-dim", in: 1...65_536) ?? 64
        let report = try PlanReport(pattern: pattern, length: length, threads: threads, heads: heads, headDimension: headDimension)
        if arguments.flags.contains("--json") {
            terminal.print(report.json.printed())
        } else {
            for line in report.summary { terminal.print(line) }
        }
    }
}
