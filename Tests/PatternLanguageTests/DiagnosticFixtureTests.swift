// The folder of invalid (and warning-raising) pattern files: each file states, in
// `# expect: LINE:COLUMN: SEVERITY: MESSAGE` lines, every diagnostic it must produce, each
// followed by a `# hint: HINT` line when the diagnostic has a hint.

import Foundation
import Testing
@testable import PatternLanguage

@Suite struct DiagnosticFixtureTests {
    static let folder = TestSupport.packageRoot.appendingPathComponent("Tests/PatternLanguageTests/Fixtures/diagnostics")

    static func fixtureNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".attn") }.sorted()
    }

    @Test func thereAreFixtures() throws {
        #expect(try Self.fixtureNames().count >= 50)
    }

    @Test(arguments: try fixtureNames())
    func fixtureProducesItsDiagnostics(name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(name)))
        let file = SourceFile(path: name, bytes: bytes)
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let expected = lines.compactMap { line -> String? in
            if line.hasPrefix("# expect: ") { return String(line.dropFirst("# expect: ".count)) }
            if line.hasPrefix("# hint: ") { return String(line.dropFirst("# ".count)) }
            return nil
        }
        #expect(expected.contains { !$0.hasPrefix("hint: ") }, "\(name) states no expected diagnostic")
        let actual = PatternLibrary.check([file]).diagnostics.flatMap { diagnostic -> [String] in
            let (line, column) = diagnostic.location?.lineAndColumn ?? (0, 0)
            return ["\(line):\(column): \(diagnostic.severity.rawValue): \(diagnostic.message)"] + (diagnostic.hint.map { ["hint: \($0)"] } ?? [])
        }
        #expect(actual == expected, "\(name)")
    }

    @Test func everyErrorHasALocationAndEveryHintIsASentence() throws {
        for name in try Self.fixtureNames() {
            let file = SourceFile(path: name, bytes: [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(name))))
            for diagnostic in PatternLibrary.check([file]).diagnostics {
                #expect(diagnostic.location != nil, "\(name): \(diagnostic.message)")
                #expect(diagnostic.hint.map { !$0.isEmpty && !$0.hasSuffix(".") } ?? true)
            }
        }
    }
}
