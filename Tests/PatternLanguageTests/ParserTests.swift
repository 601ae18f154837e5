// Tests of the parser: precedence and associativity (seen through the checked form),
// structure, recovery, and limits.

import Testing
@testable import PatternLanguage

@Suite struct ParserTests {
    /// The mask of a one-pattern source as the checker prints it back.
    func printed(_ mask: String) throws -> String {
        try TestSupport.pattern("pattern p { mask \(mask) }").mask.description
    }

    @Test(arguments: [
        ("q - k - 1 > 0", "q - k - 1 > 0"),
        ("q - (k - 1) > 0", "q - (k - 1) > 0"),
        ("q / 2 * 3 == k", "q / 2 * 3 == k"),
        ("q + k * 2 == 3", "q + k * 2 == 3"),
        ("(q + k) * 2 == 3", "(q + k) * 2 == 3"),
        ("causal | k == 0 & q == 0", "causal | k == 0 & q == 0"),
        ("(causal | k == 0) & q == 0", "(causal | k == 0) & q == 0"),
        ("!causal & k < 4", "!causal & k < 4"),
        ("-q + k >= 0", "-q + k >= 0"),
        ("k in [0, -1, 2...4, 5..<n]", "k in [0, -1, 2...4, 5..<n]"),
        ("q % 4 == k % 4", "q % 4 == k % 4"),
    ])
    func precedence(source: String, expected: String) throws {
        #expect(try printed(source) == expected)
    }

    @Test func newlinesAreNotSignificant() throws {
        let pattern = try TestSupport.pattern("pattern p(\n w = 2,\n) {\n mask\n  local(w)\n  |\n  causal\n}")
        #expect(pattern.mask.description == "window(2, 2) | causal")
    }

    @Test func parametersAndStatementsInOrder() throws {
        let (syntax, diagnostics) = Parser.parse(SourceFile(path: "t", text: "pattern p(a = 1, b = [2]) { let x = a\n block 8\n mask k in b | q == x }"))
        #expect(diagnostics.isEmpty)
        let pattern = try #require(syntax.patterns.first)
        #expect(pattern.parameters.map(\.name.name) == ["a", "b"])
        #expect(pattern.statements.count == 3)
    }

    @Test func severalPatternsInOneFile() {
        let (syntax, diagnostics) = Parser.parse(SourceFile(path: "t", text: "pattern a { mask causal }\npattern b { mask true }\npattern c {}"))
        #expect(diagnostics.isEmpty)
        #expect(syntax.patterns.map(\.name.name) == ["a", "b", "c"])
    }

    @Test func recoversAfterAnErrorAndReportsTheNext() {
        let messages = TestSupport.messages("pattern a { mask q < }\npattern b { mask locl(1) }")
        #expect(messages == ["error: expected an expression after '<', found '}'", "error: unknown function 'locl'; did you mean 'local'?"])
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "(", count: 10_000) + "causal" + String(repeating: ")", count: 10_000)
        #expect(TestSupport.messages("pattern p { mask \(deep) }").first == "error: expression is nested too deeply (more than 256 levels)")
        let chain = (0..<1_000).map { "k == \($0)" }.joined(separator: " | ")
        #expect(TestSupport.messages("pattern p { mask \(chain) }").first == "error: expression is nested too deeply (more than 256 levels)")
        let negations = String(repeating: "!", count: 100_000) + "causal"
        #expect(TestSupport.messages("pattern p { mask \(negations) }").first == "error: expression is nested too deeply (more than 256 levels)")
    }

    @Test func errorCountIsBounded() {
        let source = String(repeating: "pattern { ", count: 500)
        let diagnostics = TestSupport.library(source).diagnostics
        #expect(diagnostics.count <= Parser.maximumErrorsPerFile + 1)
        #expect(diagnostics.last?.message == "too many errors; giving up on this file")
    }

    @Test func overrideValuesParseAsExpressions() throws {
        #expect(try ParameterOverride.parse("window=65_536").value == .integer(65536))
        #expect(try ParameterOverride.parse("globals=[0, -1, 4...7]").value == .list([.element(0), .element(-1), .range(4, 7, inclusive: true)]))
        #expect(try ParameterOverride.parse("x=-9223372036854775808").value == .integer(.min))
        #expect(try ParameterOverride.parse("x=2*3").value == .integer(6))
    }
}
