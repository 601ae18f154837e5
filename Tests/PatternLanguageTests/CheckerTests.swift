// Tests of the checker: what a checked pattern holds — folded constants, bindings,
// parameters, block size, type names — and the rules it enforces.

import Testing
@testable import PatternLanguage

@Suite struct CheckerTests {
    @Test func constantsFoldAndLetsSubstitute() throws {
        let pattern = try TestSupport.pattern("""
            pattern p(w = 10) {
                let half = w / 2 + 1
                let near = q - k <= half
                mask near & causal
            }
            """)
        #expect(pattern.bindings == [Binding(name: "near", type: .boolean, value: .comparison(.lessOrEqual, .arithmetic(.subtract, .position(.q), .position(.k)), .integer(6)))])
        #expect(pattern.mask == .and(.binding(0), .builtin(.causal)))
    }

    @Test func localLowersToWindowAndBuiltinsKeepTheirArguments() throws {
        let pattern = try TestSupport.pattern("pattern p { mask local(3) | dilated(2, 4) | strided(5) | sink(4) | random(3, 7) | global([0, -1]) }")
        #expect(pattern.mask.description == "window(3, 3) | dilated(2, 4) | strided(5) | sink(4) | random(3, 7) | global([0, -1])")
    }

    @Test func booleanIdentitiesFold() throws {
        #expect(try TestSupport.pattern("pattern p { mask causal & true }").mask == .builtin(.causal))
        #expect(try TestSupport.pattern("pattern p { mask causal | true }").mask == .boolean(true))
        #expect(try TestSupport.pattern("pattern p { mask !(1 < 2) | causal }").mask == .builtin(.causal))
        #expect(try TestSupport.pattern("pattern p { mask 3 in [1...4] }").mask == .boolean(true))
        // Negative entries count from the end, so membership cannot fold before N is known.
        #expect(try TestSupport.pattern("pattern p { mask 3 in [-1] }").mask == .membership(.integer(3), [.single(.integer(-1))]))
    }

    @Test func triviallyEmptyMasksFoldToFalse() throws {
        for mask in ["sink(0)", "sink(-1)", "random(0, 7)", "global([])", "q in []", "k + n in []", "dilated(3, -2)",
                     "blocks(global([]))", "sink(0) | random(0, 1) | global([])", "causal & k in []"] {
            #expect(try TestSupport.pattern("pattern p { mask \(mask) }").mask == .boolean(false), "\(mask)")
        }
        // The folded constants propagate through the operators like `false` itself.
        #expect(try TestSupport.pattern("pattern p { mask sink(0) | local(2) }").mask == .builtin(.window(before: 2, after: 2)))
        #expect(try TestSupport.pattern("pattern p { mask !global([]) & causal }").mask == .builtin(.causal))
        #expect(try TestSupport.pattern("pattern p { let none = random(0, 3)\n mask causal | none }").mask == .builtin(.causal))
        #expect(TestSupport.messages("pattern p { mask sink(0) | local(2) }").isEmpty)
        #expect(TestSupport.messages("pattern p { mask sink(0) | random(0, 1) | global([]) }") == ["warning: the mask is always false: this pattern keeps no pair"])
        // Non-empty lists and positive counts stay as written.
        #expect(try TestSupport.pattern("pattern p { mask sink(1) | random(1, 0) | global([0..<0]) }").mask.description == "sink(1) | random(1, 0) | global([0..<0])")
    }

    @Test func floorDivisionAndModuloFold() throws {
        #expect(try TestSupport.pattern("pattern p { mask q == (-3) / 2 }").mask == .comparison(.equal, .position(.q), .integer(-2)))
        #expect(try TestSupport.pattern("pattern p { mask q == (-3) % 2 }").mask == .comparison(.equal, .position(.q), .integer(1)))
        #expect(try TestSupport.pattern("pattern p { mask q == 3 % -2 }").mask == .comparison(.equal, .position(.q), .integer(-1)))
        #expect(try TestSupport.pattern("pattern p { mask q == -9223372036854775808 }").mask == .comparison(.equal, .position(.q), .integer(.min)))
    }

