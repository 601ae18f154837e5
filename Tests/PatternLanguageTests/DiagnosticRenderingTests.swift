// Tests of how diagnostics print: location, source line, caret and tildes, hint, notes.

import Testing
@testable import PatternLanguage

@Suite struct DiagnosticRenderingTests {
    @Test func unknownFunctionRendersWithCaretUnderTheName() {
        let library = TestSupport.library("pattern p(w = 4) {\n    mask locl(w)\n}")
        #expect(library.diagnostics.map { $0.rendered() } == ["""
            test.attn:2:10: error: unknown function 'locl'; did you mean 'local'?
                mask locl(w)
                     ^~~~
            """])
    }

    @Test func hintAndNotesFollowTheCaret() {
        let library = TestSupport.library("pattern p {\n  mask causal\n  mask true\n}")
        #expect(library.diagnostics.first?.rendered() == """
            test.attn:3:3: error: a pattern has exactly one 'mask' statement
              mask true
              ^~~~~~~~~
            hint: combine masks with '|' (union) and '&' (intersection)
            test.attn:2:3: note: the first is here
              mask causal
              ^~~~~~~~~~~
            """)
    }

    @Test func printingADiagnosticOrTheErrorShowsTheRenderedText() throws {
        let declaration = try TestSupport.library("pattern p(w = 4) {\n    mask local(w)\n}").declaration(named: "p")
        do throws(DiagnosticsError) {
            _ = try declaration.bind(overrides: ["wnd=3", "w=-1"])
            Issue.record("binding an unknown parameter succeeded")
        } catch {
            #expect(error.diagnostics.count == 1)
            #expect("\(error)" == error.diagnostics.map { $0.rendered() }.joined(separator: "\n"))
            #expect(String(describing: error.diagnostics[0]) == "error: unknown parameter 'wnd' for pattern 'p'\nhint: the parameters of 'p' are: w = 4")
        }
    }

    @Test func tabsAreKeptSoTheCaretLinesUp() {
        let rendered = TestSupport.library("pattern p {\n\tmask locl(1)\n}").diagnostics.first?.rendered() ?? ""
        #expect(rendered.split(separator: "\n")[2] == "\t     ^~~~")
    }

    @Test func caretAfterNonASCIIText() {
        let diagnostics = TestSupport.library("pattern p {\n  mask causal | windöw\n}").diagnostics
        let rendered = diagnostics.first { $0.message.hasPrefix("unexpected character") }?.rendered() ?? ""
        let lines = rendered.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("test.attn:2:21: error: unexpected character"))
        #expect(lines[2] == String(repeating: " ", count: 20) + "^")
    }

    @Test func endOfFileErrorsPointPastTheLastLine() {
        let rendered = TestSupport.library("pattern p {\n  mask causal").diagnostics.first?.rendered() ?? ""
        #expect(rendered.hasPrefix("test.attn:2:14: error: expected '}' to end pattern 'p', found end of file"))
    }

    @Test func unlocatedDiagnosticsPrintPlainly() {
        #expect(Diagnostic(.error, "no such file: 'x.attn'").rendered() == "error: no such file: 'x.attn'")
        #expect(Diagnostic(.error, "bad", hint: "fix it").rendered() == "error: bad\nhint: fix it")
    }

    @Test func internalErrorsSayTheyAreBugs() {
        #expect(InternalError("layout rows disagree").description.contains("this is a bug in SparseAttention"))
    }
}
