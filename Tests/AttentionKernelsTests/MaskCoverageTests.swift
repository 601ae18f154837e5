// MaskCoverage against a count of the kept pairs, on masks of one and two words a row, at
// whole and cut tile sizes.

import Testing
@testable import AttentionKernels

@Suite struct MaskCoverageTests {
    /// `rows` rows of `wordsPerRow` words with bit (row, key) set where `keep` says so,
    /// for keys below `keys` only.
    static func mask(rows: Int, keys: Int, wordsPerRow: Int, _ keep: (Int, Int) -> Bool) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: rows * wordsPerRow)
        for row in 0..<rows {
            for key in 0..<keys where keep(row, key) { words[row * wordsPerRow + key / 64] |= 1 << UInt64(key % 64) }
        }
        return words
    }

    @Test(arguments: [(64, 64, 1), (10, 37, 1), (1, 1, 1), (128, 128, 2), (50, 100, 2), (3, 64, 2)])
    func coverageFollowsTheKeptPairs(rows: Int, keys: Int, wordsPerRow: Int) {
        let shapes: [(String, (Int, Int) -> Bool)] = [
            ("everything", { _, _ in true }),
            ("nothing", { _, _ in false }),
            ("all but the last pair", { row, key in row < rows - 1 || key < keys - 1 }),
            ("only the last pair", { row, key in row == rows - 1 && key == keys - 1 }),
            ("the first row", { row, _ in row == 0 }),
            ("the last key", { _, key in key == keys - 1 }),
        ]
        for (name, keep) in shapes {
            let words = Self.mask(rows: rows, keys: keys, wordsPerRow: wordsPerRow, keep)
            let kept = (0..<rows).reduce(0) { sum, row in sum + (0..<keys).filter { keep(row, $0) }.count }
            let expected: MaskCoverage = kept == 0 ? .none : kept == rows * keys ? .all : .some
            let coverage = words.withUnsafeBufferPointer { MaskCoverage.of($0.baseAddress!, rows: rows, keys: keys, wordsPerRow: wordsPerRow) }
            #expect(coverage == expected, "\(name), \(rows) × \(keys)")
        }
    }
}
