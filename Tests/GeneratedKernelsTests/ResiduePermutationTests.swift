// Tests of the relabelling by residue classes that compiled kernels of dilated and
// strided bands run in: it is a bijection on positions that leaves the ragged last tile
// alone, masks follow it bit for bit, and the emitter picks the classes it should.

import Testing
import PatternLanguage
@testable import AttentionKernels
@testable import KernelEmitter

@Suite struct ResiduePermutationTests {
    @Test(arguments: [(1, 64, 200), (2, 64, 200), (4, 64, 256), (8, 64, 130), (2, 16, 33), (4, 32, 31)])
    func slotsArePositionsRelabelled(classes: Int, block: Int, length: Int) {
        let permutation = ResiduePermutation(classes: classes, block: block, length: length)
        let slots = (0..<length).map { permutation.slot(ofPosition: $0) }
        #expect(Set(slots) == Set(0..<length))
        #expect((0..<length).allSatisfy { permutation.position(ofSlot: slots[$0]) == $0 })
        // Each whole tile keeps its positions, grouped by residue; the ragged tile is unchanged.
        for position in 0..<length {
            let (tile, j) = position.quotientAndRemainder(dividingBy: block)
            #expect(slots[position] / block == tile)
            if (tile + 1) * block <= length {
                #expect((slots[position] % block) / (block / classes) == j % classes)
            } else {
                #expect(slots[position] == position)
            }
        }
    }

    @Test func masksFollowTheRelabelling() {
        let (block, classes, length) = (64, 4, 150)  // tiles 0 and 1 whole, tile 2 ragged
        let permutation = ResiduePermutation(classes: classes, block: block, length: length)
        var state: UInt64 = 12345
        for (row, column) in [(0, 1), (1, 2), (2, 0), (2, 2)] {
            let original = (0..<block).map { _ -> UInt64 in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return state
            }
            var mask = original
            var scratch = [UInt64](repeating: 0, count: block)
            mask.withUnsafeMutableBufferPointer { m in
                scratch.withUnsafeMutableBufferPointer { permutation.relabel(mask: m.baseAddress!, row: row, column: column, wordsPerRow: 1, scratch: $0.baseAddress!) }
            }
            for r in 0..<block {
                for j in 0..<block {
                    let slotRow = permutation.slot(ofPosition: row * block + r) - row * block
                    let slotColumn = permutation.slot(ofPosition: column * block + j) - column * block
                    #expect((original[r] >> UInt64(j) & 1) == (mask[slotRow] >> UInt64(slotColumn) & 1), "tile (\(row), \(column)) pair (\(r), \(j))")
                }
            }
        }
    }

    @Test(arguments: [
        ("dilated(16, 2) | global([0])", 64, 2), ("causal & (window(7, 0) | strided(4))", 64, 4), ("dilated(3, 8)", 64, 8),
        ("dilated(3, 16)", 64, 1), ("strided(3)", 64, 1), ("local(4)", 64, 1), ("blocks(dilated(1, 2))", 64, 1), ("dilated(1, 2)", 8, 1),
    ])
    func theEmitterPicksTheBandsDilation(mask: String, block: Int, classes: Int) throws {
        let source = "pattern p {\n block \(block)\n mask \(mask)\n}\n"
        let pattern = try PatternLibrary.check([SourceFile(path: "p.attn", text: source)]).declaration(named: "p").checked
        #expect(ResidueClasses.choose(for: pattern) == classes)
    }
}
