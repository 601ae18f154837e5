// Parser: tokens → syntax tree, by recursive descent with one function per precedence
// level. On a mistake it reports, skips to the next statement, and goes on.

/// Parses a pattern file into a ``FileSyntax``.
///
/// Precedence, lowest first: `|`, `&`, comparisons and `in` (which do not chain), `+ -`,
/// `* / %`, unary `- !`, then literals, names, calls, parentheses and lists. After an
/// error the parser skips to the next `let`, `block`, `mask`, `}` or `pattern` and carries
/// on, so one run reports the independent mistakes of a file.
///
/// ```swift
/// let (syntax, diagnostics) = Parser.parse(SourceFile(path: "p.attn", text: source))
/// ```
public enum Parser {
    /// How deeply expressions may nest. Deeper input is rejected with a diagnostic, so
    /// that no later stage can run out of stack on a hostile file.
    public static let maximumNestingDepth = 256

    /// How many errors one file may report before the parser gives up on it.
    public static let maximumErrorsPerFile = 50

    /// Parses a whole file.
    public static func parse(_ file: SourceFile) -> (syntax: FileSyntax, diagnostics: [Diagnostic]) {
        let (tokens, lexerDiagnostics) = Lexer.tokenize(file)
        var state = ParserState(file: file, tokens: tokens, diagnostics: lexerDiagnostics)
        let patterns = state.parseFile()
        return (FileSyntax(file: file, patterns: patterns), state.diagnostics)
    }

    /// Parses one constant expression given outside a file, such as the value of a
    /// `--set NAME=VALUE` override. The whole text must be one expression.
    public static func parseExpression(_ file: SourceFile) -> (expression: ExprSyntax, diagnostics: [Diagnostic]) {
        let (tokens, lexerDiagnostics) = Lexer.tokenize(file)
        var state = ParserState(file: file, tokens: tokens, diagnostics: lexerDiagnostics)
        let expression = state.parseExpressionOrRecover()
        if !state.isAtEnd, !state.hasErrors {
            state.error("expected the end of the value, found \(state.current.kind)", state.current.range)
        }
        return (expression, state.diagnostics)
    }
}

/// Thrown inside the parser to unwind to the nearest statement after an error.
struct Recovery: Error {}

/// The parser's position in the token stream and the diagnostics so far; the grammar's
/// functions are its methods (statements here, expressions in Parser+Expressions.swift).
struct ParserState {
    let file: SourceFile
    let tokens: [Token]
    var position = 0
    var diagnostics: [Diagnostic]
    var nesting = 0

    init(file: SourceFile, tokens: [Token], diagnostics: [Diagnostic]) {
        self.file = file
        self.tokens = tokens
        self.diagnostics = diagnostics
    }

    var current: Token { tokens[position] }
    var previous: Token { tokens[max(0, position - 1)] }
    var isAtEnd: Bool { current.kind == .endOfFile }
    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    var errorCount: Int { diagnostics.count { $0.severity == .error } }

    mutating func advance() {
        if !isAtEnd { position += 1 }
    }

    func check(_ symbol: Symbol) -> Bool { current.kind == .symbol(symbol) }
    func check(_ keyword: Keyword) -> Bool { current.kind == .keyword(keyword) }

    mutating func consume(_ symbol: Symbol) -> Bool {
        guard check(symbol) else { return false }
        advance()
        return true
    }

    mutating func error(_ message: String, _ range: SourceRange, hint: String? = nil, notes: [Diagnostic.Note] = []) {
        guard errorCount < Parser.maximumErrorsPerFile else { return }
        diagnostics.append(Diagnostic(.error, message, at: range, in: file, hint: hint, notes: notes))
        if errorCount == Parser.maximumErrorsPerFile {
            diagnostics.append(Diagnostic(.error, "too many errors; giving up on this file", at: range, in: file))
        }
    }

    /// Reports that something else was expected where `current` stands, and unwinds.
    mutating func expected(_ what: String, hint: String? = nil, notes: [Diagnostic.Note] = []) throws -> Never {
        error("expected \(what), found \(current.kind)", current.range, hint: hint, notes: notes)
        throw Recovery()
    }

    mutating func expect(_ symbol: Symbol, _ what: String, opening: Token? = nil) throws {
        if consume(symbol) { return }
        let notes = opening.map { [Diagnostic.Note("to match this '\(Self.symbolText($0))'", at: .init(file: file, range: $0.range))] } ?? []
        try expected(what, notes: notes)
    }

    static func symbolText(_ token: Token) -> String {
        if case .symbol(let symbol) = token.kind { return symbol.rawValue }
        return "\(token.kind)"
    }

    // MARK: File and pattern

    mutating func parseFile() -> [PatternSyntax] {
        var patterns: [PatternSyntax] = []
        while !isAtEnd, errorCount < Parser.maximumErrorsPerFile {
            guard check(.pattern) else {
                error("expected 'pattern', found \(current.kind)", current.range,
                      hint: "a pattern file holds declarations 'pattern NAME(PARAMS) { ... }'")
                skip(until: [.pattern])
                continue
            }
            if let pattern = parsePattern() { patterns.append(pattern) }
        }
        return patterns
    }

    /// Skips tokens until one of the keywords, `}` at the same brace depth, or the end.
    mutating func skip(until keywords: Set<Keyword>, stopAtBrace: Bool = false) {
        var braces = 0
        while !isAtEnd {
            if case .keyword(let keyword) = current.kind, keywords.contains(keyword), braces == 0 || keyword == .pattern { return }
            if check(.leftBrace) { braces += 1 }
            if check(.rightBrace) {
                if braces == 0, stopAtBrace { return }
                braces = max(0, braces - 1)
            }
            advance()
        }
    }

