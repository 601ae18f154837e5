// ListCommand: `sparse-attn list FILE... [--json]` — the patterns, their parameters with
// defaults, and their documentation.

import PatternLanguage

enum ListCommand {
    static let subcommand = SparseAttentionCommand.Subcommand(
        name: "list", summary: "List the patterns of files, with parameters and documentation.",
        usage: "list FILE... [--json]",
        specification: ArgumentSpecification(flags: ["--json"]),
        run: run)

    static func run(_ arguments: Arguments, _ terminal: Terminal) throws {
        guard !arguments.positionals.isEmpty else { throw UsageError("'list' needs at least one pattern file") }
        let library = try SourceFiles.checkedLibrary(arguments.positionals, terminal: terminal)
        if arguments.flags.contains("--json") {
            terminal.print(JSON.array(library.declarations.map(json)).printed())
            return
        }
        for declaration in library.declarations {
            let parameters = declaration.parameters.map { "\($0.name) = \($0.defaultValue)" }.joined(separator: ", ")
            let (line, _) = declaration.checked.file.lineAndColumn(of: declaration.checked.range.start)
            terminal.print("\(declaration.name)(\(parameters))  [\(declaration.checked.file.path):\(line)]")
            for text in declaration.documentation { terminal.print("    \(text)") }
            terminal.print("    mask: \(declaration.checked.readableMaskText)\(declaration.checked.blockSize == 64 ? "" : "  (block \(declaration.checked.blockSize))")")
            terminal.print("")
        }
    }

    /// `{"name", "params": {NAME: value}, "doc"}`, plus the type name, block size and file.
    static func json(_ declaration: PatternDeclaration) -> JSON {
        .object([
            ("name", .string(declaration.name)),
            ("params", .object(declaration.parameters.map { ($0.name, json($0.defaultValue)) })),
            ("doc", .string(declaration.documentation.joined(separator: "\n"))),
            ("type_name", .string(declaration.checked.typeName)),
            ("block", .integer(Int64(declaration.checked.blockSize))),
            ("file", .string(declaration.checked.file.path)),
        ])
    }

    /// Integers as numbers; lists as arrays whose ranges are `{"from", "through"}` or `{"from", "to"}` objects.
    static func json(_ value: ConstantValue) -> JSON {
        switch value {
        case .integer(let number): return .integer(number)
        case .boolean(let flag): return .bool(flag)
        case .list(let items):
            return .array(items.map {
                switch $0 {
                case .element(let number): return .integer(number)
                case .range(let low, let high, let inclusive):
                    return .object([("from", .integer(low)), (inclusive ? "through" : "to", .integer(high))])
                }
            })
        }
    }
}
