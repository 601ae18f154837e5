// Which key rows a run in lanes prefetches for its next tile: all 64 of a whole tile, the
// span a partial tile's lane masks keep (a fixed pattern's summary tile: its last 32), and
// all of a relabelled tile, whose slots are not positions.

import Testing
@testable import AttentionKernels

@Suite struct KeyPrefetchTests {
    /// The rows prefetched for tile `entry` of a table of one whole tile (column 0) and two
    /// partial ones (columns 1 and 2, whose lane masks are `first` and `second`).
    static func prefetched(entry: Int, first: [UInt64], second: [UInt64], relabelling: ResiduePermutation? = nil) throws -> Range<Int> {
        let shape = try AttentionShape(query: [1, 200, 4], key: [1, 200, 4], value: [1, 200, 4])
        let run = TileRun(shape: shape, block: 64, scale: 1)
        var (columns, shapes, none) = ([Int32(0), 1, 2], [Int32(-1), 0, 1], [Int32(0)])
        var words = [UInt64(0)]
        var lanes = first + second
        return columns.withUnsafeMutableBufferPointer { columns in
            shapes.withUnsafeMutableBufferPointer { shapes in
                none.withUnsafeMutableBufferPointer { none in
                    words.withUnsafeMutableBufferPointer { words in
                        lanes.withUnsafeMutableBufferPointer { lanes in
                            let table = EntryTable(columns: columns.baseAddress!, shapes: shapes.baseAddress!, rowRanges: none.baseAddress!,
                                                   columnRanges: none.baseAddress!, words: words.baseAddress!, laneMasks: lanes.baseAddress!)
                            return run.prefetchedKeyRows(entry: entry, layout: table, relabelling: relabelling)
                        }
                    }
                }
            }
        }
    }

    static let summary = (0..<64).map { $0 >= 32 ? ~UInt64(0) : 0 }
    /// Rows 5 to 38 keep lanes, but not every third one.
    static let interior = (0..<64).map { row -> UInt64 in (5..<39).contains(row) && row % 3 != 0 ? 1 << UInt64(row) : 0 }

    @Test func aWholeTilesEveryRow() throws {
        #expect(try Self.prefetched(entry: 0, first: Self.summary, second: Self.interior) == 0..<64)
    }

    @Test func thePartOfAPartialTileItsMasksKeep() throws {
        #expect(try Self.prefetched(entry: 1, first: Self.summary, second: Self.interior) == 32..<64)
        // From the first kept row to the last, over the rows between that keep nothing.
        #expect(try Self.prefetched(entry: 2, first: Self.summary, second: Self.interior) == 5..<39)
        #expect(try Self.prefetched(entry: 2, first: Self.summary, second: [UInt64](repeating: 0, count: 64)).isEmpty)
    }

    @Test func everyRowOfARelabelledTile() throws {
        // Tiles 0 and 1 are whole and relabelled (length 200), tile 3 (not listed) would not be.
        let permutation = ResiduePermutation(classes: 2, block: 64, length: 200)
        #expect(try Self.prefetched(entry: 1, first: Self.summary, second: Self.interior, relabelling: permutation) == 0..<64)
        let ragged = ResiduePermutation(classes: 2, block: 64, length: 130)
        #expect(try Self.prefetched(entry: 2, first: Self.summary, second: Self.interior, relabelling: ragged) == 5..<39)
    }
}
