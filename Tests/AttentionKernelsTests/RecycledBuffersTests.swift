// Packed K and V buffers kept from one call for the next: a buffer is handed back only for
// exactly its size, the oldest go when the store is over its capacity, and a call on a kept
// buffer — even one left full of NaN, of another shape with the same size — gives exactly
// what a call on fresh memory gives.
//
// Other suites run kernels meanwhile and use the same store, so these tests use sizes no
// kernel of theirs packs, or check only what another call cannot change.

import Foundation
import Testing
@testable import AttentionKernels

@Suite struct RecycledBuffersTests {
    /// A size of at least one huge page that no test's packed tiles have.
    static let oddSize = LargeBuffer.hugePage + 64 * 7919

    @Test func aKeptBufferIsHandedBackForItsSizeOnly() throws {
        let pointer = LargeBuffer.allocateRecycled(UInt8.self, count: Self.oddSize)
        LargeBuffer.recycle(pointer, count: Self.oddSize)
        #expect(RecycledBuffers.take(bytes: Self.oddSize + 64) == nil)
        let again = try #require(RecycledBuffers.take(bytes: Self.oddSize))
        #expect(again == UnsafeMutableRawPointer(pointer))
        #expect(RecycledBuffers.take(bytes: Self.oddSize) == nil)
        free(again)
    }

    @Test func smallBuffersAreFreedNotKept() {
        let count = LargeBuffer.hugePage / 4 - 16 * 977
        let pointer = LargeBuffer.allocateRecycled(Float.self, count: count)
        LargeBuffer.recycle(pointer, count: count)
        #expect(RecycledBuffers.take(bytes: LargeBuffer.byteCount(of: Float.self, count: count)) == nil)
    }

    @Test func theOldestGoWhenTheStoreIsFull() throws {
        // Two buffers of over half the capacity (address space only: no page is touched).
        let (first, second) = (RecycledBuffers.capacity / 2 + 64 * 101, RecycledBuffers.capacity / 2 + 64 * 103)
        LargeBuffer.recycle(LargeBuffer.allocate(UInt8.self, count: first), count: first)
        LargeBuffer.recycle(LargeBuffer.allocate(UInt8.self, count: second), count: second)
        #expect(RecycledBuffers.take(bytes: first) == nil)
        let kept = try #require(RecycledBuffers.take(bytes: second))
        free(kept)
        #expect(RecycledBuffers.keptBytes <= RecycledBuffers.capacity)
        // One larger than the store is freed at once.
        let huge = RecycledBuffers.capacity + 64
        LargeBuffer.recycle(LargeBuffer.allocate(UInt8.self, count: huge), count: huge)
        #expect(RecycledBuffers.take(bytes: huge) == nil)
    }

    @Test func aCallOnKeptBuffersFullOfNaNEqualsACallOnFreshMemory() throws {
        // Tiles of 32, which every CPU's kernels pack (runs of 64-tiles on AVX-512 read K and V in place).
        let pattern = try KernelTestSupport.pattern("pattern p { block 32\n mask local(40) | global([5]) }")
        // 132 key tiles of D = Dv = 128 either way: one head of 4,200 positions, then two of
        // 2,100, ragged (8 and 20 keys in the last tile), over the same sizes of packed tiles.
        let (depth, first, second) = (128, (heads: 1, length: 4200), (heads: 2, length: 2100))
        let bytes = LargeBuffer.byteCount(of: Float.self, count: 132 * depth * 32)
        #expect(bytes >= LargeBuffer.hugePage)
        func inputs(_ shape: (heads: Int, length: Int), seed: UInt64) -> [AttentionTensor] {
            (0..<3).map { KernelTestSupport.random([shape.heads, shape.length, depth], seed: seed + UInt64($0)) }
        }
        let a = inputs(first, seed: 10)
        _ = try BlockSparseInterpreter(pattern: pattern, length: first.length, threadCount: 2).run(query: a[0], key: a[1], value: a[2])
        // Both packed buffers are kept: poison them.
        for _ in 0..<2 {
            let kept = try #require(RecycledBuffers.take(bytes: bytes))
            kept.initializeMemory(as: Float.self, repeating: .nan, count: bytes / 4)
            RecycledBuffers.keep(kept, bytes: bytes)
        }
        let b = inputs(second, seed: 20)
        let interpreter = BlockSparseInterpreter(pattern: pattern, length: second.length, threadCount: 2)
        let onKept = try interpreter.run(query: b[0], key: b[1], value: b[2])
        RecycledBuffers.releaseAll()
        let onFresh = try interpreter.run(query: b[0], key: b[1], value: b[2])
        // Compared whole, but reported briefly (the arrays hold half a million floats).
        let differing = zip(onKept.output.values, onFresh.output.values).count { $0.bitPattern != $1.bitPattern }
            + zip(onKept.logSumExp.values, onFresh.logSumExp.values).count { $0.bitPattern != $1.bitPattern }
        #expect(onKept.output.shape == onFresh.output.shape && differing == 0)
        #expect(onKept.output.values.count { $0.isNaN } == 0)
    }
}
