// CheckCommand: `sparse-attn check FILE...` — checks pattern files compiled together.

import PatternLanguage

enum CheckCommand {
    static let subcommand = SparseAttentionCommand.Subcommand(
        name: "check", summary: "Check pattern files; print their diagnostics.",
        usage: "check FILE... [--dump]   (--dump prints each pattern's checked, folded form)",
        specification: ArgumentSpecification(flags: ["--dump"]),
        run: run)

    static func run(_ arguments: Arguments, _ terminal: Terminal) throws {
        guard !arguments.positionals.isEmpty else { throw UsageError("'check' needs at least one pattern file") }
        let sources = try SourceFiles.read(arguments.positionals)
        let library = PatternLibrary.check(sources)
        guard !library.hasErrors else { throw DiagnosticsError(library.diagnostics) }
        terminal.report(library.diagnostics)
        if arguments.flags.contains("--dump") {
            for declaration in library.declarations { terminal.print(dump(declaration.checked)) }
        }
        let warnings = library.diagnostics.count { $0.severity == .warning }
        let files = sources.count
        terminal.print("ok: \(library.declarations.count) pattern\(library.declarations.count == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s")"
            + (warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : ""))
    }
}

extension CheckCommand {
    /// The checked form of a pattern: what the planner and the generator receive.
    static func dump(_ pattern: CheckedPattern) -> String {
        var lines = ["pattern \(pattern.name)  (Swift type \(pattern.typeName), block \(pattern.blockSize))"]
        for parameter in pattern.parameters { lines.append("  parameter \(parameter.name) = \(parameter.value)") }
        for (index, binding) in pattern.bindings.enumerated() {
            lines.append("  $\(index) = \(binding.name): \(binding.type) = \(binding.value)")
        }
        lines.append("  mask \(pattern.mask)")
        return lines.joined(separator: "\n")
    }
}
