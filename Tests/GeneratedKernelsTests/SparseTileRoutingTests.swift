// Where a compiled kernel sends a partial tile: a full tile, or none, when its filled mask
// keeps every pair or none; per-row key lists when it keeps few pairs,
// gathered dense tiles when it keeps few, spread-out keys (first, in a run in lanes, when
// most rows keep them), the masked tile loop otherwise;
// and exactness at a length where lists, gathered tiles and the shared-mask cache
// all carry most of the work.

import Testing
import PatternLanguage
import BundledPatterns
@testable import AttentionKernels

@Suite struct SparseTileRoutingTests {
    /// A 64 × 64 mask (one word per row) with `keep(row, column)` set.
    static func mask(_ keep: (Int, Int) -> Bool) -> [UInt64] {
        (0..<64).map { row in (0..<64).reduce(UInt64(0)) { bits, column in keep(row, column) ? bits | 1 << UInt64(column) : bits } }
    }

    @Test func fewPairsAreListedRowByRow() {
        var lists = KeyLists(block: 64)
        defer { lists.deallocate() }
        let strided = Self.mask { row, column in column == (row * 5) % 64 }
        let halfDense = Self.mask { _, column in column % 2 == 0 }
        let first = strided.withUnsafeBufferPointer { lists.take(column: 3, mask: $0.baseAddress!) }
        let dense = halfDense.withUnsafeBufferPointer { lists.take(column: 4, mask: $0.baseAddress!) }
        let second = strided.withUnsafeBufferPointer { lists.take(column: 7, mask: $0.baseAddress!) }
        #expect(first && !dense && second)
        lists.build()
        for row in 0..<64 {
            let keys = (Int(lists.starts[row])..<Int(lists.starts[row + 1])).map { Int(lists.positions[$0]) }
            #expect(keys == [3 * 64 + (row * 5) % 64, 7 * 64 + (row * 5) % 64], "row \(row)")
        }
    }

    @Test func onlySpreadOutKeysAreGathered() {
        var gathered = GatheredKeys(block: 64, depth: 4, paddedValueDepth: 8)
        defer { gathered.deallocate() }
        let contiguous = Self.mask { _, column in column >= 32 }
        let scattered = Self.mask { row, column in column % 8 == 0 && row % 2 == 0 }
        let run = contiguous.withUnsafeBufferPointer { gathered.take(column: 1, mask: $0.baseAddress!, nonFinite: false) }
        let spread = scattered.withUnsafeBufferPointer { gathered.take(column: 2, mask: $0.baseAddress!, nonFinite: false) }
        #expect(!run && spread)
        #expect(gathered.count == 8)
    }

    /// In a run that keeps queries in lanes, a tile whose one key every row keeps (a column)
    /// is gathered, where a run that packs its tiles lists it; a tile whose rows keep keys of
    /// their own is listed either way.
    @Test(arguments: [true, false])
    func keysMostRowsKeepAreGatheredInLanes(inLanes: Bool) {
        var workspace = CompiledWorkspace(tile: TileWorkspace(block: 64, depth: 4, valueDepth: 8, scale: 1), block: 64)
        defer { workspace.release() }
        workspace.beginItem()
        let column = workspace.addPartial(column: 2)
        for row in 0..<64 { column[row] = 1 << 5 }
        let ownKeys = workspace.addPartial(column: 4)
        for row in 0..<64 { ownKeys[row] = 1 << UInt64(row * 5 % 64) }
        workspace.routeSparseTiles(inLanes: inLanes) { _ in false }
        #expect(workspace.count == 0)
        #expect(workspace.gathered.count == (inLanes ? 1 : 0))
        #expect(workspace.gathered.count == 0 || workspace.gathered.positions[0] == 2 * 64 + 5)
        #expect(Int(workspace.lists.starts[64]) == (inLanes ? 64 : 128))
    }

