// PatternTypeEmitter: one checked pattern as a public Swift type — its documentation,
// its parameters' values as constants, the per-length tables, and the three specialised
// pieces a compiled kernel is made of (column support, tile state, element mask) — plus
// the `attention` entry point that runs them through the shared tile driver.

import PatternLanguage

/// Emits the declaration of one pattern's compiled type.
struct PatternTypeEmitter {
    let pattern: CheckedPattern

    func emit(into printer: inout SwiftPrinter) {
        var tables = KernelTables()
        var mask = ElementMaskEmitter(pattern: pattern, tables: tables)
        let keeps = mask.emitMask()
        tables = mask.tables
        var states = TileStateEmitter(pattern: pattern, tables: tables)
        let state = states.emitMask()
        tables = states.tables
        var residuals = MaskResidualEmitter(pattern: pattern, tables: tables)
        let residual = residuals.emitMask()
        tables = residuals.tables
        var support = ColumnSupportEmitter(pattern: pattern, tables: tables)
        support.emitMask()
        tables = support.tables
        var tileMask = TileMaskEmitter(pattern: pattern, tables: tables)
        let fill = tileMask.emitBody()
        tables = tileMask.tables

        // The declaration line is the pattern's line in its file, so that an error about the
        // type lands there; the body is reset to this file's own lines, so that a trap inside
        // it (`init(length: 0)`) names a line that exists. A directive between the
        // documentation and the type would detach the documentation, so the directive comes
        // first and counts its lines back: the pattern's `#` lines, which lie right above
        // it in the file, and one line more (one line off for a pattern whose comment starts
        // its file).
        let documentation = pattern.documentation + [
            "Compiled from pattern `\(pattern.name)` with \(parameterSummary), block \(pattern.blockSize); its mask, as checked: `\(pattern.readableMaskText)`.",
        ]
        let (line, _) = pattern.file.lineAndColumn(of: pattern.range.start)
        printer.directive("#sourceLocation(file: \(SwiftLiteral.string(pattern.file.path)), line: \(max(1, line - documentation.count)))")
        printer.documentation(documentation)
        printer.block("public struct \(pattern.typeName): AttentionKernels.CompiledPattern") { body in
            body.directive("#sourceLocation()")
            body.documentation(["The pattern's name in its file."])
            body.line("public static let patternName = \(SwiftLiteral.string(pattern.name))")
            body.documentation(["The tile size."])
            body.line("public static let blockSize = \(pattern.blockSize)")
            body.documentation(["The parameters compiled in, with their values as the language writes them."])
            let pairs = pattern.parameters.map { "(\(SwiftLiteral.string($0.name)), \(SwiftLiteral.string($0.value.description)))" }
            body.line("public static let parameterValues: [(name: Swift.String, value: Swift.String)] = [\(pairs.joined(separator: ", "))]")
            body.documentation(["The checked mask compiled in, with its `let`s, as the language prints them."])
            body.line("public static let checkedMask = \(SwiftLiteral.string(pattern.maskText))")
            emitParameters(into: &body)
            body.line("")
            body.documentation(["The sequence length this instance runs."])
            body.line("public let length: Swift.Int")
            body.line("@usableFromInline let n: Swift.Int64")
            body.line("@usableFromInline let tiles: Swift.Int64")
            for table in tables.tables { body.line("@usableFromInline let \(table.name): \(table.type)") }
            body.line("")
            body.documentation(["Prepares the kernel for sequences of `length` tokens (`length >= 1`)."])
            body.block("public init(length: Swift.Int)") { initializer in
                initializer.line("Swift.precondition(length >= 1, \"a sequence needs at least one token\")")
                initializer.line("self.length = length")
                initializer.line("n = Swift.Int64(length)")
                initializer.line("tiles = (n + \(pattern.blockSize - 1)) / \(pattern.blockSize)")
                for table in tables.tables { initializer.line("\(table.name) = \(table.initializer)") }
            }
            body.line("")
            Self.inlinableFunction("public func keeps(query q: Swift.Int64, key k: Swift.Int64) -> Swift.Bool",
                                   documentation: ["Whether the pair (q, k) is kept: the pattern's mask, constant-folded."],
                                   lines: mask.prelude.lines(neededBy: keeps), result: keeps, into: &body)
            body.line("")
            Self.inlinableFunction("public func tileState(_ box: BlockSparsePlanner.Box) -> BlockSparsePlanner.TileState",
                                   documentation: ["What the mask keeps of a box of pairs: nothing, everything, some, or not known."],
                                   lines: states.prelude.lines(neededBy: state), result: state, into: &body)
            body.line("")
            let classes = ResidueClasses.choose(for: pattern)
            body.documentation([
                "The residue classes the positions of each whole tile are grouped by: "
                    + (classes == 1 ? "none (1)." : "the band's dilation, \(classes), so that its rows keep contiguous runs of keys."),
            ])
            body.line("public static let residueClasses = \(classes)")
            body.line("")
            Self.inlinableFunction("public func maskResidual(_ box: BlockSparsePlanner.Box) -> AttentionKernels.MaskResidual", documentation: [
                "The mask's state on a box, and what its undecided part depends on: a tile whose",
                "residual depends on q - k (k, q) alone has the mask of any tile on its diagonal (column, row).",
            ], lines: residual.lines, result: residual.expression, into: &body)
            body.line("")
            body.documentation(["Adds the key tiles that query positions `q0 ... q1` can keep to `ranges`."])
            body.line("@inlinable")
            body.block("public func candidateColumns(queries q0: Swift.Int64, _ q1: Swift.Int64, into ranges: inout AttentionKernels.ColumnRanges)") { function in
                function.lines(support.statements)
            }
            body.line("")
            body.documentation([
                "Sets the bits of the pairs `tile` keeps, one of this pattern's tiles: bit `k - tile.k0 - 64 · w`",
                "of word `(q - tile.q0) · wordsPerRow + w` for each kept pair (q, k), every other bit of its rows cleared.",
            ])
            body.line("@inlinable")
            body.block("public func fillMask(_ tile: BlockSparsePlanner.Box, into mask: Swift.UnsafeMutablePointer<Swift.UInt64>, wordsPerRow: Swift.Int)") { function in
                function.lines(fill)
            }
            for leaf in tileMask.leafFunctions {
                body.line("")
                Self.inlinableFunction("func \(leaf.name)(query q: Swift.Int64, key k: Swift.Int64) -> Swift.Bool",
                                       documentation: ["Whether (q, k) is kept by \(leaf.summary)."],
                                       lines: leaf.lines, result: leaf.result, into: &body)
            }
            for state in tileMask.stateFunctions {
                body.line("")
                Self.inlinableFunction("func \(state.name)(_ box: BlockSparsePlanner.Box) -> BlockSparsePlanner.TileState",
                                       documentation: ["\(state.summary): nothing, everything, some, or not known."],
                                       lines: state.lines, result: state.result, into: &body)
            }
            body.line("")
            body.documentation([
                "Attention of Q, K, V over this pattern; `scale` defaults to `1 / sqrt(D)`.",
                "Shapes as for the interpreter: `[N, D]`, `[H, N, D]` or `[B, H, N, D]`, grouped-query",
                "heads, `Dv` may differ from `D`. Throws when the shapes disagree; `threadCount` must be",
                "at least 1.",
            ])
            body.block("public static func attention(query: AttentionKernels.AttentionTensor, key: AttentionKernels.AttentionTensor, value: AttentionKernels.AttentionTensor, scale: Swift.Float? = nil, threadCount: Swift.Int = 1) throws(AttentionKernels.AttentionShapeError) -> AttentionKernels.AttentionResult") { function in
                function.line("let shape = try AttentionKernels.AttentionShape(query: query.shape, key: key.shape, value: value.shape)")
                function.line("return AttentionKernels.CompiledAttention.run(Self(length: shape.length), shape: shape, query: query, key: key, value: value, scale: scale, threadCount: threadCount)")
            }
        }
    }

