// LaneMasks: a 64 × 64 tile mask turned from query rows (bit `j` of row `r` keeps key `j`)
// to key rows (bit `r` of key row `j`), as the kernels that keep a chunk's query rows in
// vector lanes read it (see TileWorkspace+QueryLanes).

#if arch(x86_64)
import CTileKernels
#endif

enum LaneMasks {
    /// Writes the 64 key-row words of the 64 row words at `rows` to `lanes`.
    @inline(__always)
    static func transpose(_ rows: UnsafePointer<UInt64>, count: Int = 64, into lanes: UnsafeMutablePointer<UInt64>) {
        #if arch(x86_64)
        sparse_attention_transpose_bits(rows, count, lanes)
        #else
        for j in 0..<64 { lanes[j] = 0 }
        for r in 0..<min(count, 64) {
            var bits = rows[r]
            while bits != 0 {
                lanes[bits.trailingZeroBitCount] |= 1 << UInt64(r)
                bits &= bits - 1
            }
        }
        #endif
    }
}
