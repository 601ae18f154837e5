// Parser+Expressions: the expression grammar, one function per precedence level — union,
// intersection, comparison and membership, additive, multiplicative, unary, primary
// (literals, names, calls, parentheses, lists) — with a nesting limit.

extension ParserState {
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
            error("'\(keyword.rawValue)' is reserved for a later version of the language", token.range,
                  hint: "choose another name; 'score', 'heads', 'h' and 'input' are kept for later versions")
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