    /// An `@inlinable` function of `signature` made of `lines` and `return result`.
    private static func inlinableFunction(_ signature: String, documentation: [String], lines: [String], result: String,
                                          into printer: inout SwiftPrinter) {
        printer.documentation(documentation)
        printer.line("@inlinable")
        printer.block(signature) { function in
            function.lines(lines)
            function.line("return \(result)")
        }
    }

    private var parameterSummary: String {
        pattern.parameters.isEmpty ? "no parameters" : pattern.parameters.map { "`\($0.name) = \($0.value)`" }.joined(separator: ", ")
    }

    private func emitParameters(into printer: inout SwiftPrinter) {
        guard !pattern.parameters.isEmpty else { return }
        printer.documentation(["The parameters' values compiled into this kernel."])
        printer.block("public enum Parameters") { body in
            for parameter in pattern.parameters {
                body.documentation(["`\(parameter.name)`, compiled in as `\(parameter.value)`."])
                let name = SwiftLiteral.identifier(parameter.name)
                switch parameter.value {
                case .integer(let value): body.line("public static let \(name): Swift.Int64 = \(SwiftLiteral.integer(value))")
                case .boolean(let value): body.line("public static let \(name) = \(value)")
                case .list(let items): body.line("public static let \(name): [PatternLanguage.ListItem] = [\(items.map(KernelTables.literal).joined(separator: ", "))]")
                }
            }
        }
    }
}
