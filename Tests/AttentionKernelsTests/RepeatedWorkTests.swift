// RepeatedWork: every thread's units are counted once, each thread gets its own index, and
// the deadline it is given lies `seconds` ahead.

import Dispatch
import Testing
@testable import AttentionKernels

@Suite struct RepeatedWorkTests {
    @Test(arguments: [1, 2, 3])
    func countsEveryThreadOnce(threads: Int) {
        let (units, seconds) = RepeatedWork.run(threadCount: threads, seconds: 0.001) { thread, _ in 1 << thread }
        #expect(units == (1 << threads) - 1)
        #expect(seconds >= 0)
    }

    @Test func workRunsUntilItsDeadline() {
        let before = DispatchTime.now().uptimeNanoseconds
        let (units, seconds) = RepeatedWork.run(threadCount: 2, seconds: 0.02) { _, deadline in
            #expect(deadline >= before + 20_000_000)
            var count = 0
            repeat { count += 1 } while DispatchTime.now().uptimeNanoseconds < deadline
            return count
        }
        #expect(units >= 2 && seconds >= 0.02)
    }
}
