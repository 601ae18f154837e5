// ReusedMemory: `bench` keeps the memory its calls free for the calls after them, as a
// caching allocator would. Every call returns its output in a fresh array; glibc serves a
// block below its mmap threshold (which it raises up to 32 MiB as large blocks are freed)
// from memory it already has, but maps a larger one afresh, and the system zeroes every page
// of it on first touch. So at N = 16,384 (4 heads, Dv = 64: a 16 MiB output) a call reused
// its output's pages, while at N = 65,536 (64 MiB) each call paid for zeroing its own: 2–5 %
// of a windowed call, and in `--targets` runs all of target 4's growth past the kept pairs
// (docs/performance.md). With both thresholds raised, every size is timed on reused memory.

#if canImport(Glibc)
import Glibc
#endif

/// The allocator settings `bench` runs with.
enum ReusedMemory {
    /// How the `build:` line of `bench`'s reports names them.
    static let description = "freed memory reused (glibc's mmap and trim thresholds at 1 GiB)"

    /// Asks glibc to serve blocks up to 1 GiB from its heap and to keep up to 1 GiB of freed
    /// memory there instead of handing it back to the system. Process-wide: only `bench` does
    /// this; a program calling the kernels in a loop can do the same (`mallopt`, or
    /// `GLIBC_TUNABLES=glibc.malloc.mmap_threshold=1073741824:glibc.malloc.trim_threshold=1073741824`).
    static func keepFreedMemory() {
        #if canImport(Glibc)
        // `mallopt` is not in Swift's Glibc module (malloc.h): looked up, with malloc.h's values.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let (trimThreshold, mmapThreshold): (Int32, Int32) = (-1, -3)  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(mmapThreshold, 1 << 30)
        _ = mallopt(trimThreshold, 1 << 30)
        #endif
    }
}
