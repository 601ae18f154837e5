// LaneMasks: a 64 × 64 tile mask turned from query rows (bit `j` of row `r` keeps key `j`)
// to key rows (bit `r` of key row `j`), as the kernels that keep a chunk's query rows in
// vector lanes read it (see TileWorkspace+QueryLanes).

#if arch(x86_64)
import CTileKernels
#endif

enum LaneMasks {
    /// Writes the 64 key-row words of the 64 row words at `rows` to `lanes`. Only runs that
    /// keep queries in lanes call it, and those exist on x86-64 only.
    @inline(__always)
    static func transpose(_ rows: UnsafePointer<UInt64>, into lanes: UnsafeMutablePointer<UInt64>) {
        #if arch(x86_64)
        sparse_attention_transpose_bits(rows, 64, lanes)
        #else
        preconditionFailure("query rows are kept in lanes on x86-64 with AVX2 or AVX-512 only")
        #endif
    }

    /// The key rows from the first to the last that some lane keeps, of the `count` key-row
    /// words at `lanes` (empty when none is kept): what a step reads of a partial tile, and so
    /// all the step before it prefetches. A fixed pattern's summary tile keeps its last 32.
    @inline(__always)
    static func keptKeyRows(_ lanes: UnsafePointer<UInt64>, count: Int) -> Range<Int> {
        var (low, high) = (0, count)
        while low < high && lanes[low] == 0 { low += 1 }
        while high > low && lanes[high - 1] == 0 { high -= 1 }
        return low..<high
    }
}
