// The folder of invalid (and warning-raising) pattern files: each file states, in
// `# expect: LINE:COLUMN: SEVERITY: MESSAGE` lines, every diagnostic it must produce.

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
        let expected = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.hasPrefix("# expect: ") }.map { String($0.dropFirst("# expect: ".count)) }
        #expect(!expected.isEmpty, "\(name) states no expected diagnostic")
        let actual = PatternLibrary.check([file]).diagnostics.map { diagnostic -> String in
            let (line, column) = diagnostic.location?.lineAndColumn ?? (0, 0)
            return "\(line):\(column): \(diagnostic.severity.rawValue): \(diagnostic.message)"
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
