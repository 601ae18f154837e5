// An interrupted command leaves no temporary file: the built `sparse-attn` is started as
// a child process writing a 1 GiB mask, and SIGINT or SIGTERM is sent once its partial
// file exists; the folder must be left as it was, and the process must die of the signal.

import Foundation
import Testing

@Suite struct InterruptTests {
    /// The `sparse-attn` executable built beside the tests, if there is one.
    static var executable: String? {
        var folders = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            folders += [bundle.bundleURL.deletingLastPathComponent()]
        }
        folders.append(CLITestSupport.packageRoot.appendingPathComponent(".build/debug"))
        return folders.map { $0.appendingPathComponent("sparse-attn").path }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func anInterruptedMaskLeavesNoPartialFile(signal: Int32) throws {
        let executable = try #require(Self.executable, "sparse-attn is not built beside the tests")
        let folder = try CLITestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pattern = CLITestSupport.packageRoot.appendingPathComponent("Patterns/longformer.attn").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["mask", pattern, "--pattern", "longformer", "--length", "32768", "--output", folder.appendingPathComponent("int.npy").path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        // The child inherits this thread's signal mask, and the test runner's worker threads
        // block signals: unblock the one sent while the child starts.
        var unblocked = sigset_t(), previous = sigset_t()
        sigemptyset(&unblocked)
        sigaddset(&unblocked, signal)
        pthread_sigmask(SIG_UNBLOCK, &unblocked, &previous)
        let started = Result { try process.run() }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        try started.get()
        // Poll for the partial file, for at most a minute.
        let deadline = Date().addingTimeInterval(60)
        var partial: [String] = []
        while partial.isEmpty && process.isRunning && Date() < deadline {
            partial = try CLITestSupport.contents(of: folder).filter { $0.hasPrefix(".int.npy.partial-") }
            if partial.isEmpty { usleep(10_000) }
        }
        #expect(partial.count == 1, "the partial file never appeared: \(partial)")
        kill(process.processIdentifier, signal)
        let stop = Date().addingTimeInterval(30)
        while process.isRunning && Date() < stop { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("sparse-attn did not stop on signal \(signal)")
        }
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == signal,
                "status \(process.terminationStatus), reason \(process.terminationReason.rawValue)")
        #expect(try CLITestSupport.contents(of: folder) == [])
    }
}
