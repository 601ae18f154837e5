// Helpers for the planner's tests: inline patterns, the bundled library, and the
// comparison of a planned layout with the brute-force classification.

import Foundation
import Testing
import PatternLanguage
@testable import BlockSparsePlanner

enum PlannerTestSupport {
    /// The package's root folder, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The only pattern of valid inline source, with its defaults.
    static func pattern(_ source: String) throws -> CheckedPattern {
        let library = PatternLibrary.check([SourceFile(path: "test.attn", text: source)])
        let errors = library.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map { $0.rendered() })")
        return try library.declaration(named: nil).checked
    }

    /// The bundled library's declarations.
    static func bundledDeclarations() throws -> [PatternDeclaration] {
        let folder = packageRoot.appendingPathComponent("Patterns")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".attn") }.sorted()
        let files = try names.map { name in
            SourceFile(path: "Patterns/\(name)", bytes: [UInt8](try Data(contentsOf: folder.appendingPathComponent(name))))
        }
        return PatternLibrary.check(files).declarations
    }

    /// Expects the planner's layout to equal the brute-force one, naming the first tile
    /// that differs.
    static func expectExactLayout(_ pattern: CheckedPattern, length: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let planned = BlockLayout(pattern: pattern, length: length)
        let expected = BlockLayout.bruteForce(pattern, length: length)
        if planned == expected { return }
        for row in 0..<expected.tileCount {
            for column in 0..<expected.tileCount {
                let (got, want) = (planned.kind(row: row, column: column), expected.kind(row: row, column: column))
                if got != want {
                    Issue.record("\(pattern.name) at N = \(length), block \(pattern.blockSize): tile (\(row), \(column)) planned \(String(describing: got)), expected \(String(describing: want)); mask: \(pattern.mask)", sourceLocation: sourceLocation)
                    return
                }
            }
        }
        Issue.record("layouts differ in their arrays but not in any tile", sourceLocation: sourceLocation)
    }
}
