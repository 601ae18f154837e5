// The limits of `plan` and `run`: what would take too much memory or time is refused
// with the figure, before the work is done.

import Testing
import PatternLanguage
import AttentionKernels
@testable import SparseAttentionCLI

@Suite struct PlanLimitTests {
    static func pattern(_ source: String) throws -> CheckedPattern {
        try PatternLibrary.check([SourceFile(path: "limits.attn", text: source)]).declaration(named: nil).checked
    }

    @Test func tooManyKeptTilesStopsPlanning() throws {
        let pattern = try Self.pattern("pattern everything { block 8 mask true }")
        #expect(throws: Diagnostic.self) { try PlanLimits.layout(pattern, length: 800, maximumKeptTiles: 1000) }
        do {
            _ = try PlanLimits.layout(pattern, length: 800, maximumKeptTiles: 1000)
        } catch {
            #expect(error.message.contains("keeps more than 1000 tiles"), "\(error.message)")
        }
        #expect(try PlanLimits.layout(pattern, length: 800, maximumKeptTiles: 10_000).layout.entryCount == 10_000)
    }

    @Test func tooManyPartialTilesIsRefusedBeforeTheMasks() throws {
        let pattern = try Self.pattern("pattern alternate { block 8 mask global([0, 2, 4, 6]) | q % 2 == 0 }")
        do {
            _ = try PlanLimits.layout(pattern, length: 400, maximumPartialTiles: 100)
            Issue.record("expected the partial-tile limit")
        } catch {
            #expect(error.message.contains("partial tiles, whose masks would take up to"), "\(error.message)")
        }
    }

    @Test func tooManyTilesPerSide() throws {
        let pattern = try Self.pattern("pattern p { mask causal }")
        #expect(throws: Diagnostic.self) { try PlanLimits.layout(pattern, length: Int(Int32.max)) }
    }
}

@Suite struct RunMemoryTests {
    @Test func theEstimateAddsItsPartsAndRefusesWithTheFigures() throws {
        let shape = try AttentionShape(query: [4, 65_536, 64], key: [4, 65_536, 64], value: [4, 65_536, 64])
        let memory = RunMemory(shape: shape, block: 64, keptTiles: 180_000, partialTiles: 65_000)
        #expect(memory.inputs == 3 * 4 * 65_536 * 64 * 4)
        #expect(memory.packedKeysValues == 2 * 4 * 65_536 * 64 * 4)
        #expect(memory.total == memory.inputs + memory.packedKeysValues + memory.outputs + memory.plan)
        #expect(throws: Never.self) { try memory.check(available: 24 << 30) }
        do {
            try memory.check(available: 256 << 20)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.message.contains("this run needs about"), "\(error.message)")
            #expect(error.message.contains("but this machine has 256.0 MiB"), "\(error.message)")
        }
    }
}
