// Token: the lexical units of the pattern language.

/// One lexical unit of a pattern file, with its source range.
public struct Token: Sendable, Hashable {
    /// What kind of token this is.
    public enum Kind: Sendable, Hashable {
        /// An identifier that is not a reserved word.
        case identifier(String)
        /// A reserved word of the language (see ``Token/reservedWords``).
        case keyword(Keyword)
        /// A decimal integer literal; `nil` when it does not fit in `Int64` (it is then
        /// reported, unless it is the operand of a unary minus and equals 2⁶³).
        case integer(Int64?, magnitude: String)
        /// Punctuation or an operator.
        case symbol(Symbol)
        /// The end of the file.
        case endOfFile
    }

    /// The token's kind.
    public var kind: Kind
    /// Where it is.
    public var range: SourceRange
    /// The `#` comment lines directly above this token, in order, without the `#` and one
    /// following space. The parser reads them as documentation on `pattern` keywords.
    public var leadingComment: [String]

    /// Makes a token.
    public init(_ kind: Kind, _ range: SourceRange, leadingComment: [String] = []) {
        self.kind = kind
        self.range = range
        self.leadingComment = leadingComment
    }

    /// The words a pattern file may not use as names. `score`, `heads`, `h` and `input`
    /// are reserved for later versions of the language.
    public static let reservedWords: Set<String> = Set(Keyword.allCases.map(\.rawValue))
}

/// The reserved words.
public enum Keyword: String, Sendable, Hashable, CaseIterable {
    case pattern, `let`, block, mask, `in`, `true`, `false`, causal, q, k, n
    case score, heads, h, input

    /// Whether the word is only reserved, for a later version, with no meaning yet.
    public var isReservedForFutureUse: Bool {
        switch self {
        case .score, .heads, .h, .input: return true
        default: return false
        }
    }
}

/// Punctuation and operators.
public enum Symbol: String, Sendable, Hashable, CaseIterable {
    case leftParen = "(", rightParen = ")", leftBrace = "{", rightBrace = "}"
    case leftBracket = "[", rightBracket = "]", comma = ",", assign = "="
    case plus = "+", minus = "-", star = "*", slash = "/", percent = "%"
    case bar = "|", ampersand = "&", bang = "!"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case closedRange = "...", halfOpenRange = "..<"
}

extension Token.Kind: CustomStringConvertible {
    /// The token as a diagnostic names it: `'('`, `identifier 'foo'`, `end of file`.
    public var description: String {
        switch self {
        case .identifier(let name): return "identifier '\(name)'"
        case .keyword(let keyword): return "'\(keyword.rawValue)'"
        case .integer(_, let magnitude): return "integer '\(magnitude)'"
        case .symbol(let symbol): return "'\(symbol.rawValue)'"
        case .endOfFile: return "end of file"
        }
    }
}
