// CompiledAttention+Masks: the bit masks of a compiled kernel's partial tiles — filled word
// by word by the pattern's generated `fillMask`, shared along a diagonal, column or row
// where the mask's residual allows, and relabelled into residue order.

import BlockSparsePlanner

extension CompiledAttention {
    /// Sets the bits of the kept pairs of tile (`row`, `column`) with the pattern's
    /// `fillMask`: a few word operations a row, and a few hundred tests of the mask's parts
    /// (B² for a part that depends on q and k otherwise than through q - k). An interior
    /// tile whose residual (see ``MaskResidual``) depends on q - k, k or q alone has the
    /// mask of every such tile on its diagonal, column or row: it is filled once and
    /// copied from `cache` after that. The mask is left in the slot order of `permutation`
    /// (`scratch`: `block · wordsPerRow` words).
    @inlinable
    static func fillMask<Pattern: CompiledPattern>(_ pattern: Pattern, row: Int, column: Int, into mask: UnsafeMutablePointer<UInt64>,
                                                   wordsPerRow: Int, cache: inout SharedMaskCache, permutation: ResiduePermutation,
                                                   scratch: UnsafeMutablePointer<UInt64>) {
        let block = Int64(Pattern.blockSize)
        let last = Int64(pattern.length) - 1
        let tile = Box(q0: Int64(row) * block, q1: min(last, Int64(row + 1) * block - 1),
                       k0: Int64(column) * block, k1: min(last, Int64(column + 1) * block - 1))
        let interior = tile.q1 - tile.q0 == block - 1 && tile.k1 - tile.k0 == block - 1
        // The cache key: the shared index, times 4, plus the kind of sharing.
        var key: Int?
        if interior {
            switch pattern.maskResidual(tile).dependence {
            case .difference: key = (row - column) * 4
            case .keyOnly: key = column * 4 + 1
            case .queryOnly: key = row * 4 + 2
            case .constant, .other: key = nil
            }
        }
        if let key, cache.copy(key: key, into: mask) { return }
        pattern.fillMask(tile, into: mask, wordsPerRow: wordsPerRow)
        permutation.relabel(mask: mask, row: row, column: column, wordsPerRow: wordsPerRow, scratch: scratch)
        if let key { cache.store(key: key, from: mask) }
    }
}
