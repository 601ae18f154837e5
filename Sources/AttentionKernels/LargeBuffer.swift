// LargeBuffer: the memory of the packed keys and values — aligned to 2 MiB and, on Linux,
// advised to use transparent huge pages, so that a 64 MiB buffer costs a hundred page
// faults rather than sixteen thousand, and the tile loop's TLB misses drop with them —
// output arrays on memory advised the same way (filled in parallel, or left for the kernel
// to write), and each thread's scratch in whole cache lines of its own.

import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Uninitialised memory for large arrays of floats; free it with ``release(_:)``.
@usableFromInline
enum LargeBuffer {
    /// The alignment of buffers of at least this size: one huge page.
    static let hugePage = 2 << 20

    /// `count` uninitialised elements (at least one), in whole cache lines of their own: a
    /// thread's buffer shares no line with another's, so writing it never takes a line
    /// from the other core.
    static func allocate<Element>(_ type: Element.Type, count: Int) -> UnsafeMutablePointer<Element> {
        let bytes = byteCount(of: type, count: count)
        let alignment = bytes >= hugePage ? hugePage : 64
        var memory: UnsafeMutableRawPointer?
        guard posix_memalign(&memory, alignment, bytes) == 0, let memory else { fatalError("out of memory: \(bytes) bytes") }
        #if os(Linux)
        if alignment == hugePage { _ = madvise(memory, bytes, MADV_HUGEPAGE) }
        #endif
        return memory.bindMemory(to: Element.self, capacity: max(1, count))
    }

    /// The bytes ``allocate(_:count:)`` takes for `count` elements: whole cache lines.
    static func byteCount<Element>(of type: Element.Type, count: Int) -> Int {
        (max(1, count) * MemoryLayout<Element>.stride + 63) / 64 * 64
    }

    /// Like ``allocate(_:count:)``, but takes a buffer of the same size that a call before
    /// released with ``recycle(_:count:)``, if one is kept (its contents are stale).
    static func allocateRecycled<Element>(_ type: Element.Type, count: Int) -> UnsafeMutablePointer<Element> {
        let bytes = byteCount(of: type, count: count)
        guard bytes >= hugePage, let kept = RecycledBuffers.take(bytes: bytes) else { return allocate(type, count: count) }
        return kept.bindMemory(to: Element.self, capacity: max(1, count))
    }

    /// Releases a buffer of `count` elements from ``allocateRecycled(_:count:)``, keeping it
    /// for the next call if it is large (see ``RecycledBuffers``).
    static func recycle<Element>(_ pointer: UnsafeMutablePointer<Element>, count: Int) {
        let bytes = byteCount(of: Element.self, count: count)
        guard bytes >= hugePage else { return release(pointer) }
        RecycledBuffers.keep(UnsafeMutableRawPointer(pointer), bytes: bytes)
    }

    /// An array of `count` copies of `value`, written by `threadCount` threads on memory
    /// advised to use huge pages (the first touch of each page is where its cost lies).
    @usableFromInline
    static func filledArray(_ value: Float, count: Int, threadCount: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress, count > 0 else { initialized = 0; return }
            adviseHugePages(base, count: count)
            let target = SendablePointer(base)
            let parts = max(1, min(threadCount, count / (1 << 16)))
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let (low, high) = (count * part / parts, count * (part + 1) / parts)
                (target.pointer + low).initialize(repeating: value, count: high - low)
            }
            initialized = count
        }
    }

    /// An output array of `count` floats that the kernel writes, every one (rows of tiles that
    /// keep nothing through ``EmptyTileRows``), on memory advised to use huge pages. Release
    /// builds leave it unfilled; debug builds fill it with NaN, so that a test sees any
    /// element a kernel leaves unwritten.
    @usableFromInline
    static func outputArray(count: Int, threadCount: Int) -> [Float] {
        #if DEBUG
        return filledArray(.nan, count: count, threadCount: threadCount)
        #else
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = buffer.baseAddress { adviseHugePages(base, count: count) }
            initialized = count
        }
        #endif
    }

    /// Advises the whole huge pages inside `count` floats at `base` to be huge pages.
    private static func adviseHugePages(_ base: UnsafeMutablePointer<Float>, count: Int) {
        #if os(Linux)
        let start = (Int(bitPattern: base) + hugePage - 1) / hugePage * hugePage
        let end = (Int(bitPattern: base + count)) / hugePage * hugePage
        if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE) }
        #endif
    }

    /// Frees a buffer from ``allocate(_:count:)``.
    static func release<Element>(_ pointer: UnsafeMutablePointer<Element>) {
        free(pointer)
    }
}
