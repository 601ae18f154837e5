// FrontEndDifferentialTests: the front end agrees with itself on the generated sources —
// the printed checked form checks back to the same form, binding the defaults changes
// nothing, and all sources checked together as one file give the same patterns.

import Foundation
import PatternLanguage
import Testing

struct FrontEndDifferentialTests {
    /// The checked form written back as a pattern: bindings as `let b_0 = ...`, then the mask.
    static func printed(_ pattern: CheckedPattern) -> String {
        let name = { (text: String) in text.replacingOccurrences(of: "$", with: "b_") }
        var lines = ["pattern round_trip {", "    block \(pattern.blockSize)"]
        for (index, binding) in pattern.bindings.enumerated() {
            lines.append("    let b_\(index) = \(name(binding.value.description))")
        }
        lines.append("    mask \(name(pattern.mask.description))")
        return (lines + ["}"]).joined(separator: "\n")
    }

    @Test func thePrintedCheckedFormChecksBackToItself() {
        for source in GeneratedSources.sample {
            guard let pattern = source.pattern else { continue }
            let text = Self.printed(pattern)
            let library = PatternLibrary.check([SourceFile(path: "round_trip.attn", text: text)])
            let again = library.declarations.first?.checked
            #expect(!library.hasErrors, "\(text)\n\(library.diagnostics.map { $0.rendered() })")
            #expect(again?.mask == pattern.mask, "\(source.text)\n\(text)")
            #expect(again?.bindings.map(\.value) == pattern.bindings.map(\.value), "\(source.text)\n\(text)")
            #expect(again?.bindings.map(\.type) == pattern.bindings.map(\.type))
            #expect(again?.blockSize == pattern.blockSize)
        }
    }

    @Test func bindingTheDefaultsChangesNothing() throws {
        for source in GeneratedSources.sample {
            guard let declaration = source.library.declarations.first else { continue }
            var values: [String: ConstantValue] = [:]
            for parameter in declaration.parameters { values[parameter.name] = parameter.defaultValue }
            #expect(try declaration.bind(values) == declaration.checked, "\(source.text)")
        }
    }

    @Test func allSourcesInOneFileGiveTheSamePatterns() {
        let text = GeneratedSources.sample.map(\.text).joined(separator: "\n")
        let library = PatternLibrary.check([SourceFile(path: "all.attn", text: text)])
        #expect(!library.hasErrors)
        #expect(library.declarations.map(\.name) == GeneratedSources.sample.map(\.name))
        #expect(library.declarations.map(\.checked.mask) == GeneratedSources.sample.map { $0.pattern?.mask })
        #expect(library.declarations.map(\.checked.bindings) == GeneratedSources.sample.map { $0.pattern?.bindings })
    }
}
