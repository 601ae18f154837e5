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
private struct Recovery: Error {}

private struct ParserState {
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
                    error("'\(word.rawValue)' is a reserved word and cannot name a parameter", current.range)
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

    mutating func parseExpressionOrRecover() -> ExprSyntax {
        (try? parseExpression()) ?? ExprSyntax(.invalid, current.range)
    }

    mutating func parseExpression() throws -> ExprSyntax {
        try parseUnion()
    }

    mutating func binary(_ symbol: Symbol, _ left: ExprSyntax, _ right: ExprSyntax) throws -> ExprSyntax {
        let node = ExprSyntax(.binary(symbol, left, right), left.range.union(right.range))
        try checkDepth(node)
        return node
    }

    mutating func checkDepth(_ node: ExprSyntax) throws {
        if node.depth > Parser.maximumNestingDepth {
            error("expression is nested too deeply (more than \(Parser.maximumNestingDepth) levels)", node.range,
                  hint: "split it into several 'let's, or use a list and 'in'")
            throw Recovery()
        }
    }

    mutating func parseUnion() throws -> ExprSyntax {
        var left = try parseIntersection()
        while consume(.bar) { left = try binary(.bar, left, try parseIntersection()) }
        return left
    }

    mutating func parseIntersection() throws -> ExprSyntax {
        var left = try parseComparison()
        while consume(.ampersand) { left = try binary(.ampersand, left, try parseComparison()) }
        return left
    }

    static let comparisons: Set<Symbol> = [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual]

    func currentComparison() -> (symbol: Symbol?, isMembership: Bool)? {
        if case .symbol(let symbol) = current.kind, Self.comparisons.contains(symbol) { return (symbol, false) }
        if check(.in) { return (nil, true) }
        return nil
    }

    mutating func parseComparison() throws -> ExprSyntax {
        let left = try parseAdditive()
        guard let (symbol, isMembership) = currentComparison() else {
            if check(.assign) {
                error("'=' is not a comparison", current.range, hint: "use '==' to compare two values")
                throw Recovery()
            }
            return left
        }
        let operatorToken = current
        advance()
        let right = try parseAdditive()
        let node = isMembership
            ? ExprSyntax(.membership(left, right), left.range.union(right.range))
            : try binary(symbol!, left, right)
        try checkDepth(node)
        if currentComparison() != nil {
            error("comparison operators do not chain", current.range,
                  hint: "write 'a < b & b < c' to combine two comparisons",
                  notes: [.init("the first comparison is here", at: .init(file: file, range: operatorToken.range))])
            throw Recovery()
        }
        return node
    }

    mutating func parseAdditive() throws -> ExprSyntax {
        var left = try parseMultiplicative()
        while case .symbol(let symbol) = current.kind, symbol == .plus || symbol == .minus {
            advance()
            left = try binary(symbol, left, try parseMultiplicative())
        }
        return left
    }

    mutating func parseMultiplicative() throws -> ExprSyntax {
        var left = try parseUnary()
        while case .symbol(let symbol) = current.kind, symbol == .star || symbol == .slash || symbol == .percent {
            advance()
            left = try binary(symbol, left, try parseUnary())
        }
        return left
    }

    mutating func nested<T>(_ body: (inout ParserState) throws -> T) throws -> T {
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Parser.maximumNestingDepth {
            error("expression is nested too deeply (more than \(Parser.maximumNestingDepth) levels)", current.range,
                  hint: "split it into several 'let's")
            throw Recovery()
        }
        return try body(&self)
    }

    mutating func parseUnary() throws -> ExprSyntax {
        guard case .symbol(let symbol) = current.kind, symbol == .minus || symbol == .bang else {
            return try parsePrimary()
        }
        let start = current.range
        advance()
        return try nested { state in
            let operand = try state.parseUnary()
            let node = ExprSyntax(.prefix(symbol, operand), start.union(operand.range))
            try state.checkDepth(node)
            return node
        }
    }

    mutating func parsePrimary() throws -> ExprSyntax {
        let token = current
        switch token.kind {
        case .integer(let value, let magnitude):
            advance()
            return ExprSyntax(.integer(value, magnitude: magnitude), token.range)
        case .keyword(.true), .keyword(.false):
            advance()
            return ExprSyntax(.boolean(token.kind == .keyword(.true)), token.range)
        case .keyword(.q), .keyword(.k), .keyword(.n):
            advance()
            guard case .keyword(let keyword) = token.kind, let position = Position(rawValue: keyword.rawValue) else {
                throw Recovery()
            }
            return ExprSyntax(.position(position), token.range)
        case .keyword(.causal):
            advance()
            if check(.leftParen) {
                error("'causal' takes no arguments", current.range, hint: "write 'causal', without parentheses")
                throw Recovery()
            }
            return ExprSyntax(.causal, token.range)
        case .keyword(let keyword) where keyword.isReservedForFutureUse:
            error("'\(keyword.rawValue)' is reserved for a later version of the language", token.range)
            throw Recovery()
        case .identifier(let name):
            advance()
            guard check(.leftParen) else { return ExprSyntax(.name(name), token.range) }
            return try parseCall(Identifier(name: name, range: token.range))
        case .symbol(.leftParen):
            advance()
            return try nested { state in
                let inner = try state.parseExpression()
                try state.expect(.rightParen, "')'", opening: token)
                return ExprSyntax(.parenthesized(inner), token.range.union(state.previous.range))
            }
        case .symbol(.leftBracket):
            return try parseList()
        default:
            if position > 0, case .symbol(let symbol) = previous.kind {
                try expected("an expression after '\(symbol.rawValue)'")
            }
            try expected("an expression")
        }
    }

    mutating func parseCall(_ callee: Identifier) throws -> ExprSyntax {
        let open = current
        advance()
        return try nested { state in
            var arguments: [ExprSyntax] = []
            while !state.check(.rightParen) {
                arguments.append(try state.parseExpression())
                if !state.consume(.comma) { break }
            }
            try state.expect(.rightParen, "',' or ')' in the arguments of '\(callee.name)'", opening: open)
            return ExprSyntax(.call(callee, arguments), callee.range.union(state.previous.range))
        }
    }

    mutating func parseList() throws -> ExprSyntax {
        let open = current
        advance()
        return try nested { state in
            var elements: [ListElementSyntax] = []
            while !state.check(.rightBracket) {
                let lower = try state.parseExpression()
                if state.check(.closedRange) || state.check(.halfOpenRange) {
                    let inclusive = state.check(.closedRange)
                    state.advance()
                    let upper = try state.parseExpression()
                    elements.append(.range(lower, upper, inclusive: inclusive, range: lower.range.union(upper.range)))
                } else {
                    elements.append(.single(lower))
                }
                if !state.consume(.comma) { break }
            }
            try state.expect(.rightBracket, "',' or ']' in the list", opening: open)
            return ExprSyntax(.list(elements), open.range.union(state.previous.range))
        }
    }
}
