// EmitCommand: `sparse-attn emit FILE [--pattern P] [--set ...]` — prints the Swift source
// the generator makes for a pattern file (or one of its patterns, with `--set` values
// compiled in), exactly as the build-tool plugin would compile it.

import KernelEmitter
import PatternLanguage

enum EmitCommand {
    static let subcommand = SparseAttentionCommand.Subcommand(
        name: "emit", summary: "Print the Swift source the generator makes for a pattern file.",
        usage: "emit FILE [--pattern P] [--set NAME=VALUE ...]",
        specification: ArgumentSpecification(options: ["--pattern"], repeatable: ["--set"]),
        run: run)

    static func run(_ arguments: Arguments, _ terminal: Terminal) throws {
        guard let path = arguments.positionals.first, arguments.positionals.count == 1 else {
            throw UsageError("expected one pattern FILE")
        }
        let patterns: [CheckedPattern]
        if arguments.value("--pattern") != nil || !arguments.all("--set").isEmpty {
            patterns = [try PatternSelection(arguments, terminal: terminal).pattern]
        } else {
            // The warnings once there is something to emit: a file without a pattern is the error, then.
            let library = try SourceFiles.checkedLibrary([path], terminal: terminal, reportWarnings: false)
            guard !library.declarations.isEmpty else {
                throw Diagnostic(.error, "'\(path)' declares no pattern", hint: "a pattern file declares patterns as 'pattern NAME { mask EXPRESSION }'")
            }
            terminal.report(library.diagnostics)
            patterns = try library.declarations.map { try $0.bind(overrides: []) }
        }
        // Both branches give at least one pattern (PatternSelection one, the library's a non-empty list).
        let file = patterns[0].file
        var source = KernelEmitter.emit(file: file, patterns: patterns)
        if source.hasSuffix("\n") { source.removeLast() }
        terminal.print(source)
    }
}
