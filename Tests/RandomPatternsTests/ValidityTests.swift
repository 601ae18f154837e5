// ValidityTests: every generated source checks without errors, and the output is a
// function of the seed alone.

import PatternLanguage
import RandomPatterns
import Testing

struct ValidityTests {
    @Test func everyGeneratedSourceChecksWithoutErrors() {
        var failures = 0
        for source in GeneratedSources.sample where !source.errors.isEmpty {
            failures += 1
            if failures <= 5 {
                Issue.record("\(source.name) has errors:\n\(source.text)\n\(source.errors.map { $0.rendered() }.joined(separator: "\n"))")
            }
        }
        #expect(failures == 0)
        #expect(GeneratedSources.sample.allSatisfy { $0.pattern != nil })
    }

    /// The only warnings a generated source may draw: a name never used, a mask always false.
    @Test func theOnlyWarningsAreUnusedNamesAndEmptyMasks() {
        let warnings = GeneratedSources.sample.flatMap { $0.library.diagnostics.filter { $0.severity == .warning } }
        let unexpected = warnings.filter { !$0.message.hasSuffix("is never used") && !$0.message.hasPrefix("the mask is always false") }
        #expect(unexpected.isEmpty, "\(unexpected.map(\.message))")
        // Most names are used: unused ones are the exception.
        #expect(warnings.count < GeneratedSources.count, "\(warnings.count) warnings")
    }

    @Test func everySourceIsOneDocumentedPatternOfTheGivenName() {
        for source in GeneratedSources.sample {
            #expect(source.library.declarations.map(\.name) == [source.name])
            #expect(source.pattern?.documentation.first?.hasPrefix("Random pattern number") == true, "\(source.text)")
            #expect(source.text.hasSuffix("}\n"))
        }
    }
}
