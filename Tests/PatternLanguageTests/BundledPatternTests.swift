// Tests of the bundled library, `Patterns/`: every file checks clean, every pattern is
// documented, and each family is there.

import Testing
@testable import PatternLanguage

@Suite struct BundledPatternTests {
    @Test func everyBundledFileChecksCleanTogether() throws {
        let files = try TestSupport.bundledPatternFiles()
        #expect(files.count >= 9)
        let library = PatternLibrary.check(files)
        #expect(library.diagnostics.isEmpty, "\(library.diagnostics.map { $0.rendered() })")
    }

    @Test func everyPatternIsDocumentedWithItsParameters() throws {
        let library = PatternLibrary.check(try TestSupport.bundledPatternFiles())
        for declaration in library.declarations {
            let documentation = declaration.documentation.joined(separator: " ")
            #expect(documentation.count > 40, "\(declaration.name) needs documentation")
            for parameter in declaration.parameters {
                #expect(documentation.contains(parameter.name), "\(declaration.name) does not document '\(parameter.name)'")
            }
        }
    }

    @Test func theFamiliesOfTheIssueAreThere() throws {
        let names = Set(PatternLibrary.check(try TestSupport.bundledPatternFiles()).declarations.map(\.name))
        for name in ["dense", "mistral", "longformer", "bigbird_itc"] {
            #expect(names.contains(name), "missing bundled pattern '\(name)'")
        }
        #expect(names.count >= 12)
    }

    @Test func bundledPatternsEvaluateAtAwkwardLengths() throws {
        let library = PatternLibrary.check(try TestSupport.bundledPatternFiles())
        for declaration in library.declarations {
            for n in [1, 63, 65] {
                let evaluator = MaskEvaluator(pattern: declaration.checked, length: n)
                // Every bundled pattern keeps the diagonal or at least one pair per row,
                // except where documented otherwise; here we only require totality.
                for q in [0, n / 2, n - 1] { #expect(evaluator.row(q).count == n) }
            }
        }
    }
}
