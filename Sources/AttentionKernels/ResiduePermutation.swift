// ResiduePermutation: a relabelling of the positions inside each whole tile that puts the
// positions of one residue mod d next to each other (for d = 2: the even positions of the
// tile, then the odd ones). A dilated or strided band keeps, in each row, only keys of
// the row's residue: relabelled, those keys are one contiguous run of B / d columns, which
// the tile loop's per-row column extents compute alone — half the work for dilation 2.
// Compiled kernels run in the relabelled order (packed keys and values, masks, each chunk
// of query rows as it runs) and write each output row at its position.

/// The positions of each whole tile grouped by residue mod `classes`; the ragged last tile
/// (when the length is not a multiple of the block) keeps its order.
public struct ResiduePermutation: Sendable {
    /// d: the number of residue classes, 1 for no relabelling.
    public let classes: Int
    @usableFromInline let block: Int
    @usableFromInline let perClass: Int
    /// Positions below this are in whole tiles.
    @usableFromInline let wholeTileEnd: Int

    /// The relabelling for `classes` residues (a divisor of `block`; 1 for none) of a
    /// sequence of `length` positions.
    public init(classes: Int, block: Int, length: Int) {
        precondition(classes >= 1 && block % classes == 0, "the residue classes must divide the block")
        self.classes = classes
        self.block = block
        perClass = block / classes
        wholeTileEnd = length / block * block
    }

    /// Whether positions keep their order.
    @inlinable public var isIdentity: Bool { classes == 1 }

    /// The slot that position `p` takes.
    @inlinable @inline(__always)
    public func slot(ofPosition p: Int) -> Int {
        guard classes > 1, p < wholeTileEnd else { return p }
        let (tile, j) = p.quotientAndRemainder(dividingBy: block)
        return tile * block + slotInTile(j)
    }

    /// The slot, inside a whole tile, of the tile's position `j`: its residue's run, then its
    /// rank within the run.
    @inlinable @inline(__always)
    func slotInTile(_ j: Int) -> Int {
        (j % classes) * perClass + j / classes
    }

    /// The position held in slot `s`.
    @inlinable @inline(__always)
    public func position(ofSlot s: Int) -> Int {
        guard classes > 1, s < wholeTileEnd else { return s }
        let (tile, j) = s.quotientAndRemainder(dividingBy: block)
        return tile * block + (j % perClass) * classes + j / perClass
    }

    /// Whether tile `t` is relabelled (it is whole).
    @inlinable public func relabels(tile t: Int) -> Bool { classes > 1 && (t + 1) * block <= wholeTileEnd }

    /// Relabels the mask of tile (`row`, `column`) — `block` rows of `wordsPerRow` words, in
    /// position order — into slot order, in place; `scratch` holds `block · wordsPerRow` words.
    @inlinable
    public func relabel(mask: UnsafeMutablePointer<UInt64>, row: Int, column: Int, wordsPerRow: Int, scratch: UnsafeMutablePointer<UInt64>) {
        let (rows, columns) = (relabels(tile: row), relabels(tile: column))
        guard rows || columns else { return }
        scratch.update(from: mask, count: block * wordsPerRow)
        mask.update(repeating: 0, count: block * wordsPerRow)
        for r in 0..<block {
            // Row r goes to its slot row, and each of its bits to its slot column.
            let source = scratch + r * wordsPerRow
            let target = mask + (rows ? slotInTile(r) : r) * wordsPerRow
            for word in 0..<wordsPerRow {
                var bits = source[word]
                while bits != 0 {
                    let j = word * 64 + bits.trailingZeroBitCount
                    let slot = columns ? slotInTile(j) : j
                    target[slot >> 6] |= 1 << UInt64(slot & 63)
                    bits &= bits - 1
                }
            }
        }
    }
}
