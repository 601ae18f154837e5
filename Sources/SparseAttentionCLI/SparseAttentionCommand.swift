// SparseAttentionCommand: the `sparse-attn` tool — finds the subcommand, runs it, and
// turns every failure into `error: ...` or a compiler-style diagnostic and an exit status.

import PatternLanguage

/// The `sparse-attn` command line.
///
/// Exit status: 0 on success; 1 when an input is wrong (a pattern error, a bad value, an
/// unwritable path); 2 when the command itself is called wrongly (an unknown option, a
/// missing argument). On any error nothing is written.
///
/// ```swift
/// let status = SparseAttentionCommand.run(["check", "Patterns/longformer.attn"], terminal: .standard())
/// ```
public enum SparseAttentionCommand {
    /// A subcommand: its name, a one-line summary, its usage, and what it does.
    struct Subcommand: Sendable {
        var name: String
        var summary: String
        var usage: String
        var specification: ArgumentSpecification
        var run: @Sendable (Arguments, Terminal) throws -> Void
    }

    static let subcommands: [Subcommand] = [
        CheckCommand.subcommand, ListCommand.subcommand, MaskCommand.subcommand, PlanCommand.subcommand,
        ShowCommand.subcommand, RunCommand.subcommand, EmitCommand.subcommand, BenchCommand.subcommand,
    ]

    /// Runs the command line (without the program name) and returns the exit status.
    public static func run(_ arguments: [String], terminal: Terminal) -> Int32 {
        guard let name = arguments.first, name != "--help", name != "-h", name != "help" else {
            if arguments.count >= 2, let command = subcommands.first(where: { $0.name == arguments[1] }) {
                terminal.print(help(for: command))
            } else {
                terminal.print(overview)
            }
            return arguments.isEmpty ? 2 : 0
        }
        guard let command = subcommands.first(where: { $0.name == name }) else {
            let names = subcommands.map(\.name)
            terminal.printError("error: unknown command '\(name)'\(Suggestions.didYouMean(name, among: names))")
            terminal.printError("hint: the commands are: \(names.joined(separator: ", ")); see 'sparse-attn --help'")
            return 2
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            terminal.print(help(for: command))
            return 0
        }
        do {
            let parsed = try Arguments(rest, command.specification)
            try command.run(parsed, terminal)
            return 0
        } catch let error as UsageError {
            terminal.printError("error: \(error.message)")
            terminal.printError("hint: \(error.hint ?? "usage: \(command.usage)")")
            return 2
        } catch let error as DiagnosticsError {
            terminal.report(error.diagnostics)
            return 1
        } catch let error as Diagnostic {
            terminal.report([error])
            return 1
        } catch let error as ChildProcessError {
            terminal.printError("error: \(error.message)")
            return 1
        } catch let error as InternalError {
            terminal.printError(error.description)
            return 70
        } catch {
            terminal.printError("internal error: \(error) (this is a bug in SparseAttention; please report it)")
            return 70
        }
    }

    static var overview: String {
        let width = subcommands.map(\.name.count).max() ?? 0
        let lines = subcommands.map { "  \($0.name.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.summary)" }
        return """
            sparse-attn: check, plan and run declarative sparse-attention patterns (.attn files).

            usage: sparse-attn COMMAND [ARGUMENTS]

            commands:
            \(lines.joined(separator: "\n"))

            'sparse-attn COMMAND --help' describes a command. Exit status: 0 on success,
            1 when an input is wrong, 2 when the command line is wrong.
            """
    }

    static func help(for command: Subcommand) -> String {
        "\(command.summary)\n\nusage: sparse-attn \(command.usage)"
    }
}
