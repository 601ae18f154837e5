// Lexer: pattern source bytes → tokens. Comments are attached to the next token so the
// parser can read documentation; a bad character becomes a diagnostic, not a stop.

/// Splits a ``SourceFile`` into ``Token``s.
///
/// The lexer never stops at an error: an unexpected character is reported and skipped,
/// so the parser can still report the mistakes after it. Common habits from other
/// languages (`&&`, `||`, `..`, floating-point literals) get a diagnostic that names the
/// operator of this language.
///
/// ```swift
/// let (tokens, diagnostics) = Lexer.tokenize(SourceFile(path: "p.attn", text: "mask q <= k"))
/// ```
public enum Lexer {
    /// Tokenizes a whole file; the last token is always `.endOfFile`.
    public static func tokenize(_ file: SourceFile) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var scanner = Scanner(file: file)
        scanner.run()
        return (scanner.tokens, scanner.diagnostics)
    }
}

private struct Scanner {
    let file: SourceFile
    let bytes: [UInt8]
    var offset = 0
    var tokens: [Token] = []
    var diagnostics: [Diagnostic] = []
    /// Comment lines seen since the last token or blank line.
    var pendingComment: [String] = []

    init(file: SourceFile) {
        self.file = file
        self.bytes = file.bytes
    }

    mutating func run() {
        while true {
            skipTriviaCollectingComments()
            guard offset < bytes.count else { break }
            lexToken()
        }
        tokens.append(Token(.endOfFile, SourceRange(start: bytes.count, end: bytes.count)))
    }

    func peek(_ ahead: Int = 0) -> UInt8? {
        offset + ahead < bytes.count ? bytes[offset + ahead] : nil
    }

