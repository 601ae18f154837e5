// Tests of the reserved type names: AttentionKernels' are exactly the public types its
// sources declare, so that a new public type cannot be hidden by a pattern's type.

import Foundation
import Testing
@testable import PatternLanguage

@Suite struct ReservedTypeNamesTests {
    /// The names of the top-level public types declared in `Sources/<module>`.
    static func publicTypes(of module: String) throws -> Set<String> {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/\(module)").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { $0.hasSuffix(".swift") }
        let declaration = try Regex(#"^public (?:final class|class|struct|enum|protocol|typealias|actor) ([A-Za-z0-9_]+)"#).anchorsMatchLineEndings()
        var names: Set<String> = []
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: declaration) { names.insert(String(match.output[1].substring!)) }
        }
        return names
    }

    @Test func attentionKernelsTypesAreItsPublicTypes() throws {
        let declared = try Self.publicTypes(of: "AttentionKernels")
        let reserved = ReservedTypeNames.attentionKernelsTypes
        #expect(declared.count > 10, "found only \(declared.sorted()) in Sources/AttentionKernels")
        #expect(reserved == declared, "missing: \(declared.subtracting(reserved).sorted()), extra: \(reserved.subtracting(declared).sorted())")
    }

    @Test func everyReservedNameIsRefused() {
        for name in ReservedTypeNames.standardLibrary.union(ReservedTypeNames.foundation).union(ReservedTypeNames.attentionKernelsTypes) {
            #expect(ReservedTypeNames.hidden(by: name) != nil, "\(name)")
        }
        #expect(ReservedTypeNames.hidden(by: "Longformer") == nil)
        #expect(ReservedTypeNames.hidden(by: "Longformer", module: "Longformer") == "its own module 'Longformer'")
    }
}
