// ChildProcess: the other programs `bench --targets` runs — `sparse-attn run` in a child
// process, to measure its peak resident memory alone, and another build's `sparse-attn
// bench --json`, to compare builds in one session — and the error either may report.

import Foundation

/// A child process that failed, or whose output could not be read (exit status 1).
struct ChildProcessError: Error, Sendable {
    var message: String
}

enum ChildProcess {
    /// This program's own executable.
    static var ownExecutable: String { Bundle.main.executablePath ?? CommandLine.arguments[0] }

    /// Runs `executable` with `arguments`, waits for it, and returns its standard output;
    /// throws when it cannot start or exits with a non-zero status.
    static func run(_ executable: String, _ arguments: [String]) throws(ChildProcessError) -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { throw ChildProcessError(message: "cannot start '\(executable)': \(error.localizedDescription)") }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ChildProcessError(message: "'\(executable) \(arguments.joined(separator: " "))' exited with status \(process.terminationStatus)")
        }
        return data
    }

    /// The largest peak resident set of the children waited for so far, in bytes.
    static var childrenPeakResidentBytes: Int {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        return Int(usage.ru_maxrss) * 1024  // kilobytes on Linux
        #else
        getrusage(RUSAGE_CHILDREN, &usage)
        return Int(usage.ru_maxrss)  // bytes on Darwin
        #endif
    }
}
