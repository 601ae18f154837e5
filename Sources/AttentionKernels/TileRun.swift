// TileRun: what every thread of a block-sparse run shares — the problem's sizes, the
// scale, and pointers to the packed inputs, the layout's columns and the masks — and the
// loop over one query chunk's key tiles.

import BlockSparsePlanner

/// Read-only pointers to the inputs of a run, shared by its threads.
struct TileSources: @unchecked Sendable {
    let query: UnsafePointer<Float>
    /// K and V as given, row-major (what runs that keep queries in lanes read).
    let key: UnsafePointer<Float>
    let value: UnsafePointer<Float>
    /// The packed tiles (unless the run keeps queries in lanes; see ``PackedKeysValues``).
    let keys: UnsafePointer<Float>
    let values: UnsafePointer<Float>
    let words: UnsafePointer<UInt64>?
    let wordsPerRow: Int
    /// Per value tile, whether its values are all finite (see ``PackedKeysValues``).
    let finiteValueTiles: UnsafePointer<Bool>

    /// The packed key and value tiles of key tile `column` of key/value head `head`
    /// (`tilesPerHead` tiles a head, of `keyTile` and `valueTile` floats).
    @inline(__always)
    func tiles(head: Int, column: Int, tilesPerHead: Int, keyTile: Int, valueTile: Int)
        -> (keys: UnsafePointer<Float>, values: UnsafePointer<Float>) {
        let index = head * tilesPerHead + column
        return (keys + index * keyTile, values + index * valueTile)
    }
}

/// The layout's key tile and mask shape of each entry, the extents of the shapes and
/// their words, copied once per run for the interpreter's threads.
struct EntryTable: @unchecked Sendable {
    let columns: UnsafeMutablePointer<Int32>
    let shapes: UnsafeMutablePointer<Int32>
    /// The row range of each shape, as in ``MaskExtents``.
    let rowRanges: UnsafeMutablePointer<Int32>
    /// The column range of each row of each shape, as in ``MaskExtents``.
    let columnRanges: UnsafeMutablePointer<Int32>
    let words: UnsafeMutablePointer<UInt64>
    /// Per shape, its mask by key rows (`block` words, bit `r` for query row `r`), for runs
    /// that keep queries in lanes (tiles of 64); `nil` otherwise.
    let laneMasks: UnsafeMutablePointer<UInt64>?

    init(layout: BlockLayout, masks: PartialTileMasks, extents: MaskExtents, inLanes: Bool) {
        func copy<T>(_ array: [T]) -> UnsafeMutablePointer<T> {
            let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(1, array.count))
            _ = UnsafeMutableBufferPointer(start: pointer, count: array.count).initialize(from: array)
            return pointer
        }
        columns = copy(layout.columns)
        shapes = copy(masks.shapeOfEntry)
        rowRanges = copy(extents.rows)
        columnRanges = copy(extents.columns)
        words = copy(masks.words)
        if inLanes {
            let (block, shapeCount) = (layout.blockSize, masks.words.count / layout.blockSize)
            let lanes = UnsafeMutablePointer<UInt64>.allocate(capacity: max(1, shapeCount * block))
            for shape in 0..<shapeCount { LaneMasks.transpose(words + shape * block, into: lanes + shape * block) }
            laneMasks = lanes
        } else {
            laneMasks = nil
        }
    }

    func deallocate() {
        columns.deallocate(); shapes.deallocate(); rowRanges.deallocate(); columnRanges.deallocate(); words.deallocate()
        laneMasks?.deallocate()
    }
}

/// Where a run writes; each thread writes only its own rows.
struct TileTargets: Sendable {
    let output: SendablePointer<Float>
    let logSumExp: SendablePointer<Float>
}

/// The sizes of a run and the loop over a query chunk's key tiles.
struct TileRun: Sendable {
    /// Rows of a partial tile run together at most: fewer than a full tile's chunk, so
    /// that the columns each piece computes hug a band's edge or a strided mask (8 rather
    /// than 16 since the AVX2 products: windowed patterns 1.5–3 % faster, the interpreter
    /// on the strided pattern 1.4×; 4 was no faster than 8).
    static let partialRows = 8

    let shape: AttentionShape
    let block: Int
    let scale: Float

