// Golden files of the generated source: what the emitter writes for a few patterns, kept
// in Tests/GeneratedKernelsTests/Golden/. A change to the emitter shows here as a diff;
// re-record with `SPARSE_ATTENTION_RECORD_GOLDEN=1 swift test --filter GoldenSourceTests`.

import Foundation
import KernelEmitter
import PatternLanguage
import Testing

@Suite struct GoldenSourceTests {
    static let folder = GeneratedKernelTests.packageRoot.appendingPathComponent("Tests/GeneratedKernelsTests/Golden")
    static let recording = ProcessInfo.processInfo.environment["SPARSE_ATTENTION_RECORD_GOLDEN"] == "1"

    /// The pattern files whose generated source is kept: bundled ones and one edge case.
    static let sources = ["Patterns/longformer.attn", "Patterns/bigbird.attn", "Patterns/sparse_transformer.attn", "Tests/CompiledFixtures/edge_cases.attn"]

    @Test(arguments: sources)
    func generatedSourceMatchesTheGoldenFile(path: String) throws {
        let text = try String(contentsOf: GeneratedKernelTests.packageRoot.appendingPathComponent(path), encoding: .utf8)
        let file = SourceFile(path: path, text: text)
        let library = PatternLibrary.check([file])
        #expect(library.diagnostics.isEmpty)
        let generated = KernelEmitter.emit(file: file, patterns: try library.declarations.map { try $0.bind(overrides: []) })
        let golden = Self.folder.appendingPathComponent(URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent + ".swift.golden")
        if Self.recording {
            try generated.write(to: golden, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        if generated != expected {
            Issue.record("the generated source of \(path) differs from \(golden.lastPathComponent); re-record with SPARSE_ATTENTION_RECORD_GOLDEN=1 if intended:\n\(Self.diff(expected, generated))")
        }
    }

    /// A line diff: the first differing lines, with a little context.
    static func diff(_ old: String, _ new: String) -> String {
        let (a, b) = (old.split(separator: "\n", omittingEmptySubsequences: false), new.split(separator: "\n", omittingEmptySubsequences: false))
        guard let first = (0..<min(a.count, b.count)).first(where: { a[$0] != b[$0] }) ?? (a.count != b.count ? min(a.count, b.count) : nil) else { return "(no difference)" }
        var lines: [String] = []
        for index in max(0, first - 2)..<min(max(a.count, b.count), first + 6) {
            let (left, right) = (index < a.count ? String(a[index]) : nil, index < b.count ? String(b[index]) : nil)
            if left == right { lines.append("  \(index + 1): \(left ?? "")") } else {
                if let left { lines.append("- \(index + 1): \(left)") }
                if let right { lines.append("+ \(index + 1): \(right)") }
            }
        }
        return lines.joined(separator: "\n")
    }

    @Test func theDiffNamesTheChangedLine() {
        let diff = Self.diff("a\nb\nc", "a\nx\nc")
        #expect(diff.contains("- 2: b") && diff.contains("+ 2: x"))
    }
}
