// PatternSelection: the options every per-pattern command shares — FILE, `--pattern`,
// `--set` and `--length` — resolved to one bound, checked pattern.

import PatternLanguage

struct PatternSelection {
    /// The pattern, with the `--set` overrides bound.
    var pattern: CheckedPattern

    init(_ arguments: Arguments, terminal: Terminal) throws {
        guard let path = arguments.positionals.first else { throw UsageError("missing the pattern FILE") }
        guard arguments.positionals.count == 1 else {
            throw UsageError("expected one pattern FILE, but got \(arguments.positionals.count): \(arguments.positionals.joined(separator: " "))")
        }
        // The warnings once the pattern is found: a file without one is the error, then.
        let library = try SourceFiles.checkedLibrary([path], terminal: terminal, reportWarnings: false)
        let declaration = try library.declaration(named: arguments.value("--pattern"))
        terminal.report(library.diagnostics)
        var warnings: [Diagnostic] = []
        pattern = try declaration.bind(overrides: arguments.all("--set"), warnings: &warnings)
        terminal.report(warnings)
    }

    /// The largest sequence length any command accepts: 2³¹ − 1.
    static let maximumLength = Int(Int32.max)

    /// The `--length` option, at least 1.
    static func length(_ arguments: Arguments) throws -> Int {
        guard let length = try arguments.integer("--length", in: 1...maximumLength) else {
            throw UsageError("missing '--length N', the sequence length")
        }
        return length
    }
}
