// CompiledWorkspace: one thread's scratch in a compiled kernel's run — the tile micro-kernel
// workspace and the current work item's kept tiles, as the generated code finds them in
// closed form: a column list, and the bit masks of the partial ones, filled by the
// pattern's inlined element mask. Memory is kept from item to item.

/// Per-thread scratch of ``CompiledAttention``; made by ``CompiledExecution/makeWorkspace()``.
public struct CompiledWorkspace {
    let tile: TileWorkspace
    let block: Int
    /// 64-bit words per mask row.
    public let wordsPerRow: Int
    private(set) var count = 0
    private(set) var partialCount = 0
    private var capacity = 0
    private(set) var columns: UnsafeMutablePointer<Int32>
    private(set) var shapes: UnsafeMutablePointer<Int32>
    private(set) var words: UnsafeMutablePointer<UInt64>
    /// Per partial mask: the rows that keep anything (2 numbers), as ``MaskExtents``.
    private(set) var rowRanges: UnsafeMutablePointer<Int32>
    /// Per partial mask and row: the columns that row keeps (2 numbers), as ``MaskExtents``.
    private(set) var columnRanges: UnsafeMutablePointer<Int32>
    /// Per partial mask, its key rows' lane masks (`block` words), in runs that keep
    /// queries in lanes (see ``LaneMasks``).
    private(set) var laneMasks: UnsafeMutablePointer<UInt64>

    /// The item's partial tiles that keep few keys, merged into a few gathered tiles.
    private(set) var gathered: GatheredKeys
    /// The gathered tiles' lane masks and their keys' positions (`block` of each a tile), in
    /// runs that keep queries in lanes: made once an item by ``computeGatheredLanes(permutation:)``.
    private(set) var gatheredLaneMasks: UnsafeMutablePointer<UInt64>
    private(set) var gatheredPositions: UnsafeMutablePointer<Int32>
    private var gatheredLanesCapacity = 1
    /// The item's partial tiles that keep few pairs, listed row by row.
    private(set) var lists: KeyLists

    /// A chunk's query rows gathered into slot order, when a residue permutation relabels
    /// the run (``CompiledExecution``); its output rows are written at their positions.
    let queryRows: UnsafeMutablePointer<Float>

    init(tile: TileWorkspace, block: Int) {
        self.tile = tile
        gathered = GatheredKeys(block: block, depth: tile.depth, paddedValueDepth: tile.paddedValueDepth)
        lists = KeyLists(block: block)
        gatheredLaneMasks = LargeBuffer.allocate(UInt64.self, count: block)
        gatheredPositions = LargeBuffer.allocate(Int32.self, count: block)
        queryRows = LargeBuffer.allocate(Float.self, count: TileWorkspace.rowChunk * tile.depth)
        self.block = block
        wordsPerRow = (block + 63) / 64
        capacity = 16
        columns = LargeBuffer.allocate(Int32.self, count: capacity)
        shapes = LargeBuffer.allocate(Int32.self, count: capacity)
        words = LargeBuffer.allocate(UInt64.self, count: capacity * block * wordsPerRow)
        rowRanges = LargeBuffer.allocate(Int32.self, count: 2 * capacity)
        columnRanges = LargeBuffer.allocate(Int32.self, count: 2 * capacity * block)
        laneMasks = LargeBuffer.allocate(UInt64.self, count: capacity * block)
    }

    /// Starts a new work item's tile list.
    public mutating func beginItem() {
        count = 0
        partialCount = 0
        gathered.removeAll()
        lists.removeAll()
    }

