// PeakMemory: this process's peak resident memory, for `run --report-memory`. On Linux it
// is VmHWM of /proc/self/status — the high-water mark of this program's own address
// space — because getrusage's figure also counts the parent's pages a spawned process
// shared before it started this program.

import Foundation

enum PeakMemory {
    /// The peak resident bytes of this process, or `nil` when the system does not say.
    static var residentBytes: Int? {
        #if os(Linux)
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let fields = line.split(separator: " ")
            guard fields.count >= 2, let kilobytes = Int(fields[1]) else { return nil }
            return kilobytes * 1024
        }
        return nil
        #else
        var usage = rusage()
        guard getrusage(RUSAGE_SELF, &usage) == 0 else { return nil }
        return Int(usage.ru_maxrss)  // bytes on Darwin
        #endif
    }

    /// The line `run --report-memory` prints: `peak resident memory: 426123264 bytes (406.4 MiB)`.
    static func report(_ bytes: Int) -> String {
        "peak resident memory: \(bytes) bytes (\(Format.bytes(bytes)))"
    }

    /// The bytes of a line made by ``report(_:)``, if `text` holds one.
    static func bytes(inReport text: String) -> Int? {
        for line in text.split(separator: "\n") where line.hasPrefix("peak resident memory: ") {
            return Int(line.dropFirst("peak resident memory: ".count).prefix { $0.isNumber })
        }
        return nil
    }
}