    /// Tiles that share a mask go where the first of them goes: three summary tiles sharing a
    /// mask of 32 contiguous keys all stay, two strided tiles sharing a mask after them are
    /// both listed, and a summary tile after those (a mask of its own) stays.
    @Test func tilesSharingAMaskGoTogether() {
        var workspace = CompiledWorkspace(tile: TileWorkspace(block: 64, depth: 4, valueDepth: 8, scale: 1), block: 64)
        defer { workspace.release() }
        workspace.beginItem()
        let fill = { (mask: UnsafeMutablePointer<UInt64>, keep: (Int) -> UInt64) in for row in 0..<64 { mask[row] = keep(row) } }
        for column in [1, 3, 5] {
            fill(workspace.addPartial(column: column)) { _ in ~0 << 32 }
            workspace.settleFilledMask(rows: 64, keys: 64)
        }
        for column in [6, 7] {
            fill(workspace.addPartial(column: column)) { row in 1 << UInt64(row * 5 % 64) }
            workspace.settleFilledMask(rows: 64, keys: 64)
        }
        fill(workspace.addPartial(column: 9)) { _ in ~0 << 32 }
        workspace.settleFilledMask(rows: 64, keys: 64)
        #expect((0..<6).map { workspace.shapes[$0] } == [0, 0, 0, 1, 1, 2])
        workspace.routeSparseTiles(inLanes: true) { _ in false }
        #expect((0..<workspace.count).map { workspace.columns[$0] } == [1, 3, 5, 9])
        #expect(Int(workspace.lists.starts[64]) == 128)
        #expect(workspace.gathered.count == 0)
    }

    /// A filled mask that keeps every pair of its tile (fewer rows and keys at the sequence's
    /// end) makes the tile a full one and one that keeps none drops it; a mask missing one
    /// pair stays partial, and one equal to the partial mask before it shares that mask.
    @Test func filledMasksThatKeepAllOrNothingSettle() {
        var workspace = CompiledWorkspace(tile: TileWorkspace(block: 64, depth: 4, valueDepth: 8, scale: 1), block: 64)
        defer { workspace.release() }
        workspace.beginItem()
        let everything = workspace.addPartial(column: 0)
        for row in 0..<64 { everything[row] = ~0 }
        workspace.settleFilledMask(rows: 64, keys: 64)
        _ = workspace.addPartial(column: 1)
        workspace.settleFilledMask(rows: 64, keys: 64)
        let edge = workspace.addPartial(column: 2)
        for row in 0..<10 { edge[row] = (1 << 37) - 1 }
        workspace.settleFilledMask(rows: 10, keys: 37)
        let allButOne = workspace.addPartial(column: 3)
        for row in 0..<10 { allButOne[row] = (1 << 37) - 1 }
        allButOne[9] = (1 << 36) - 1
        workspace.settleFilledMask(rows: 10, keys: 37)
        let same = workspace.addPartial(column: 4)
        for row in 0..<10 { same[row] = allButOne[row] }
        workspace.settleFilledMask(rows: 10, keys: 37)
        #expect(workspace.count == 4)
        #expect(workspace.partialCount == 1)
        #expect((0..<4).map { workspace.columns[$0] } == [0, 2, 3, 4])
        #expect((0..<4).map { workspace.shapes[$0] } == [-1, -1, 0, 0])
    }

    /// The bundled patterns whose work is mostly listed keys, cached band masks or gathered
    /// tiles, at a length with many tiles per row, against the reference.
    @Test(arguments: ["sparse_transformer_strided", "token_random", "longformer_dilated", "sparse_transformer_fixed"])
    func exactWhereTheNewPathsCarryTheWork(name: String) throws {
        let declaration = try #require(GeneratedKernelTests.declarations.first { $0.name == name })
        let pattern = try declaration.bind(overrides: [])
        let kernel = try #require(BundledPatterns.kernel(for: pattern))
        let length = 777
        let (q, k, v) = (GeneratedKernelTests.random([length, 8], seed: 31), GeneratedKernelTests.random([length, 8], seed: 32),
                         GeneratedKernelTests.random([length, 6], seed: 33))
        let expected = try ReferenceAttention.run(pattern: pattern, query: q, key: k, value: v)
        GeneratedKernelTests.expectClose(try kernel.attention(query: q, key: k, value: v, scale: nil, threadCount: 2), expected, "\(name) N=\(length)")
    }
}
