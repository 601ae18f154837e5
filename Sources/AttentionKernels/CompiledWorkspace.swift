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
    private(set) var extents: UnsafeMutablePointer<Int32>

    init(tile: TileWorkspace, block: Int) {
        self.tile = tile
        self.block = block
        wordsPerRow = (block + 63) / 64
        capacity = 16
        columns = .allocate(capacity: capacity)
        shapes = .allocate(capacity: capacity)
        words = .allocate(capacity: capacity * block * wordsPerRow)
        extents = .allocate(capacity: 3 * capacity)
    }

    /// Starts a new work item's tile list.
    public mutating func beginItem() {
        count = 0
        partialCount = 0
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

    private mutating func reserve() {
        guard count == capacity else { return }
        let grown = capacity * 2
        func grow<T>(_ pointer: inout UnsafeMutablePointer<T>, _ old: Int, _ new: Int) {
            let larger = UnsafeMutablePointer<T>.allocate(capacity: new)
            larger.moveInitialize(from: pointer, count: old)
            pointer.deallocate()
            pointer = larger
        }
        grow(&columns, capacity, grown)
        grow(&shapes, capacity, grown)
        grow(&words, capacity * block * wordsPerRow, grown * block * wordsPerRow)
        grow(&extents, 3 * capacity, 3 * grown)
        capacity = grown
    }

    /// Computes the rows and columns each partial mask keeps (as ``MaskExtents`` does).
    mutating func computeExtents() {
        for shape in 0..<partialCount {
            var (firstRow, endRow, endColumn) = (block, 0, 0)
            for row in 0..<block {
                let base = (shape * block + row) * wordsPerRow
                var rowEnd = 0
                for word in 0..<wordsPerRow where words[base + word] != 0 {
                    rowEnd = word * 64 + 64 - words[base + word].leadingZeroBitCount
                }
                guard rowEnd > 0 else { continue }
                firstRow = min(firstRow, row)
                endRow = row + 1
                endColumn = max(endColumn, rowEnd)
            }
            let values: (Int32, Int32, Int32) = firstRow < endRow ? (Int32(firstRow), Int32(endRow), Int32(endColumn)) : (0, 0, 0)
            (extents[3 * shape], extents[3 * shape + 1], extents[3 * shape + 2]) = values
        }
    }

    /// Frees the memory; the workspace is unusable afterwards.
    public func release() {
        tile.deallocate()
        columns.deallocate(); shapes.deallocate(); words.deallocate(); extents.deallocate()
    }
}
