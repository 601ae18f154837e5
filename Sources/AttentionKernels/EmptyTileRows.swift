// EmptyTileRows: the output rows no work item writes — those of query tiles that keep no key
// tile. Kernels allocate their output without filling it (the fill was 1.6 % of a narrow
// window's call at N = 16,384) and zero these rows themselves; every other row is written by
// the work items of its tile, finished or merged from the parts of a split row (a compiled
// kernel's item whose tiles all turned out empty zeroes its rows here too).

/// Writes the output of the query tiles that keep nothing.
@usableFromInline
enum EmptyTileRows {
    /// Zeroes the output rows (`Dv` floats each, of every query head) of each query tile
    /// `t` for which `isEmpty(t)`: positions `t · block ..< min(N, (t + 1) · block)`, which
    /// a residue permutation only reorders among themselves.
    @usableFromInline
    static func zero(_ output: inout [Float], shape: AttentionShape, block: Int, isEmpty: (Int) -> Bool) {
        let tiles = (shape.length + block - 1) / block
        output.withUnsafeMutableBufferPointer { output in
            for tile in 0..<tiles where isEmpty(tile) { zero(output.baseAddress!, tile: tile, shape: shape, block: block) }
        }
    }

    /// Zeroes the output rows of query tile `tile`, of every query head, in `output`.
    static func zero(_ output: UnsafeMutablePointer<Float>, tile: Int, shape: AttentionShape, block: Int) {
        let (n, dv) = (shape.length, shape.valueDepth)
        let rows = min(block, n - tile * block)
        for head in 0..<shape.queryHeadCount {
            (output + (head * n + tile * block) * dv).update(repeating: 0, count: rows * dv)
        }
    }
}