    mutating func skipTriviaCollectingComments() {
        var newlinesSinceContent = 0
        while let byte = peek() {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                offset += 1
            case UInt8(ascii: "\n"):
                offset += 1
                newlinesSinceContent += 1
                // A blank line cuts the documentation off from what follows.
                if newlinesSinceContent >= 2 { pendingComment = [] }
            case UInt8(ascii: "#"):
                let start = offset + 1
                while let next = peek(), next != UInt8(ascii: "\n") { offset += 1 }
                var text = String(decoding: bytes[start..<offset], as: UTF8.self)
                if text.hasSuffix("\r") { text.removeLast() }
                if text.hasPrefix(" ") { text.removeFirst() }
                // A comment after code on the same line is not documentation.
                let startsLine = isFirstOnLine(start - 1)
                pendingComment = startsLine ? pendingComment + [text] : []
                newlinesSinceContent = 0
            default:
                return
            }
        }
    }

    func isFirstOnLine(_ position: Int) -> Bool {
        var index = position - 1
        while index >= 0, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index -= 1 }
        return index < 0 || bytes[index] == UInt8(ascii: "\n")
    }

    mutating func emit(_ kind: Token.Kind, from start: Int) {
        tokens.append(Token(kind, SourceRange(start: start, end: offset), leadingComment: pendingComment))
        pendingComment = []
    }

    mutating func error(_ message: String, _ range: SourceRange, hint: String? = nil) {
        diagnostics.append(Diagnostic(.error, message, at: range, in: file, hint: hint))
    }

    mutating func lexToken() {
        let start = offset
        let byte = bytes[offset]
        if isIdentifierStart(byte) {
            while let next = peek(), isIdentifierStart(next) || isDigit(next) { offset += 1 }
            let word = String(decoding: bytes[start..<offset], as: UTF8.self)
            emit(Keyword(rawValue: word).map { .keyword($0) } ?? .identifier(word), from: start)
        } else if isDigit(byte) {
            lexInteger(from: start)
        } else if let symbol = lexSymbol() {
            emit(.symbol(symbol), from: start)
        } else {
            lexUnexpectedCharacter(from: start)
        }
    }

    mutating func lexInteger(from start: Int) {
        var digits = ""
        var badUnderscore = false
        while let next = peek(), isDigit(next) || next == UInt8(ascii: "_") {
            if next == UInt8(ascii: "_") {
                // `_` is allowed only between digits.
                if !(peek(1).map(isDigit) ?? false) { badUnderscore = true }
            } else {
                digits.append(Character(Unicode.Scalar(next)))
            }
            offset += 1
        }
        if badUnderscore {
            error("'_' in an integer literal must stand between two digits",
                  SourceRange(start: start, end: offset), hint: "write '65_536', not '65536_' or '65__536'")
        }
        if let next = peek(), next == UInt8(ascii: "."), let after = peek(1), isDigit(after) {
            while let more = peek(), isDigit(more) || more == UInt8(ascii: ".") { offset += 1 }
            error("floating-point literals are not part of the language",
                  SourceRange(start: start, end: offset), hint: "all values are 64-bit integers; scale them to integers")
        } else if let next = peek(), isIdentifierStart(next) {
            while let more = peek(), isIdentifierStart(more) || isDigit(more) { offset += 1 }
            error("an identifier cannot start with a digit", SourceRange(start: start, end: offset),
                  hint: "start a name with a letter or '_', or write an operator between a number and a name, as in '2 * w'")
        }
        let trimmed = String(digits.drop(while: { $0 == "0" }))
        emit(.integer(Int64(digits), magnitude: trimmed.isEmpty ? "0" : trimmed), from: start)
    }

    mutating func lexSymbol() -> Symbol? {
        let byte = bytes[offset]
        let next = peek(1)
        func take(_ count: Int, _ symbol: Symbol) -> Symbol {
            offset += count
            return symbol
        }
        switch UnicodeScalar(byte) {
        case "(": return take(1, .leftParen)
        case ")": return take(1, .rightParen)
        case "{": return take(1, .leftBrace)
        case "}": return take(1, .rightBrace)
        case "[": return take(1, .leftBracket)
        case "]": return take(1, .rightBracket)
        case ",": return take(1, .comma)
        case "+": return take(1, .plus)
        case "-": return take(1, .minus)
        case "*": return take(1, .star)
        case "/": return take(1, .slash)
        case "%": return take(1, .percent)
        case "=": return next == UInt8(ascii: "=") ? take(2, .equal) : take(1, .assign)
        case "!": return next == UInt8(ascii: "=") ? take(2, .notEqual) : take(1, .bang)
        case "<": return next == UInt8(ascii: "=") ? take(2, .lessEqual) : take(1, .less)
        case ">": return next == UInt8(ascii: "=") ? take(2, .greaterEqual) : take(1, .greater)
        case "|":
            if next == UInt8(ascii: "|") {
                error("'||' is not an operator of the language", SourceRange(start: offset, end: offset + 2),
                      hint: "use '|' for the union of two masks")
                return take(2, .bar)
            }
            return take(1, .bar)
        case "&":
            if next == UInt8(ascii: "&") {
                error("'&&' is not an operator of the language", SourceRange(start: offset, end: offset + 2),
                      hint: "use '&' for the intersection of two masks")
                return take(2, .ampersand)
            }
            return take(1, .ampersand)
        case ".":
            if next == UInt8(ascii: "."), peek(2) == UInt8(ascii: ".") { return take(3, .closedRange) }
            if next == UInt8(ascii: "."), peek(2) == UInt8(ascii: "<") { return take(3, .halfOpenRange) }
            if next == UInt8(ascii: ".") {
                error("'..' is not a range operator", SourceRange(start: offset, end: offset + 2),
                      hint: "use 'a...b' for an inclusive range or 'a..<b' for a half-open one")
                return take(2, .closedRange)
            }
            return nil
        default:
            return nil
        }
    }

    mutating func lexUnexpectedCharacter(from start: Int) {
        // Skip one whole UTF-8 scalar (or one invalid byte).
        let lead = bytes[offset]
        let width = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        offset = min(bytes.count, offset + width)
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        var hint: String?
        switch text {
        case ";": hint = "statements need no separator; a statement ends where its expression ends"
        case "^": hint = "there is no xor; combine masks with '|', '&' and '!'"
        case "'", "\"": hint = "the language has no strings"
        case "~": hint = "use '!' to negate a mask"
        case ".": hint = "use 'a...b' or 'a..<b' for a range"
        default:
            hint = "patterns are written with letters, digits, '_', '#' comments, the operators + - * / % == != < <= > >= ! & |, "
                + "'=', ',', brackets ( ) [ ] { } and the ranges '...' and '..<'"
        }
        let shown = text.unicodeScalars.first.map { $0.isASCII && $0.value >= 0x20 ? "'\(text)'" : Self.codePoint($0) } ?? "?"
        error("unexpected character \(shown)", SourceRange(start: start, end: offset), hint: hint)
        pendingComment = []
    }

    /// A code point as Unicode writes it: `U+` and at least four uppercase hex digits
    /// (`U+00E4`, `U+03BB`, `U+1F600`).
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
