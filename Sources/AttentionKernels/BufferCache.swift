// BufferCache: the few large buffers (2 MiB and more: packed keys and values) that calls
// of the kernels give back, kept for the next call instead of being freed. Fresh memory
// from the operating system is zeroed page by page at its first touch; at N = 16,384 that
// made the first calls of a process, and calls after other work had run, take up to 2.5×
// their usual time (sliding window: 89, 69, 53 ms, then 33), and the time of later calls
// vary by ±30 %. A kept buffer is taken for a request of up to its size and at least half
// of it; the four most recently given back are kept, so the memory held between calls is
// that of the packed inputs of the last two calls or so. ``KernelMemory`` reports and frees it.

import Foundation

/// The process's cache of large buffers; thread-safe.
final class BufferCache: @unchecked Sendable {
    /// The one cache of the process.
    static let shared = BufferCache()
    /// The largest number of buffers kept.
    static let capacity = 4

    private var buffers: [(memory: UnsafeMutableRawPointer, bytes: Int)] = []
    private let lock = NSLock()

    /// A kept buffer of at least `bytes` and at most twice that (the smallest such), removed
    /// from the cache; `nil` when there is none.
    func take(bytes: Int) -> UnsafeMutableRawPointer? {
        lock.lock()
        defer { lock.unlock() }
        let fitting = buffers.indices.filter { buffers[$0].bytes >= bytes && buffers[$0].bytes / 2 <= bytes }
        guard let best = fitting.min(by: { buffers[$0].bytes < buffers[$1].bytes }) else { return nil }
        return buffers.remove(at: best).memory
    }

    /// Keeps `memory` (of `bytes`) for a later ``take(bytes:)``; when the cache was full,
    /// returns the buffer kept longest, which is no longer kept (the caller frees it), so
    /// the cache follows the sizes of recent calls.
    func keep(_ memory: UnsafeMutableRawPointer, bytes: Int) -> UnsafeMutableRawPointer? {
        lock.lock()
        defer { lock.unlock() }
        buffers.append((memory, bytes))
        return buffers.count > Self.capacity ? buffers.removeFirst().memory : nil
    }

    /// The bytes held.
    var heldBytes: Int {
        lock.lock()
        defer { lock.unlock() }
        return buffers.reduce(0) { $0 + $1.bytes }
    }

    /// Removes every kept buffer and returns them.
    func removeAll() -> [UnsafeMutableRawPointer] {
        lock.lock()
        defer { lock.unlock() }
        defer { buffers.removeAll() }
        return buffers.map(\.memory)
    }
}

/// The memory the kernels keep between calls: the packed keys and values of recent calls
/// (at most four buffers), so that the next call of a similar size reuses them rather than
/// asking the operating system for fresh pages.
public enum KernelMemory {
    /// The bytes kept between calls.
    public static var cachedBytes: Int { BufferCache.shared.heldBytes }

    /// Frees the memory kept between calls (the next call asks the system again).
    public static func releaseCached() {
        for memory in BufferCache.shared.removeAll() { free(memory) }
    }
}