    /// Routes the partial tiles that keep few pairs into ``lists`` and those that keep at
    /// most half their keys into ``gathered``, keeping the order of the others; `inLanes`
    /// (a run that keeps queries in lanes, whose gathered keys are read in place) gathers
    /// first the tiles whose few keys most rows keep. `isNonFinite(column)`: whether that
    /// value tile holds NaN or ∞ (listed keys never touch a masked value, gathered ones need
    /// to know).
    mutating func routeSparseTiles(inLanes: Bool, isNonFinite: (Int) -> Bool) {
        var kept = 0
        // Where a tile goes depends on its mask alone, so the tiles that share a mask left in
        // place (a fixed pattern's summary tiles along a row) stay without a test each.
        var stayingShape = -1
        for entry in 0..<count {
            let (column, shape) = (Int(columns[entry]), Int(shapes[entry]))
            if shape >= 0, shape != stayingShape {
                let mask = words + shape * block * wordsPerRow
                let pairs = KeyLists.pairs(mask, block: block, wordsPerRow: wordsPerRow)
                // Half the rows keep at least one key when half the rows are kept on average.
                if inLanes, pairs * 2 >= block, gathered.take(column: column, mask: mask, nonFinite: isNonFinite(column), keptByMostRowsOf: pairs) {
                    continue
                }
                if lists.take(column: column, mask: mask, pairs: pairs) { continue }
                if gathered.take(column: column, mask: mask, nonFinite: isNonFinite(column)) { continue }
                stayingShape = shape
            }
            (columns[kept], shapes[kept]) = (columns[entry], shapes[entry])
            kept += 1
        }
        count = kept
        lists.build()
    }

    /// Gathers K and V of a key/value head for the gathered tiles.
    mutating func gather(head: Int, packedKeys: UnsafePointer<Float>, packedValues: UnsafePointer<Float>, tilesPerHead: Int) {
        gathered.gather(head: head, packedKeys: packedKeys, packedValues: packedValues, tilesPerHead: tilesPerHead)
    }

    /// Appends a full tile: run with no mask.
    public mutating func addFull(column: Int) {
        reserve()
        columns[count] = Int32(column)
        shapes[count] = -1
        count += 1
    }

    /// Appends a partial tile and returns its zeroed mask, `block` rows of `wordsPerRow`
    /// words, to be filled with the kept pairs (bit `j % 64` of word `row * wordsPerRow + j / 64`).
    /// The pointer is valid until the next `add`.
    public mutating func addPartial(column: Int) -> UnsafeMutablePointer<UInt64> {
        reserve()
        columns[count] = Int32(column)
        shapes[count] = Int32(partialCount)
        count += 1
        let mask = words + partialCount * block * wordsPerRow
        mask.update(repeating: 0, count: block * wordsPerRow)
        partialCount += 1
        return mask
    }

    /// Settles the partial tile just filled, whose tile has `rows` query rows and `keys` keys
    /// (fewer than `block` at the sequence's end). Tile states decided by interval arithmetic
    /// leave some tiles undecided that keep every pair or none: the mask then makes its tile a
    /// full one, run with no mask, or drops it, as the interpreter's exact plan would have.
    /// Otherwise the tile shares the previous partial tile's mask when the two are the same
    /// (a band's interior, a fixed pattern's summary columns): the item then measures and
    /// reads one mask for the run of tiles, as the interpreter's deduplicated masks do.
    public mutating func settleFilledMask(rows: Int, keys: Int) {
        let size = block * wordsPerRow
        let last = words + (partialCount - 1) * size
        // Bits outside the tile's rows × keys are clear (see `addPartial`, `fillMask`).
        switch MaskCoverage.of(last, rows: rows, keys: keys, wordsPerRow: wordsPerRow) {
        case .none:
            (count, partialCount) = (count - 1, partialCount - 1)
            return
        case .all:
            shapes[count - 1] = -1
            partialCount -= 1
            return
        case .some:
            break
        }
        guard partialCount >= 2 else { return }
        let previous = words + (partialCount - 2) * size
        for word in 0..<size where last[word] != previous[word] { return }
        shapes[count - 1] = Int32(partialCount - 2)
        partialCount -= 1
    }