    mutating func parsePattern() -> PatternSyntax? {
        let keyword = current
        advance()
        let name: Identifier
        switch current.kind {
        case .identifier(let text):
            name = Identifier(name: text, range: current.range)
            advance()
        case .keyword(let word):
            error("'\(word.rawValue)' is a reserved word and cannot name a pattern", current.range,
                  hint: "choose another name, such as '\(word.rawValue)_pattern'")
            name = Identifier(name: word.rawValue, range: current.range)
            advance()
        default:
            error("expected a pattern name after 'pattern', found \(current.kind)", current.range)
            skip(until: [.pattern])
            return nil
        }
        var parameters: [ParameterSyntax] = []
        if check(.leftParen) {
            do { parameters = try parseParameters() } catch { skip(until: [.pattern], stopAtBrace: false); return nil }
        }
        let openingBrace = current
        guard consume(.leftBrace) else {
            error("expected '{' to begin the body of pattern '\(name.name)', found \(current.kind)", current.range)
            skip(until: [.pattern])
            return nil
        }
        var statements: [StatementSyntax] = []
        while !check(.rightBrace), !isAtEnd, !check(.pattern) {
            if let statement = parseStatementOrRecover() { statements.append(statement) }
        }
        let end = current.range.end
        if !consume(.rightBrace) {
            error("expected '}' to end pattern '\(name.name)', found \(current.kind)", current.range,
                  notes: [.init("the body began here", at: .init(file: file, range: openingBrace.range))])
        }
        return PatternSyntax(name: name, documentation: keyword.leadingComment, parameters: parameters,
                             statements: statements, range: SourceRange(start: keyword.range.start, end: end))
    }

    mutating func parseParameters() throws -> [ParameterSyntax] {
        let open = current
        advance()
        var parameters: [ParameterSyntax] = []
        while !check(.rightParen) {
            guard case .identifier(let text) = current.kind else {
                if case .keyword(let word) = current.kind {
                    error("'\(word.rawValue)' is a reserved word and cannot name a parameter", current.range,
                          hint: "choose another name for the parameter")
                    throw Recovery()
                }
                try expected("a parameter name")
            }
            let name = Identifier(name: text, range: current.range)
            advance()
            guard consume(.assign) else {
                try expected("'=' and a default value after parameter '\(text)'",
                             hint: "every parameter has a default, as in '\(text) = 64'")
            }
            parameters.append(ParameterSyntax(name: name, defaultValue: try parseExpression()))
            if !consume(.comma) { break }
        }
        try expect(.rightParen, "',' or ')' in the parameter list", opening: open)
        return parameters
    }

    // MARK: Statements

    mutating func parseStatementOrRecover() -> StatementSyntax? {
        let start = current
        do {
            return try parseStatement()
        } catch {
            // Skip the rest of the broken statement, at least one token.
            if position == tokens.firstIndex(where: { $0.range == start.range }) { advance() }
            skip(until: [.let, .block, .mask, .pattern], stopAtBrace: true)
            return nil
        }
    }

    mutating func parseStatement() throws -> StatementSyntax {
        let keyword = current
        switch current.kind {
        case .keyword(.let):
            advance()
            let name: Identifier
            switch current.kind {
            case .identifier(let text):
                name = Identifier(name: text, range: current.range)
                advance()
            case .keyword(let word):
                error("'\(word.rawValue)' is a reserved word and cannot be redeclared", current.range,
                      hint: "choose another name for the 'let'")
                throw Recovery()
            default:
                try expected("a name after 'let'")
            }
            guard consume(.assign) else { try expected("'=' after 'let \(name.name)'") }
            let value = parseStatementExpression()
            return .binding(name: name, value: value, range: keyword.range.union(value.range))
        case .keyword(.block):
            advance()
            let value = parseStatementExpression()
            return .block(value, range: keyword.range.union(value.range))
        case .keyword(.mask):
            advance()
            let value = parseStatementExpression()
            return .mask(value, range: keyword.range.union(value.range))
        default:
            guard startsExpression else {
                try expected("'let', 'block', 'mask' or '}'",
                             hint: "a pattern body holds 'let NAME = EXPR', 'block SIZE' and one 'mask EXPR'")
            }
            // An expression where a statement should be: most likely a forgotten `mask`.
            error("expected 'let', 'block', 'mask' or '}', found an expression", current.range,
                  hint: "write 'mask' before the expression to make it the pattern's mask")
            let value = parseStatementExpression()
            return .mask(value, range: value.range)
        }
    }

    /// Whether the current token can begin an expression.
    var startsExpression: Bool {
        switch current.kind {
        case .integer, .identifier: return true
        case .keyword(let keyword): return [.true, .false, .causal, .q, .k, .n].contains(keyword)
        case .symbol(let symbol): return [.leftParen, .leftBracket, .minus, .bang].contains(symbol)
        case .endOfFile: return false
        }
    }

    /// A statement's expression; after an error it skips to the next statement and
    /// stands in an invalid expression, so the statement still counts (no "missing mask").
    mutating func parseStatementExpression() -> ExprSyntax {
        let start = current.range
        do {
            return try parseExpression()
        } catch {
            skip(until: [.let, .block, .mask, .pattern], stopAtBrace: true)
            return ExprSyntax(.invalid, start.union(previous.range))
        }
    }

    // MARK: Expressions
}
