// Negative strides, dilations and sink counts: the language page defines `strided(s)`,
// `dilated(w, d)` and `sink(s)` by formulas that give them a meaning, and the checker
// normalises them to masks later stages already handle. Each normalised pattern is
// compared, pair by pair, with the page's formula computed directly.

import Testing
@testable import PatternLanguage

/// The page's formula for a built-in with given arguments, at positions (or tiles) q, k.
struct ContractCase: Sendable, CustomTestStringConvertible {
    var call: String
    /// The normalised checked mask the call must become.
    var normalised: MaskExpression
    var keeps: @Sendable (_ q: Int64, _ k: Int64) -> Bool
    var testDescription: String { call }
}

/// `(q - k) % s == 0`: floor and truncating remainders are zero together.
private func divides(_ s: Int64, _ x: Int64) -> Bool { x % s == 0 }

/// `abs(q - k) <= w * d` with the product taken mathematically (it may not fit in Int64).
private func within(_ q: Int64, _ k: Int64, _ w: Int64, _ d: Int64) -> Bool {
    let (product, overflow) = w.multipliedReportingOverflow(by: d)
    if overflow { return (w > 0) == (d > 0) }  // beyond Int64.max, or below Int64.min
    return abs(q - k) <= product
}

private func strided(_ s: Int64) -> @Sendable (Int64, Int64) -> Bool { { q, k in divides(s, q - k) } }
private func dilated(_ w: Int64, _ d: Int64) -> @Sendable (Int64, Int64) -> Bool { { q, k in within(q, k, w, d) && divides(d, q - k) } }
private func sink(_ s: Int64) -> @Sendable (Int64, Int64) -> Bool { { _, k in k < s } }

let contractCases: [ContractCase] = [
    ContractCase(call: "strided(-1)", normalised: .builtin(.strided(stride: 1)), keeps: strided(-1)),
    ContractCase(call: "strided(-2)", normalised: .builtin(.strided(stride: 2)), keeps: strided(-2)),
    ContractCase(call: "strided(-3)", normalised: .builtin(.strided(stride: 3)), keeps: strided(-3)),
    ContractCase(call: "strided(-64)", normalised: .builtin(.strided(stride: 64)), keeps: strided(-64)),
    ContractCase(call: "strided(-9223372036854775807)", normalised: .builtin(.strided(stride: .max)), keeps: strided(-.max)),
    ContractCase(call: "strided(-9223372036854775808)", normalised: .builtin(.strided(stride: .max)), keeps: strided(.min)),
    ContractCase(call: "dilated(0, -1)", normalised: .builtin(.window(before: 0, after: 0)), keeps: dilated(0, -1)),
    ContractCase(call: "dilated(0, -3)", normalised: .builtin(.window(before: 0, after: 0)), keeps: dilated(0, -3)),
    ContractCase(call: "dilated(0, -9223372036854775808)", normalised: .builtin(.window(before: 0, after: 0)), keeps: dilated(0, .min)),
    ContractCase(call: "dilated(1, -1)", normalised: .boolean(false), keeps: dilated(1, -1)),
    ContractCase(call: "dilated(2, -3)", normalised: .boolean(false), keeps: dilated(2, -3)),
    ContractCase(call: "dilated(9223372036854775807, -2)", normalised: .boolean(false), keeps: dilated(.max, -2)),
    ContractCase(call: "dilated(9223372036854775807, -9223372036854775808)", normalised: .boolean(false), keeps: dilated(.max, .min)),
    ContractCase(call: "sink(-1)", normalised: .boolean(false), keeps: sink(-1)),
    ContractCase(call: "sink(0)", normalised: .boolean(false), keeps: sink(0)),
    ContractCase(call: "sink(-9223372036854775808)", normalised: .boolean(false), keeps: sink(.min)),
]

@Suite struct NegativeArgumentTests {
    static let lengths = [1, 5, 63, 65]

    @Test(arguments: contractCases)
    func normalisedMaskIsTheContractsFormula(_ testCase: ContractCase) throws {
        let pattern = try TestSupport.pattern("pattern p {\n block 8\n mask \(testCase.call)\n}")
        #expect(pattern.mask == testCase.normalised)
        TestSupport.expectMask(pattern, lengths: Self.lengths, testCase.call) { q, k, _ in testCase.keeps(Int64(q), Int64(k)) }
    }

    @Test(arguments: contractCases)
    func normalisedMaskIsTheContractsFormulaOnTiles(_ testCase: ContractCase) throws {
        // Inside `blocks(...)`, q and k are tile indices (B = 8), also >= 0.
        let pattern = try TestSupport.pattern("pattern p {\n block 8\n mask blocks(\(testCase.call))\n}")
        TestSupport.expectMask(pattern, lengths: Self.lengths, "blocks(\(testCase.call))") { q, k, _ in
            testCase.keeps(Int64(q / 8), Int64(k / 8))
        }
    }

    @Test func negativeArgumentsFromParametersAndOverridesNormaliseToo() throws {
        let declaration = try TestSupport.library("pattern p(s = -4, d = -2) { mask strided(s) | dilated(0, d) }").declaration(named: "p")
        #expect(declaration.checked.mask == .or(.builtin(.strided(stride: 4)), .builtin(.window(before: 0, after: 0))))
        let bound = try declaration.bind(["s": .integer(-6), "d": .integer(-1)])
        #expect(bound.mask == .or(.builtin(.strided(stride: 6)), .builtin(.window(before: 0, after: 0))))
    }

    @Test(arguments: [
        ("pattern p { mask strided(0) }", "error: 'strided' needs a non-zero stride, but 's' is 0"),
        ("pattern p { mask dilated(2, 0) }", "error: 'dilated' needs a non-zero dilation, but 'd' is 0"),
        ("pattern p { mask dilated(-1, -2) }", "error: 'dilated' needs a width of at least 0, but 'w' is -1"),
        ("pattern p { mask local(-1) }", "error: 'local' needs a width of at least 0, but 'w' is -1"),
        ("pattern p { mask window(0, -1) }", "error: 'window' needs a width of at least 0, but 'after' is -1"),
        ("pattern p { mask random(-1, 7) }", "error: 'random' needs a count of at least 0, but 'r' is -1"),
    ])
    func zeroStridesNegativeWidthsAndNegativeDrawsStayErrors(source: String, message: String) {
        let library = TestSupport.library(source)
        #expect(library.diagnostics.map { "\($0.severity.rawValue): \($0.message)" } == [message])
        #expect(library.diagnostics.first?.hint?.isEmpty == false)
    }
}
