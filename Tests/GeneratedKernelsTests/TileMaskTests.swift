// The generated `fillMask` of every fixture and bundled pattern, bit for bit against the
// language's evaluator: every tile (whole, ragged, and past the end of a short sequence),
// at lengths around the tile sizes, so that each way a leaf is evaluated — once a tile,
// once a row, shifted along a diagonal, pair by pair, from the draws — is checked where it
// can go wrong.

import AttentionKernels
import BlockSparsePlanner
import BundledPatterns
import CompiledFixtures
import PatternLanguage
import Testing

@Suite struct TileMaskTests {
    @Test(arguments: [1, 9, 70, 150, 300])
    func fixtureTilesMatchTheEvaluator(length: Int) throws {
        for declaration in CompiledFixtureTests.declarations {
            let kernel = try #require(CompiledFixtures.CompiledPatterns.all.first { $0.patternName == declaration.name })
            try Self.check(kernel, MaskEvaluator(pattern: declaration.bind(overrides: []), length: length))
        }
    }

    @Test(arguments: [1, 100, 700])
    func bundledTilesMatchTheEvaluator(length: Int) throws {
        for declaration in GeneratedKernelTests.declarations {
            let pattern = try declaration.bind(overrides: [])
            let kernel = try #require(BundledPatterns.kernel(for: pattern))
            Self.check(kernel, MaskEvaluator(pattern: pattern, length: length))
        }
    }

    /// Fills every tile of `kernel` at the evaluator's length, with a word more per row
    /// than the tile needs, and compares each bit (and each bit past the tile, which must be
    /// clear) with the evaluator.
    static func check<Pattern: CompiledPattern>(_ kernel: Pattern.Type, _ evaluator: MaskEvaluator) {
        let length = Int(evaluator.length)
        let block = Pattern.blockSize
        let pattern = Pattern(length: length)
        let wordsPerRow = (block + 63) / 64 + 1
        let rows = (0..<length).map { evaluator.row($0) }
        var mask = [UInt64](repeating: 0, count: block * wordsPerRow)
        let tiles = (length + block - 1) / block
        var mismatches = 0
        for row in 0..<tiles {
            for column in 0..<tiles {
                let tile = Box(q0: Int64(row * block), q1: Int64(min(length, (row + 1) * block) - 1),
                               k0: Int64(column * block), k1: Int64(min(length, (column + 1) * block) - 1))
                for index in mask.indices { mask[index] = ~0 }
                mask.withUnsafeMutableBufferPointer { pattern.fillMask(tile, into: $0.baseAddress!, wordsPerRow: wordsPerRow) }
                for q in Int(tile.q0)...Int(tile.q1) {
                    for j in 0..<wordsPerRow * 64 {
                        let k = Int(tile.k0) + j
                        let expected = k <= Int(tile.k1) && rows[q][k]
                        let bit = mask[(q - Int(tile.q0)) * wordsPerRow + j / 64] >> UInt64(j % 64) & 1 == 1
                        if bit != expected { mismatches += 1 }
                        if bit != expected, mismatches <= 3 {
                            Issue.record("\(Pattern.patternName) N=\(length): tile (\(row), \(column)) pair (\(q), \(k)) is \(bit), expected \(expected)")
                        }
                    }
                }
            }
        }
        #expect(mismatches == 0, "\(Pattern.patternName) N=\(length)")
    }
}
