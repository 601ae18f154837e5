// Tests of the lexer: tokens, literals, comments as documentation, and its diagnostics.

import Testing
@testable import PatternLanguage

@Suite struct LexerTests {
    func kinds(_ text: String) -> [Token.Kind] {
        Lexer.tokenize(SourceFile(path: "t", text: text)).tokens.map(\.kind)
    }

    @Test func operatorsAndPunctuation() {
        #expect(kinds("( ) { } [ ] , = + - * / % | & ! == != < <= > >= ... ..<") ==
            [.leftParen, .rightParen, .leftBrace, .rightBrace, .leftBracket, .rightBracket, .comma, .assign,
             .plus, .minus, .star, .slash, .percent, .bar, .ampersand, .bang, .equal, .notEqual, .less,
             .lessEqual, .greater, .greaterEqual, .closedRange, .halfOpenRange].map { .symbol($0) } + [.endOfFile])
    }

    @Test func keywordsAndIdentifiers() {
        #expect(kinds("pattern let block mask in true false causal q k n score heads h input qq _k K9") ==
            [.keyword(.pattern), .keyword(.let), .keyword(.block), .keyword(.mask), .keyword(.in), .keyword(.true),
             .keyword(.false), .keyword(.causal), .keyword(.q), .keyword(.k), .keyword(.n), .keyword(.score),
             .keyword(.heads), .keyword(.h), .keyword(.input), .identifier("qq"), .identifier("_k"), .identifier("K9"), .endOfFile])
    }

    @Test func integersWithSeparators() {
        #expect(kinds("65_536 0 007 9223372036854775807") ==
            [.integer(65536, magnitude: "65536"), .integer(0, magnitude: "0"), .integer(7, magnitude: "7"),
             .integer(.max, magnitude: "9223372036854775807"), .endOfFile])
        #expect(kinds("9223372036854775808") == [.integer(nil, magnitude: "9223372036854775808"), .endOfFile])
    }

    @Test func rangesNextToIntegers() {
        #expect(kinds("0...3 1..<n") == [.integer(0, magnitude: "0"), .symbol(.closedRange), .integer(3, magnitude: "3"),
                                        .integer(1, magnitude: "1"), .symbol(.halfOpenRange), .keyword(.n), .endOfFile])
    }

    @Test func commentsDirectlyAbovePatternAreDocumentation() {
        let text = "# file header\n\n# First line.\n#Second line.\npattern p { mask q # trailing\n}"
        let tokens = Lexer.tokenize(SourceFile(path: "t", text: text)).tokens
        #expect(tokens[0].leadingComment == ["First line.", "Second line."])
        #expect(tokens.dropFirst().allSatisfy { $0.leadingComment.isEmpty })
    }

    @Test func blankLineCutsDocumentationOff() {
        let tokens = Lexer.tokenize(SourceFile(path: "t", text: "# not documentation\n\npattern p {}")).tokens
        #expect(tokens[0].leadingComment.isEmpty)
    }

    @Test func crlfLineEndings() {
        let file = SourceFile(path: "t", text: "# Doc.\r\npattern p {\r\n  mask causal\r\n}\r\n")
        let (tokens, diagnostics) = Lexer.tokenize(file)
        #expect(diagnostics.isEmpty)
        #expect(tokens[0].leadingComment == ["Doc."])
        #expect(file.lineText(2) == "pattern p {")
    }

    @Test(arguments: [
        ("a && b", "'&&' is not an operator of the language"),
        ("a || b", "'||' is not an operator of the language"),
        ("1.5", "floating-point literals are not part of the language"),
        ("1__0", "'_' in an integer literal must stand between two digits"),
        ("10_", "'_' in an integer literal must stand between two digits"),
        ("3abc", "an identifier cannot start with a digit"),
        ("a ; b", "unexpected character ';'"),
        ("a .. b", "'..' is not a range operator"),
        ("λ", "unexpected character U+03BB"),
        ("ä", "unexpected character U+00E4"),
        ("\u{7}", "unexpected character U+0007"),
        ("😀", "unexpected character U+1F600"),
    ])
    func lexicalErrors(text: String, message: String) {
        let diagnostics = Lexer.tokenize(SourceFile(path: "t", text: text)).diagnostics
        #expect(diagnostics.map(\.message) == [message])
    }

    @Test func columnsCountScalarsNotBytes() {
        let file = SourceFile(path: "t", text: "# é\nmask λ q")
        #expect(file.lineAndColumn(of: 0) == (1, 1))
        let offset = Array(file.bytes).firstIndex(of: UInt8(ascii: "q"))!
        #expect(file.lineAndColumn(of: offset) == (2, 8))
    }
}
