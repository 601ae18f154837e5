// Helpers shared by the front end's tests: checking inline source, reading fixtures.

import Foundation
import Testing
@testable import PatternLanguage

enum TestSupport {
    /// The package's root folder, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Checks inline source as one file named `test.attn`.
    static func library(_ source: String) -> PatternLibrary {
        PatternLibrary.check([SourceFile(path: "test.attn", text: source)])
    }

    /// The only (or the named) pattern of valid source, checked with its defaults.
    static func pattern(_ source: String, named name: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> CheckedPattern {
        let library = library(source)
        let errors = library.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "unexpected errors: \(errors.map { $0.rendered() })", sourceLocation: sourceLocation)
        return try library.declaration(named: name).checked
    }

    /// Expects the evaluator's mask of `pattern` to keep exactly the pairs `keeps` keeps, at
    /// each of `lengths`; records the first pair that differs (as `label` at N).
    static func expectMask(_ pattern: CheckedPattern, lengths: [Int], _ label: String,
                           sourceLocation: SourceLocation = #_sourceLocation, keeps: (_ q: Int, _ k: Int, _ n: Int) -> Bool) {
        for n in lengths {
            let evaluator = MaskEvaluator(pattern: pattern, length: n)
            for q in 0..<n {
                let row = evaluator.row(q)
                for k in 0..<n where row[k] != keeps(q, k, n) {
                    Issue.record("\(label) at N = \(n): (\(q), \(k)) is \(row[k]), expected \(!row[k])", sourceLocation: sourceLocation)
                    return
                }
            }
        }
    }

    /// The error and warning messages of some source, in order.
    static func messages(_ source: String) -> [String] {
        library(source).diagnostics.map { "\($0.severity.rawValue): \($0.message)" }
    }

    /// The N×N mask of valid source, by the evaluator.
    static func mask(_ source: String, length: Int) throws -> [[Bool]] {
        let evaluator = MaskEvaluator(pattern: try pattern(source), length: length)
        return (0..<length).map { evaluator.row($0) }
    }

    /// The bundled pattern files, `Patterns/*.attn`.
    static func bundledPatternFiles() throws -> [SourceFile] {
        let folder = packageRoot.appendingPathComponent("Patterns")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".attn") }.sorted()
        return try names.map { name in
            let url = folder.appendingPathComponent(name)
            return SourceFile(path: "Patterns/\(name)", bytes: [UInt8](try Data(contentsOf: url)))
        }
    }
}