    private mutating func reserve() {
        guard count == capacity else { return }
        let grown = capacity * 2
        func grow<T>(_ pointer: inout UnsafeMutablePointer<T>, _ old: Int, _ new: Int) {
            let larger = LargeBuffer.allocate(T.self, count: new)
            larger.moveInitialize(from: pointer, count: old)
            LargeBuffer.release(pointer)
            pointer = larger
        }
        grow(&columns, capacity, grown)
        grow(&shapes, capacity, grown)
        grow(&words, capacity * block * wordsPerRow, grown * block * wordsPerRow)
        grow(&rowRanges, 2 * capacity, 2 * grown)
        grow(&columnRanges, 2 * capacity * block, 2 * grown * block)
        grow(&laneMasks, capacity * block, grown * block)
        capacity = grown
    }

    /// Computes the rows each partial mask keeps and the columns of each row (as
    /// ``MaskExtents`` does for the interpreter's deduplicated masks), or, in a run that
    /// keeps queries in lanes, each mask's lane masks: for the masks of the tiles left after
    /// ``routeSparseTiles(inLanes:isNonFinite:)`` only. (Entries hold their masks in
    /// ascending order, a repeated one sharing the mask before it.)
    mutating func computeExtents(inLanes: Bool) {
        var measured = -1
        for entry in 0..<count {
            let shape = Int(shapes[entry])
            guard shape > measured else {
                assert(shape < 0 || shape == measured, "the entries' masks come in ascending order")
                continue
            }
            measured = shape
            if inLanes {
                LaneMasks.transpose(words + shape * block, into: laneMasks + shape * block)
            } else {
                MaskExtents.measure(words + shape * block * wordsPerRow, block: block, wordsPerRow: wordsPerRow,
                                    rows: rowRanges + 2 * shape, columns: columnRanges + 2 * shape * block)
            }
        }
    }

    /// Makes each gathered tile's lane masks (from its rows' masks) and its keys' positions
    /// (from their slots), which every head and chunk of the item reads: in runs that keep
    /// queries in lanes, after ``routeSparseTiles(inLanes:isNonFinite:)``.
    mutating func computeGatheredLanes(permutation: ResiduePermutation) {
        let tiles = gathered.tileCount
        if tiles > gatheredLanesCapacity {
            LargeBuffer.release(gatheredLaneMasks); LargeBuffer.release(gatheredPositions)
            gatheredLanesCapacity = max(tiles, 2 * gatheredLanesCapacity)
            gatheredLaneMasks = LargeBuffer.allocate(UInt64.self, count: gatheredLanesCapacity * block)
            gatheredPositions = LargeBuffer.allocate(Int32.self, count: gatheredLanesCapacity * block)
        }
        for index in 0..<gathered.count {
            gatheredPositions[index] = Int32(permutation.position(ofSlot: Int(gathered.positions[index])))
        }
        for part in 0..<tiles {
            LaneMasks.transpose(gathered.masks + part * block, into: gatheredLaneMasks + part * block)
        }
    }

    /// The item's tiles as the table the tile loop reads.
    var entryTable: EntryTable {
        EntryTable(columns: columns, shapes: shapes, rowRanges: rowRanges, columnRanges: columnRanges, words: words, laneMasks: laneMasks)
    }

    /// Frees the memory; the workspace is unusable afterwards.
    public func release() {
        tile.deallocate()
        LargeBuffer.release(columns); LargeBuffer.release(shapes); LargeBuffer.release(words)
        LargeBuffer.release(rowRanges); LargeBuffer.release(columnRanges); LargeBuffer.release(laneMasks)
        gathered.deallocate()
        lists.deallocate()
        LargeBuffer.release(gatheredLaneMasks); LargeBuffer.release(gatheredPositions)
        LargeBuffer.release(queryRows)
    }
}

extension EntryTable {
    /// A table over memory owned by someone else (a ``CompiledWorkspace``); not to be deallocated.
    init(columns: UnsafeMutablePointer<Int32>, shapes: UnsafeMutablePointer<Int32>, rowRanges: UnsafeMutablePointer<Int32>,
         columnRanges: UnsafeMutablePointer<Int32>, words: UnsafeMutablePointer<UInt64>, laneMasks: UnsafeMutablePointer<UInt64>?) {
        self.columns = columns
        self.shapes = shapes
        self.rowRanges = rowRanges
        self.columnRanges = columnRanges
        self.words = words
        self.laneMasks = laneMasks
    }
}
