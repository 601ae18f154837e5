// Where a tile run prefetches the next chunk's query rows: the loop runs each head's chunks
// of a tile row in turn, then the next row's chunks of head 0; the rows named must be the
// ones that chunk reads, inside Q, and none after the last chunk known.

import Testing
@testable import AttentionKernels

@Suite struct QueryPrefetchTests {
    /// The prefetched range as (first float index into Q, float count), or `nil`.
    static func next(length: Int, heads: Int, block: Int, head: Int, chunk: Int, row: Int, nextRow: Int?) throws -> (start: Int, count: Int)? {
        let (depth, q) = (4, UnsafeMutablePointer<Float>.allocate(capacity: 1))
        defer { q.deallocate() }
        let shape = try AttentionShape(query: [heads, length, depth], key: [heads, length, depth], value: [heads, length, depth])
        let run = TileRun(shape: shape, block: block, scale: 1)
        let rows = min(block, length - row * block)
        let after = TileRun.QueryChunk(head: head, chunk: chunk, rows: rows, rowStart: row * block, nextRowStart: nextRow.map { $0 * block })
        return run.queryRows(after: after, query: q).map { range in
            let start = (range.baseAddress! - UnsafeRawPointer(q)) / MemoryLayout<Float>.size
            return (start, range.count / MemoryLayout<Float>.size)
        }
    }

    @Test func theNextChunkOfTheSameHeadInALongTile() throws {
        // Tiles of 128 rows run as two chunks of 64.
        let range = try #require(try Self.next(length: 1000, heads: 2, block: 128, head: 1, chunk: 0, row: 3, nextRow: 4))
        #expect(range.start == (1 * 1000 + 3 * 128 + 64) * 4 && range.count == 64 * 4)
    }

    @Test func theNextHeadAfterARowsLastChunk() throws {
        let range = try #require(try Self.next(length: 1000, heads: 3, block: 64, head: 0, chunk: 0, row: 5, nextRow: 6))
        #expect(range.start == (1 * 1000 + 5 * 64) * 4 && range.count == 64 * 4)
        // A ragged last row: only its rows.
        let last = try #require(try Self.next(length: 1000, heads: 3, block: 64, head: 1, chunk: 0, row: 15, nextRow: nil))
        #expect(last.start == (2 * 1000 + 15 * 64) * 4 && last.count == (1000 - 960) * 4)
    }

    @Test func theNextRowsFirstHeadAfterTheLastHead() throws {
        let range = try #require(try Self.next(length: 1000, heads: 2, block: 64, head: 1, chunk: 0, row: 5, nextRow: 9))
        #expect(range.start == 9 * 64 * 4 && range.count == 64 * 4)
        // The next row is the ragged last one.
        let ragged = try #require(try Self.next(length: 1000, heads: 2, block: 64, head: 1, chunk: 0, row: 5, nextRow: 15))
        #expect(ragged.start == 960 * 4 && ragged.count == 40 * 4)
        // Tiles shorter than a chunk.
        let small = try #require(try Self.next(length: 100, heads: 1, block: 16, head: 0, chunk: 0, row: 2, nextRow: 6))
        #expect(small.start == 96 * 4 && small.count == 4 * 4)
    }

    @Test func nothingAfterTheLastChunkKnown() throws {
        #expect(try Self.next(length: 1000, heads: 2, block: 64, head: 1, chunk: 0, row: 5, nextRow: nil) == nil)
        #expect(try Self.next(length: 1000, heads: 1, block: 128, head: 0, chunk: 64, row: 2, nextRow: nil) == nil)
    }
}
