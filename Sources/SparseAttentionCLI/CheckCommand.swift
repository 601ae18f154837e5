// CheckCommand: `sparse-attn check FILE...` — checks pattern files compiled together.

import PatternLanguage

enum CheckCommand {
    static let subcommand = SparseAttentionCommand.Subcommand(
        name: "check", summary: "Check pattern files; print their diagnostics.",
        usage: "check FILE...",
        specification: ArgumentSpecification(),
        run: run)

    static func run(_ arguments: Arguments, _ terminal: Terminal) throws {
        guard !arguments.positionals.isEmpty else { throw UsageError("'check' needs at least one pattern file") }
        let library = PatternLibrary.check(try SourceFiles.read(arguments.positionals))
        guard !library.hasErrors else { throw DiagnosticsError(library.diagnostics) }
        terminal.report(library.diagnostics)
        let warnings = library.diagnostics.count { $0.severity == .warning }
        let files = arguments.positionals.count
        terminal.print("ok: \(library.declarations.count) pattern\(library.declarations.count == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s")"
            + (warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : ""))
    }
}
