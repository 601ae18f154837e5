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

    @Test func everySourceIsOneDocumentedPatternOfTheGivenName() {
        for source in GeneratedSources.sample {
            #expect(source.library.declarations.map(\.name) == [source.name])
            #expect(source.pattern?.documentation.first?.hasPrefix("Random pattern number") == true, "\(source.text)")
            #expect(source.text.hasSuffix("}\n"))
        }
    }
}
