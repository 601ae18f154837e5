// RecycledBuffers: the packed keys and values of the last calls, kept for the next call of
// the same size (as PyTorch's caching allocator keeps its blocks). A fresh 16 MiB buffer
// costs its pages' faults and the system zeroing every page, again on every call: at
// N = 16,384 that was 3–4 % of a narrow window's call. A kept buffer is simply overwritten.
// At most `capacity` bytes are kept; `releaseAll()` frees them. (Kept 64 MiB buffers once
// ran windowed patterns at N = 65,536 1.6× slower, in one kind of run and while the output
// was still filled before each call; that was not seen again: see docs/performance.md.)

import Foundation

/// Large buffers released by one call and handed to the next that asks for the same size.
///
/// Every kernel packs K and V into buffers taken from here and gives them back when the
/// call ends; a process that is done with attention can free what is kept:
///
/// ```swift
/// RecycledBuffers.releaseAll()
/// ```
public enum RecycledBuffers {
    /// The most bytes kept between calls (256 MiB: the packed K and V of a call at
    /// N = 65,536 with 8 key/value heads of D = Dv = 64); a larger buffer is freed when its
    /// call ends.
    public static let capacity = 256 << 20

    /// Buffers no call is using, the most recently released last.
    private final class Store: @unchecked Sendable {
        let lock = NSLock()
        var kept: [(pointer: UnsafeMutableRawPointer, bytes: Int)] = []
        var keptBytes = 0
    }
    private static let store = Store()

    /// A kept buffer of exactly `bytes` bytes, taken out of the store, or `nil`.
    static func take(bytes: Int) -> UnsafeMutableRawPointer? {
        store.lock.withLock {
            guard let index = store.kept.lastIndex(where: { $0.bytes == bytes }) else { return nil }
            store.keptBytes -= bytes
            return store.kept.remove(at: index).pointer
        }
    }

    /// Keeps `pointer` (`bytes` bytes from ``LargeBuffer``) for a later call, freeing the
    /// oldest kept buffers beyond ``capacity``, or frees it at once if it alone is larger.
    static func keep(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
        guard bytes <= capacity else { return free(pointer) }
        let evicted: [UnsafeMutableRawPointer] = store.lock.withLock {
            store.kept.append((pointer, bytes))
            store.keptBytes += bytes
            var evicted: [UnsafeMutableRawPointer] = []
            while store.keptBytes > capacity {
                let oldest = store.kept.removeFirst()
                store.keptBytes -= oldest.bytes
                evicted.append(oldest.pointer)
            }
            return evicted
        }
        evicted.forEach { free($0) }
    }

    /// Frees every kept buffer; calls running meanwhile keep theirs until they end.
    public static func releaseAll() {
        let all = store.lock.withLock {
            defer { store.kept = []; store.keptBytes = 0 }
            return store.kept.map(\.pointer)
        }
        all.forEach { free($0) }
    }

    /// The bytes kept now, for no call.
    public static var keptBytes: Int { store.lock.withLock { store.keptBytes } }
}
