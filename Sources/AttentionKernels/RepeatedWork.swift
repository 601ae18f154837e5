// RepeatedWork: the timing harness of the rates `bench` measures against (the matrix
// product, the multiply-add peak) — the same work started on several threads at once and
// repeated until a deadline, counted per thread.

import Dispatch

/// Work repeated on several threads at once until a deadline, to measure a rate.
///
/// ```swift
/// let (units, seconds) = RepeatedWork.run(threadCount: 2, seconds: 0.2) { thread, deadline in
///     var done = 0
///     repeat { step(); done += 1 } while DispatchTime.now().uptimeNanoseconds < deadline
///     return done
/// }
/// ```
enum RepeatedWork {
    /// Runs `work(thread, deadline)` on each of `threadCount` threads at once; each repeats
    /// its work until `deadline` (in `DispatchTime` uptime nanoseconds) and returns how many
    /// units it did. Returns the units of all threads and the seconds from start to the last
    /// thread's end.
    static func run(threadCount: Int, seconds: Double, _ work: @Sendable (_ thread: Int, _ deadline: UInt64) -> Int) -> (units: Int, seconds: Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let deadline = start + UInt64(seconds * 1e9)
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: threadCount)
        defer { counts.deallocate() }
        let shared = SendablePointer(counts)
        DispatchQueue.concurrentPerform(iterations: threadCount) { thread in
            shared.pointer[thread] = work(thread, deadline)
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return ((0..<threadCount).reduce(0) { $0 + counts[$1] }, elapsed)
    }
}