    /// Folds the key tiles of `entries` into the workspace for `rows` query rows starting at
    /// `firstRow` of query head `head` (rows of `depth` floats at `query`, consecutive);
    /// `maskRow` is the first row's index inside its tile. The last tile's first call
    /// prefetches `nextQuery`, the rows the next chunk will read (see ``queryRows(after:)``).
    @inline(__always)
    func attend(_ workspace: TileWorkspace, query: UnsafePointer<Float>, head: Int, firstRow: Int, rows: Int, maskRow: Int,
                entries: Range<Int>, layout: EntryTable, sources: TileSources, nextQuery: UnsafeRawBufferPointer? = nil) {
        let n = shape.length, d = shape.depth
        let kvHead = shape.keyValueHead(ofQueryHead: head)
        let tiles = (n + block - 1) / block
        let keyTile = d * block, valueTile = block * workspace.paddedValueDepth
        let partialTilesInOneCall = workspace.attendsPartialTilesInOneCall
        for entry in entries {
            let column = Int(layout.columns[entry])
            let maskShape = Int(layout.shapes[entry])
            let keyCount = min(block, n - column * block)
            let (keys, values) = sources.tiles(head: kvHead, column: column, tilesPerHead: tiles, keyTile: keyTile, valueTile: valueTile)
            // The next entry's tiles, or after the last the next chunk's query rows (which the
            // workspace prefetches only when there is no next tile), prefetched while this one
            // runs (by its first call).
            var next = entry + 1 < entries.upperBound
                ? sources.tiles(head: kvHead, column: Int(layout.columns[entry + 1]), tilesPerHead: tiles, keyTile: keyTile, valueTile: valueTile)
                : nil
            var nextRows = nextQuery
            guard maskShape >= 0 else {
                workspace.attend(query: query, rows: rows, keys: keys, values: values, keyCount: keyCount, mask: nil, wordsPerRow: 0,
                                 next: next, nextQuery: nextRows)
                continue
            }
            // Only the rows of the chunk that keep something, and, per piece of at most
            // `partialRows` rows, the columns they keep.
            let rowRange = layout.rowRanges + 2 * maskShape
            let start = max(maskRow, Int(rowRange[0])), end = min(maskRow + rows, Int(rowRange[1]))
            let columnRanges = layout.columnRanges + 2 * maskShape * block
            let skipsMaskedValues = !sources.finiteValueTiles[kvHead * tiles + column]
            if partialTilesInOneCall, !skipsMaskedValues {
                if start < end {
                    workspace.attendPartial(query: query + (start - maskRow) * d, rows: end - start, firstRow: start - maskRow,
                                            keys: keys, values: values, columnRanges: columnRanges + 2 * start, keyCount: keyCount,
                                            mask: sources.words! + (maskShape * block + start) * sources.wordsPerRow,
                                            wordsPerRow: sources.wordsPerRow, next: next, nextQuery: nextRows)
                }
                continue
            }
            var pieceStart = start
            while pieceStart < end {
                let pieceEnd = min(end, pieceStart + Self.partialRows)
                defer { pieceStart = pieceEnd }
                var (low, high) = (block, 0)
                for r in pieceStart..<pieceEnd {
                    low = min(low, Int(columnRanges[2 * r]))
                    high = max(high, Int(columnRanges[2 * r + 1]))
                }
                guard low < high else { continue }
                let mask = sources.words! + (maskShape * block + pieceStart) * sources.wordsPerRow
                workspace.attend(query: query + (pieceStart - maskRow) * d, rows: pieceEnd - pieceStart, firstRow: pieceStart - maskRow,
                                 keys: keys, values: values, firstKey: low / 8 * 8, keyCount: min(keyCount, high), mask: mask,
                                 wordsPerRow: sources.wordsPerRow, skipsMaskedValues: skipsMaskedValues,
                                 next: next, nextQuery: nextRows)
                (next, nextRows) = (nil, nil)
            }
        }
    }
}

extension TileRun {
    /// A chunk of query rows in the kernels' loop: the one at offset `chunk` of query head
    /// `head` in the tile row of `rows` rows that starts at position `rowStart`. The loop
    /// runs a tile row's chunks for each head in turn, then moves on to the tile row that
    /// starts at `nextRowStart` (head 0), when that is known.
    struct QueryChunk {
        let head: Int
        let chunk: Int
        let rows: Int
        let rowStart: Int
        let nextRowStart: Int?
    }

    /// The query rows (of `query`, in position order) the chunk after `current` reads, for
    /// ``attend(_:query:head:firstRow:rows:maskRow:entries:layout:sources:nextQuery:)`` to
    /// prefetch; `nil` after the last chunk of the last row known.
    @inline(__always)
    func queryRows(after current: QueryChunk, query: UnsafePointer<Float>) -> UnsafeRawBufferPointer? {
        let (n, d, chunkRows) = (shape.length, shape.depth, TileWorkspace.rowChunk)
        var (head, first, end) = (current.head, current.rowStart + current.chunk + chunkRows, current.rowStart + current.rows)
        if first >= end {
            if current.head + 1 < shape.queryHeadCount {
                (head, first) = (current.head + 1, current.rowStart)
            } else if let next = current.nextRowStart {
                (head, first, end) = (0, next, min(n, next + block))
            } else {
                return nil
            }
        }
        return UnsafeRawBufferPointer(start: query + (head * n + first) * d, count: min(chunkRows, end - first) * d * MemoryLayout<Float>.size)
    }
}
