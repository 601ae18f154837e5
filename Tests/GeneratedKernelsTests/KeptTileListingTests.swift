// The tiles a compiled kernel lists for each row of query tiles (candidate columns, then the
// tile states of halved spans), against the language's evaluator for every fixture and
// bundled pattern: every tile that keeps a pair is listed, in ascending order, a tile listed
// full keeps every pair, and no tile is listed that a tile-by-tile scan of the states drops.

@testable import AttentionKernels
import BlockSparsePlanner
import BundledPatterns
import CompiledFixtures
import PatternLanguage
import Testing

@Suite struct KeptTileListingTests {
    @Test(arguments: [1, 70, 300])
    func fixtureListsCoverTheMask(length: Int) throws {
        for declaration in CompiledFixtureTests.declarations {
            let kernel = try #require(CompiledFixtures.CompiledPatterns.all.first { $0.patternName == declaration.name })
            Self.check(kernel, MaskEvaluator(pattern: try declaration.bind(overrides: []), length: length))
        }
    }

    @Test(arguments: [100, 1000])
    func bundledListsCoverTheMask(length: Int) throws {
        for declaration in GeneratedKernelTests.declarations {
            let pattern = try declaration.bind(overrides: [])
            let kernel = try #require(BundledPatterns.kernel(for: pattern))
            Self.check(kernel, MaskEvaluator(pattern: pattern, length: length))
        }
    }

    /// Halving decides a row's span in a few tests where a scan tests every tile:
    /// `fixture_45` keeps nothing (its `!rel` is false everywhere), with tiles of 8 keys.
    @Test func anEmptyRowCostsAFewTests() throws {
        let length = 1000
        let kernel = try #require(CompiledFixtures.CompiledPatterns.all.first { $0.patternName == "fixture_45" })
        func count<Pattern: CompiledPattern>(_ kernel: Pattern.Type) -> (listed: Int, tests: Int) {
            let pattern = CountingTileStates<Pattern>(length: length)
            var ranges = ColumnRanges()
            var listed = 0
            for row in 0..<(length + Pattern.blockSize - 1) / Pattern.blockSize {
                CompiledAttention.forEachTile(pattern, row: row, ranges: &ranges) { _, _ in listed += 1 }
            }
            return (listed, pattern.tests.count)
        }
        let (listed, tests) = count(kernel)
        let rows = (length + kernel.blockSize - 1) / kernel.blockSize
        #expect(listed == 0)
        #expect(tests <= 2 * rows, "\(tests) tile states tested for \(rows) rows of tiles")
    }

    static func check<Pattern: CompiledPattern>(_ kernel: Pattern.Type, _ evaluator: MaskEvaluator) {
        let length = Int(evaluator.length)
        let block = Pattern.blockSize
        let pattern = Pattern(length: length)
        let tiles = (length + block - 1) / block
        // The pairs each tile keeps, by the evaluator.
        var kept = [Int](repeating: 0, count: tiles * tiles)
        for q in 0..<length {
            for (k, keeps) in evaluator.row(q).enumerated() where keeps { kept[q / block * tiles + k / block] += 1 }
        }
        var ranges = ColumnRanges()
        var failures = 0
        func fail(_ message: String) {
            failures += 1
            if failures <= 3 { Issue.record("\(Pattern.patternName) N=\(length): \(message)") }
        }
        for row in 0..<tiles {
            var states = [BlockSparsePlanner.TileState?](repeating: nil, count: tiles)
            var previous = -1
            CompiledAttention.forEachTile(pattern, row: row, ranges: &ranges) { column, state in
                if column <= previous { fail("row \(row) lists column \(column) after \(previous)") }
                (states[column], previous) = (state, column)
            }
            let (q0, q1) = (row * block, min(length, (row + 1) * block) - 1)
            for column in 0..<tiles {
                let (k0, k1) = (column * block, min(length, (column + 1) * block) - 1)
                let pairs = kept[row * tiles + column]
                if pairs > 0, states[column] == nil { fail("tile (\(row), \(column)) keeps \(pairs) pairs but is not listed") }
                if states[column] == .full, pairs != (q1 - q0 + 1) * (k1 - k0 + 1) { fail("tile (\(row), \(column)) is listed full") }
                let alone = pattern.tileState(BlockSparsePlanner.Box(q0: Int64(q0), q1: Int64(q1), k0: Int64(k0), k1: Int64(k1)))
                if states[column] != nil, alone == .empty { fail("tile (\(row), \(column)) is listed, but its state alone is empty") }
            }
        }
        #expect(failures == 0, "\(Pattern.patternName) N=\(length)")
    }
}

/// A compiled pattern that counts the tile states asked of it.
private struct CountingTileStates<Inner: CompiledPattern>: CompiledPattern {
    final class Count: @unchecked Sendable { var count = 0 }
    let inner: Inner
    let tests = Count()

    static var patternName: String { Inner.patternName }
    static var blockSize: Int { Inner.blockSize }
    static var parameterValues: [(name: String, value: String)] { Inner.parameterValues }
    static var checkedMask: String { Inner.checkedMask }
    static var residueClasses: Int { Inner.residueClasses }
    init(length: Int) { inner = Inner(length: length) }
    var length: Int { inner.length }
    func candidateColumns(queries q0: Int64, _ q1: Int64, into ranges: inout ColumnRanges) { inner.candidateColumns(queries: q0, q1, into: &ranges) }
    func tileState(_ box: BlockSparsePlanner.Box) -> BlockSparsePlanner.TileState {
        tests.count += 1
        return inner.tileState(box)
    }
    func keeps(query q: Int64, key k: Int64) -> Bool { inner.keeps(query: q, key: k) }
    func fillMask(_ tile: BlockSparsePlanner.Box, into mask: UnsafeMutablePointer<UInt64>, wordsPerRow: Int) { inner.fillMask(tile, into: mask, wordsPerRow: wordsPerRow) }
    func maskResidual(_ box: BlockSparsePlanner.Box) -> MaskResidual { inner.maskResidual(box) }
    static func attention(query: AttentionTensor, key: AttentionTensor, value: AttentionTensor, scale: Float?,
                          threadCount: Int) throws(AttentionShapeError) -> AttentionResult {
        try Inner.attention(query: query, key: key, value: value, scale: scale, threadCount: threadCount)
    }
}
