// Tests of the `#sourceLocation` directives in generated source: each pattern's type is
// declared on its pattern's line of the `.attn` file, and everything inside the type is on
// the generated file's own lines, so that a trap there names a line that exists.

import Foundation
import KernelEmitter
import PatternLanguage
import Testing

@Suite struct SourceLocationTests {
    /// Each line of `source` with the file and line a compiler reports for it, following
    /// `#sourceLocation(file:line:)` and `#sourceLocation()` as Swift does.
    static func reportedLocations(of source: String, generatedPath: String) throws -> [(text: String, file: String, line: Int)] {
        let directive = try Regex(#"^#sourceLocation\(file: "([^"]*)", line: ([0-9]+)\)$"#)
        var mapping: (file: String, line: Int)?
        var located: [(String, String, Int)] = []
        for (index, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let match = String(line).wholeMatch(of: directive) {
                mapping = (String(match.output[1].substring!), Int(match.output[2].substring!)!)
            } else if line == "#sourceLocation()" {
                mapping = nil
            } else if let current = mapping {
                located.append((String(line), current.file, current.line))
                mapping = (current.file, current.line + 1)
            } else {
                located.append((String(line), generatedPath, index + 1))
            }
        }
        return located
    }

    /// Every bundled pattern file and two fixtures.
    static let files = Set(GeneratedKernelTests.declarations.map(\.checked.file.path)).sorted()
        + ["Tests/CompiledFixtures/edge_cases.attn", "Tests/CompiledFixtures/lets_in_blocks.attn"]

    @Test(arguments: files)
    func typesLandOnTheirPatternsAndBodiesOnTheGeneratedFile(path: String) throws {
        let text = try String(contentsOf: GeneratedKernelTests.packageRoot.appendingPathComponent(path), encoding: .utf8)
        let file = SourceFile(path: path, text: text)
        let patterns = try PatternLibrary.check([file]).declarations.map { try $0.bind(overrides: []) }
        #expect(!patterns.isEmpty)
        let located = try Self.reportedLocations(of: KernelEmitter.emit(file: file, patterns: patterns), generatedPath: "generated.swift")
        let fileLines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        for pattern in patterns {
            let declaration = try #require(located.first { $0.text.hasPrefix("public struct \(pattern.typeName):") })
            let patternLine = file.lineAndColumn(of: pattern.range.start).0
            #expect(declaration.file == path)
            // Exactly its line, but one line below for a pattern whose comment starts the file.
            let commentStartsFile = patternLine == pattern.documentation.count + 1
            #expect(declaration.line == patternLine + (commentStartsFile ? 1 : 0), "\(pattern.name): line \(declaration.line), pattern on \(patternLine)")
            #expect(declaration.line <= fileLines)
        }
        // Every line mapped into the pattern file is a documentation comment or a declaration line.
        for line in located where line.file == path {
            #expect(line.text.hasPrefix("///") || line.text.hasPrefix("public struct "), "\(line.text)")
        }
        #expect(located.contains { $0.file == "generated.swift" && $0.text.contains("Swift.precondition(length >= 1") })
    }
}