    @Test(arguments: [
        ("pattern p { mask q == 9223372036854775807 + 1 }", "error: arithmetic overflow: 9223372036854775807 + 1 does not fit in 64 bits"),
        ("pattern p { mask q == -9223372036854775807 - 2 }", "error: arithmetic overflow: -9223372036854775807 - 2 does not fit in 64 bits"),
        ("pattern p { mask q == 4611686018427387904 * 2 }", "error: arithmetic overflow: 4611686018427387904 * 2 does not fit in 64 bits"),
        ("pattern p { mask q == -9223372036854775808 / -1 }", "error: arithmetic overflow: -9223372036854775808 / -1 does not fit in 64 bits"),
        ("pattern p { mask q == abs(-9223372036854775808) }", "error: arithmetic overflow: abs(-9223372036854775808) does not fit in 64 bits"),
        ("pattern p { mask q == -(-9223372036854775808) }", "error: arithmetic overflow: -(-9223372036854775808) does not fit in 64 bits"),
    ])
    func constantOverflowIsAnError(source: String, message: String) {
        #expect(TestSupport.messages(source) == [message])
        #expect(TestSupport.library(source).diagnostics.map(\.hint) == ["constants must stay within Int64, -9223372036854775808 to 9223372036854775807"])
    }

    @Test func dynamicArithmeticWrapsInsteadOfFailing() throws {
        #expect(TestSupport.messages("pattern p { mask q + 9223372036854775807 > k }").isEmpty)
    }

    @Test func divisionByAValueThatIsZeroOnlySometimesIsFine() {
        #expect(TestSupport.messages("pattern p { mask k / (q - k) == 1 | q % k == 0 }").isEmpty)
    }

    @Test func blockSizeRules() throws {
        #expect(try TestSupport.pattern("pattern p { mask causal }").blockSize == 64)
        #expect(try TestSupport.pattern("pattern p(b = 128) { block b\n mask causal }").blockSize == 128)
        for size in [8, 16, 24, 512] {
            #expect(try TestSupport.pattern("pattern p { block \(size)\n mask causal }").blockSize == size)
        }
        for size in [0, 4, 12, 520, -64] {
            #expect(TestSupport.messages("pattern p { block \(size)\n mask causal }") == ["error: block size \(size) is not supported"])
        }
        #expect(TestSupport.messages("pattern p { block q\n mask causal }") == ["error: the block size must be a constant"])
    }

    @Test func parametersMayShareABuiltinsName() throws {
        let pattern = try TestSupport.pattern("pattern p(window = 8, global = [0]) { mask window(window, 0) | global(global) }")
        #expect(pattern.mask.description == "window(8, 0) | global([0])")
    }

    @Test func typeNamesAreUpperCamelCase() {
        #expect(Suggestions.typeName(forPattern: "bigbird_itc") == "BigbirdItc")
        #expect(Suggestions.typeName(forPattern: "myPattern") == "MyPattern")
        #expect(Suggestions.typeName(forPattern: "_x__y_") == "XY")
        #expect(Suggestions.typeName(forPattern: "longformer_dilated") == "LongformerDilated")
    }

    @Test func typeNamesMustBeDeclarable() {
        #expect(TestSupport.messages("pattern _1x { mask causal }") == ["error: pattern name '_1x' gives the Swift type name '1x', which Swift cannot declare"])
        #expect(TestSupport.messages("pattern self { mask causal }") == ["error: pattern name 'self' gives the Swift type name 'Self', which Swift cannot declare"])
    }

