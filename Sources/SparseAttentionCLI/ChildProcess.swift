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

    /// Runs `executable` with `arguments`, waits for it, and returns its standard output and
    /// standard error; throws when it cannot start or exits with a non-zero status.
    static func run(_ executable: String, _ arguments: [String]) throws(ChildProcessError) -> (output: Data, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        // Standard error goes to a file: two pipes read one after the other could deadlock.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("sparse-attn-child-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).err")
        guard FileManager.default.createFile(atPath: errorFile.path, contents: nil), let errorHandle = try? FileHandle(forWritingTo: errorFile) else {
            throw ChildProcessError(message: "cannot create the temporary file '\(errorFile.path)'")
        }
        defer { try? FileManager.default.removeItem(at: errorFile) }
        process.standardError = errorHandle
        do { try process.run() } catch { throw ChildProcessError(message: "cannot start '\(executable)': \(error.localizedDescription)") }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? errorHandle.close()
        let errors = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            let said = errors.split(separator: "\n").last.map { ": \($0)" } ?? ""
            throw ChildProcessError(message: "'\(executable) \(arguments.joined(separator: " "))' exited with status \(process.terminationStatus)\(said)")
        }
        return (data, errors)
    }
}
