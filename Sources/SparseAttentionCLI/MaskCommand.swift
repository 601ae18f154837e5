// MaskCommand: `sparse-attn mask FILE --length N --output M.npy` — the exact N×N mask as
// a NumPy bool array, written row by row from the evaluator.

import NumPyFormat
import PatternLanguage

enum MaskCommand {
    static let subcommand = SparseAttentionCommand.Subcommand(
        name: "mask", summary: "Write a pattern's N×N mask as a NumPy bool array.",
        usage: "mask FILE [--pattern P] --length N [--set NAME=VALUE ...] --output M.npy",
        specification: ArgumentSpecification(options: ["--pattern", "--length", "--output"], repeatable: ["--set"]),
        run: run)

    /// The largest `N` accepted: the file has N² bytes, so this bounds it at 1 GiB.
    static let maximumLength = 32_768

    static func run(_ arguments: Arguments, _ terminal: Terminal) throws {
        try DistinctFiles.check(outputs: [("--output", try arguments.required("--output"))], inputs: arguments.positionals.prefix(1).map { (nil, $0) })
        let pattern = try PatternSelection(arguments, terminal: terminal).pattern
        let length = try PatternSelection.length(arguments)
        guard length <= maximumLength else {
            let gibibytes = Double(length) * Double(length) / Double(1 << 30)
            throw Diagnostic(.error, "'mask' writes N×N bytes: N = \(length) would write \(String(format: "%.1f", gibibytes)) GiB; the largest N it accepts is \(maximumLength)",
                             hint: "use 'plan' or 'show' to look at the tiles of long sequences")
        }
        let output = try OutputFile(path: try arguments.required("--output"))
        do {
            try output.write(NumPyHeader(descriptor: "|b1", shape: [length, length]).encoded())
            var failure: Diagnostic?
            MaskEvaluator(pattern: pattern, length: length).forEachRow { _, row in
                guard failure == nil else { return }
                do throws(Diagnostic) { try output.write(row.map { $0 ? 1 : 0 }) } catch { failure = error }
            }
            if let failure { throw failure }
            try output.commit()
        } catch {
            output.discard()
            throw error
        }
    }
}
