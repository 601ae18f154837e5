// Tests of binding parameters: overrides by name, type agreement, errors that list the
// parameters, and values the pattern rejects.

import Testing
@testable import PatternLanguage

@Suite struct BindingTests {
    let source = "pattern longformer(window = 512, globals = [0]) {\n    mask local(window / 2) | global(globals)\n}"

    func declaration() throws -> PatternDeclaration {
        try TestSupport.library(source).declaration(named: "longformer")
    }

    /// The errors of binding `overrides`, or none.
    func bindingErrors(_ overrides: [String]) throws -> [Diagnostic] {
        let declaration = try declaration()
        do throws(DiagnosticsError) {
            _ = try declaration.bind(overrides: overrides)
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func overridesReplaceDefaults() throws {
        let bound = try declaration().bind(overrides: ["window=64", "globals=[0,-1]"])
        #expect(bound.mask.description == "window(32, 32) | global([0, -1])")
        #expect(bound.parameters.map(\.value) == [.integer(64), .list([.element(0), .element(-1)])])
        #expect(bound.parameters.map(\.defaultValue) == [.integer(512), .list([.element(0)])])
    }

    @Test func unknownParameterListsTheParameters() throws {
        let errors = try bindingErrors(["windw=3"])
        #expect(errors.map(\.message) == ["unknown parameter 'windw' for pattern 'longformer'; did you mean 'window'?"])
        #expect(errors.first?.hint == "the parameters of 'longformer' are: window = 512, globals = [0]")
    }

    @Test func wrongTypeIsAnError() throws {
        #expect(throws: DiagnosticsError.self) { try declaration().bind(overrides: ["window=[1]"]) }
        #expect(throws: DiagnosticsError.self) { try declaration().bind(overrides: ["globals=3"]) }
    }

    @Test func rejectedValuePointsAtItsUseInTheFile() throws {
        let diagnostic = try #require(try bindingErrors(["window=-4"]).first)
        #expect(diagnostic.message == "'local' needs a width of at least 0, but 'w' is -2")
        #expect(diagnostic.location.map { $0.lineAndColumn == (2, 16) } == true)
        #expect(diagnostic.notes.map(\.message) == ["with the parameters set to window=-4"])
    }

    @Test(arguments: [
        ("window", "'--set window' needs the form NAME=VALUE"),
        ("=3", "'--set =3' does not start with a parameter name"),
        ("window=", "invalid value in '--set window=': expected an expression, found end of file"),
        ("window=q", "invalid value in '--set window=q': the value of '--set window' must be a constant, but 'q' changes from pair to pair"),
        ("window=true", "invalid value in '--set window=true': the value of '--set window' must be an integer or a list, but it is a Bool"),
        ("window=1.5", "invalid value in '--set window=1.5': floating-point literals are not part of the language"),
        ("window=99999999999999999999", "invalid value in '--set window=99999999999999999999': integer literal 99999999999999999999 does not fit in 64 bits"),
        ("window=3 4", "invalid value in '--set window=3 4': expected the end of the value, found integer '4'"),
        ("window=other", "invalid value in '--set window=other': the value of '--set window' cannot refer to 'other'"),
    ])
    func malformedOverrides(text: String, message: String) throws {
        #expect(try bindingErrors([text]).map(\.message) == [message])
    }

    @Test func settingTwiceIsAnError() throws {
        #expect(throws: DiagnosticsError.self) { try declaration().bind(overrides: ["window=1", "window=2"]) }
    }

    @Test func choosingAPattern() throws {
        let library = TestSupport.library("pattern a { mask causal }\npattern b { mask true }")
        #expect(try library.declaration(named: "b").name == "b")
        #expect(throws: Diagnostic.self) { try library.declaration(named: nil as String?) }
        #expect(throws: Diagnostic.self) { try library.declaration(named: "c") }
        #expect(try TestSupport.library("pattern only { mask causal }").declaration(named: nil as String?).name == "only")
    }

    @Test func valuesThatMakeTheMaskAlwaysFalseGetAWarning() throws {
        let library = TestSupport.library("pattern hubs(globals = [0]) {\n    mask global(globals)\n}")
        let declaration = try library.declaration(named: "hubs")
        var warnings: [Diagnostic] = []
        let bound = try declaration.bind(overrides: ["globals=[]"], warnings: &warnings)
        #expect(bound.mask == .boolean(false))
        #expect(warnings.map(\.message) == ["the mask is always false: this pattern keeps no pair"])
        #expect(warnings.first?.severity == .warning)
        #expect(warnings.first?.location.map { $0.lineAndColumn == (2, 10) } == true)
        #expect(warnings.first?.notes.map(\.message) == ["with the parameters set to globals=[]"])

        // Values that keep pairs, and a pattern false with its defaults already (the check of
        // the file warned about it), add nothing.
        warnings = []
        _ = try declaration.bind(overrides: ["globals=[1]"], warnings: &warnings)
        let alwaysFalse = try TestSupport.library("pattern none(s = 0) {\n    mask sink(s)\n}").declaration(named: "none")
        _ = try alwaysFalse.bind(overrides: ["s=-1"], warnings: &warnings)
        #expect(warnings.isEmpty)
    }
}
