// Tests of the allocator settings `bench` runs with (ReusedMemory): once set, a block larger
// than glibc's own largest mmap threshold (32 MiB) comes from its heap, not from a mapping of
// its own that the system would zero again on every call.

#if os(Linux)
import Foundation
import Testing
@testable import SparseAttentionCLI

@Suite struct ReusedMemoryTests {
    /// Whether a mapping of this process starts at `address` (where glibc maps a block of
    /// its own: 16 bytes before the pointer it hands out).
    static func mappingStarts(at address: Int) throws -> Bool {
        let maps = try String(contentsOfFile: "/proc/self/maps", encoding: .utf8)
        return maps.split(separator: "\n").contains { line in line.split(separator: "-").first.flatMap { Int($0, radix: 16) } == address }
    }

    /// 40 MiB: above the 32 MiB that glibc's threshold reaches on its own, and small enough
    /// for the heap of a thread's arena (64 MiB at most), since tests do not run on the main
    /// thread that `bench`'s calls (and their 64 MiB outputs) run on.
    @Test func largeBlocksComeFromTheHeapOnceFreedMemoryIsKept() throws {
        ReusedMemory.keepFreedMemory()
        for _ in 0..<2 {
            let block = try #require(malloc(40 << 20))
            defer { free(block) }
            memset(block, 1, 40 << 20)
            #expect(try !Self.mappingStarts(at: Int(bitPattern: block) - 16), "a 40 MiB block got a mapping of its own")
        }
    }
}
#endif
