// CompiledAttention+Masks: the bit masks of a compiled kernel's partial tiles — filled box
// by box from the pattern's inlined tile states and element mask, shared along a diagonal,
// column or row where the mask's residual allows, and relabelled into residue order.

import BlockSparsePlanner

extension CompiledAttention {
    /// Sets the bits of the kept pairs of tile (`row`, `column`): boxes the pattern's tile
    /// states decide are filled whole; the rest is split, down to boxes of 256 pairs that take the
    /// element mask pair by pair. A band's diagonal tile costs a few hundred box tests, an
    /// arbitrary predicate B² element tests. An interior tile whose residual (see
    /// ``MaskResidual``) depends on q - k, k or q alone has the mask of every such tile on its
    /// diagonal, column or row: it is filled once and copied from `cache` after that. The
    /// mask is left in the slot order of `permutation` (`scratch`: `block · wordsPerRow` words).
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
        fill(pattern, tile, origin: tile, mask: mask, wordsPerRow: wordsPerRow)
        permutation.relabel(mask: mask, row: row, column: column, wordsPerRow: wordsPerRow, scratch: scratch)
        if let key { cache.store(key: key, from: mask) }
    }

    @inlinable
    static func fill<Pattern: CompiledPattern>(_ pattern: Pattern, _ box: Box, origin: Box, mask: UnsafeMutablePointer<UInt64>, wordsPerRow: Int) {
        let state = pattern.tileState(box)
        switch state {
        case .empty:
            return
        case .full:
            let (low, high) = (Int(box.k0 - origin.k0), Int(box.k1 - origin.k0))
            for word in low >> 6...high >> 6 {
                // Bits max(low, 64 · word) through min(high, 64 · word + 63) of the word.
                let (first, last) = (max(low - word * 64, 0), min(high - word * 64, 63))
                let bits = (~UInt64(0) >> UInt64(63 - last)) & (~UInt64(0) << UInt64(first))
                for q in box.q0...box.q1 { mask[Int(q - origin.q0) * wordsPerRow + word] |= bits }
            }
        case .partial, .unknown:
            if box.area <= 256 {
                // Row by row: most rows of a random or strided tile are decided whole.
                for q in box.q0...box.q1 {
                    let bits = mask + Int(q - origin.q0) * wordsPerRow
                    let rowState = pattern.tileState(Box(q0: q, q1: q, k0: box.k0, k1: box.k1))
                    if rowState == .empty { continue }
                    for k in box.k0...box.k1 where rowState == .full || pattern.keeps(query: q, key: k) {
                        let j = Int(k - origin.k0)
                        bits[j >> 6] |= 1 << UInt64(j & 63)
                    }
                }
                return
            }
            let (first, second) = box.halves
            fill(pattern, first, origin: origin, mask: mask, wordsPerRow: wordsPerRow)
            fill(pattern, second, origin: origin, mask: mask, wordsPerRow: wordsPerRow)
        }
    }
}
