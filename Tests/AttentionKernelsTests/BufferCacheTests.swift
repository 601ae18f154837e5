// The cache of large buffers kept between kernel calls: which kept buffer a request gets,
// which are kept, that releasing empties it, and that a kernel handed a reused buffer
// full of NaN (what a previous call could leave) still computes exactly.

@testable import AttentionKernels
import Foundation
import Testing

@Suite struct BufferCacheTests {
    @Test func aRequestGetsTheSmallestKeptBufferOfAtLeastItsSizeAndAtMostTwice() {
        let cache = BufferCache()
        let sizes = [4 << 20, 8 << 20, 3 << 20]
        let buffers = sizes.map { malloc($0)! }
        defer { buffers.forEach { free($0) } }
        for (buffer, size) in zip(buffers, sizes) { #expect(cache.keep(buffer, bytes: size) == nil) }
        #expect(cache.heldBytes == 15 << 20)
        #expect(cache.take(bytes: 9 << 20) == nil)              // larger than every buffer
        #expect(cache.take(bytes: 1 << 20) == nil)              // less than half of every buffer
        #expect(cache.take(bytes: 2 << 20) == buffers[2])       // 3 MiB: the smallest that fits
        #expect(cache.take(bytes: 2 << 20) == buffers[0])       // 4 MiB is at most twice 2 MiB
        #expect(cache.take(bytes: 3 << 20) == nil)              // 8 MiB is more than twice 3 MiB
        #expect(cache.take(bytes: 5 << 20) == buffers[1])
        #expect(cache.heldBytes == 0 && cache.removeAll().isEmpty)
    }

    @Test func theFourLatestAreKept() {
        let cache = BufferCache()
        let buffers = (0..<6).map { _ in malloc(16)! }
        defer { buffers.forEach { free($0) } }
        // The fifth and sixth give back the first and the second.
        #expect(buffers.map { cache.keep($0, bytes: 2 << 20) } == [nil, nil, nil, nil, buffers[0], buffers[1]])
        #expect(cache.heldBytes == 4 * (2 << 20))
        #expect(Set(cache.removeAll()) == Set(buffers.suffix(4)))
        #expect(cache.heldBytes == 0 && cache.take(bytes: 2 << 20) == nil)
    }

    @Test func aReusedBufferFullOfNaNChangesNoResult() throws {
        // 32 heads of N = 203 (4 tiles, the last ragged), D = 64, Dv = 70 (padded to 72): packed K and V are
        // each over 2 MiB, so they come from the cache, where NaN-filled buffers of exactly
        // their sizes were just put (unless another test took them first).
        let (heads, length) = (32, 203)
        let keyBytes = heads * 4 * 64 * 64 * 4, valueBytes = heads * 4 * 64 * 72 * 4
        for bytes in [keyBytes, valueBytes] {
            let pointer = LargeBuffer.allocate(Float.self, count: bytes / 4)
            pointer.initialize(repeating: .nan, count: bytes / 4)
            LargeBuffer.release(pointer, count: bytes / 4)
        }
        let pattern = try KernelTestSupport.pattern("pattern p { block 64\n mask causal & local(70) | k % 9 == 0 }")
        let q = KernelTestSupport.random([heads, length, 64], seed: 61), k = KernelTestSupport.random([heads, length, 64], seed: 62)
        let v = KernelTestSupport.random([heads, length, 70], seed: 63)
        let actual = try BlockSparseInterpreter(pattern: pattern, length: length, threadCount: 2).run(query: q, key: k, value: v)
        KernelTestSupport.expectClose(actual, try ReferenceAttention.run(pattern: pattern, query: q, key: k, value: v))
    }

    @Test func releasingTheCacheFreesWhatItHeld() {
        // A size no kernel call of the tests asks for, so that no other test takes it, and
        // more than all of them could keep: after the release, less than that is held.
        // (Other tests may give back buffers meanwhile, and push this one out early.)
        let claimed = 3 << 30
        if let evicted = BufferCache.shared.keep(malloc(16)!, bytes: claimed) { free(evicted) }
        KernelMemory.releaseCached()
        #expect(KernelMemory.cachedBytes < claimed)
    }
}