    @Test func typeNamesMustNotHideWhatGeneratedCodeUses() {
        #expect(TestSupport.messages("pattern swift { mask causal }")
            == ["error: pattern name 'swift' gives the Swift type name 'Swift', which would hide the module 'Swift' that generated kernels use"])
        #expect(TestSupport.messages("pattern block_sparse_planner { mask causal }")
            == ["error: pattern name 'block_sparse_planner' gives the Swift type name 'BlockSparsePlanner', which would hide the module 'BlockSparsePlanner' that generated kernels use"])
        #expect(TestSupport.messages("pattern compiled_patterns { mask causal }")
            == ["error: pattern name 'compiled_patterns' gives the Swift type name 'CompiledPatterns', which would hide the registry 'CompiledPatterns' that generated kernels use"])
    }

    @Test func typeNamesMustNotHideWhatImportingCodeUses() {
        // A type of the pattern's module would shadow the standard library's in every file
        // that imports the module, and make another module's type of that name ambiguous.
        #expect(TestSupport.messages("pattern int { mask causal }")
            == ["error: pattern name 'int' gives the Swift type name 'Int', which would hide Swift's 'Int'"])
        #expect(TestSupport.messages("pattern data { mask causal }")
            == ["error: pattern name 'data' gives the Swift type name 'Data', which would hide Foundation's 'Data'"])
        #expect(TestSupport.messages("pattern attention_tensor { mask causal }")
            == ["error: pattern name 'attention_tensor' gives the Swift type name 'AttentionTensor', which would hide AttentionKernels' 'AttentionTensor'"])
        // The planner's and the language's types are named with their module in generated
        // code (the `library_names.attn` fixture compiles them).
        #expect(TestSupport.messages("pattern box { mask causal }") == [])
    }

    @Test func typeNamesMustNotBeTheirModulesName() {
        let source = SourceFile(path: "p.attn", text: "pattern my_attention { mask causal }\npattern other { mask causal }")
        let library = PatternLibrary.check([source], moduleName: "MyAttention")
        #expect(library.diagnostics.map(\.message)
            == ["pattern name 'my_attention' gives the Swift type name 'MyAttention', which would hide its own module 'MyAttention'"])
        #expect(library.declarations.map(\.name) == ["other"])
        #expect(!PatternLibrary.check([source]).hasErrors)
    }

    @Test func namesAreUniqueAcrossFiles() {
        let library = PatternLibrary.check([
            SourceFile(path: "a.attn", text: "pattern shared { mask causal }\npattern big_bird { mask causal }"),
            SourceFile(path: "b.attn", text: "pattern shared { mask true }\npattern BigBird { mask true }"),
        ])
        #expect(library.diagnostics.map(\.message) == [
            "pattern 'shared' is declared more than once",
            "patterns 'big_bird' and 'BigBird' both become the Swift type 'BigBird'",
        ])
        #expect(library.diagnostics.first?.notes.first?.location?.file.path == "a.attn")
    }

    @Test func warningsDoNotStopAnything() throws {
        let library = TestSupport.library("pattern p(w = 8, extra = 1) {\n let unused = q\n mask causal & false\n}")
        #expect(!library.hasErrors)
        #expect(Set(library.diagnostics.map(\.message)) == [
            "parameter 'w' is never used", "parameter 'extra' is never used", "'unused' is never used",
            "the mask is always false: this pattern keeps no pair",
        ])
        #expect(library.diagnostics.allSatisfy { $0.severity == .warning })
        #expect(library.declarations.count == 1)
    }

    @Test(arguments: [
        "pattern a(w = 4) {\n    mask causal & window(w, 0\n}\n",
        "pattern a(w = 4) {\n    mask causal & window(w 0)\n}\n",
        "pattern a(w = 4) {\n    let x = w +\n    mask local(x)\n}\n",
    ])
    func aSyntaxErrorGivesNoWarnings(source: String) throws {
        // The parser skipped text after the error, where `w` was used: only the error is reported.
        let library = TestSupport.library(source)
        #expect(library.hasErrors)
        #expect(library.diagnostics.allSatisfy { $0.severity == .error }, "\(library.diagnostics.map(\.message))")
    }

    @Test func readableMaskTextNamesTheLets() throws {
        let pattern = try TestSupport.pattern("pattern p(w = 8) {\n let d = q - k\n let near = abs(d) <= w\n let hubs = [0, d + 1]\n mask near | k in hubs\n}")
        #expect(pattern.readableMaskText == "let d = q - k; let near = abs(d) <= 8; near | k in [0, d + 1]")
        #expect(pattern.maskText == "let $0 = q - k; let $1 = abs($0) <= 8; $1 | k in [0, $0 + 1]")
        #expect(try TestSupport.pattern("pattern p { mask causal }").readableMaskText == "causal")
    }

    @Test(arguments: ["", "# only a comment\n", "\n\n"])
    func aFileWithoutPatternsGetsAWarning(source: String) {
        let library = TestSupport.library(source)
        #expect(library.diagnostics.map(\.message) == ["the file declares no pattern"])
        #expect(library.diagnostics.first?.severity == .warning)
        #expect(!library.hasErrors)
    }

    @Test func documentationIsKept() throws {
        let pattern = try TestSupport.pattern("# Keeps the past.\n# Two lines.\npattern p { mask causal }")
        #expect(pattern.documentation == ["Keeps the past.", "Two lines."])
    }

    @Test func listLetsAreSubstitutedAtTheirUses() throws {
        let pattern = try TestSupport.pattern("pattern p { let g = [0, q + 1]\n mask k in g }")
        #expect(pattern.mask == .membership(.position(.k), [.single(.integer(0)), .single(.arithmetic(.add, .position(.q), .integer(1)))]))
        #expect(pattern.bindings.isEmpty)
    }

    @Test func constantListLetsAreAllowedInsideBlocks() throws {
        let pattern = try TestSupport.pattern("pattern p { let ends = [0, -1]\n mask blocks(global(ends) | q == k) }")
        #expect(pattern.mask.description == "blocks(global([0, -1]) | q == k)")
    }
}
