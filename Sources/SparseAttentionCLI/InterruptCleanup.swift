// InterruptCleanup: removing the temporary files of unfinished outputs when the process
// is interrupted (SIGINT, SIGTERM, SIGHUP). The handler may only call async-signal-safe
// functions, so it neither allocates nor locks: the paths are C strings copied before the
// files are created, kept in a fixed table the handler reads, and it calls `unlink` on
// each, restores the signal's default action and raises the signal again, so the process
// ends as the signal would have ended it (status 128 + signal in a shell). A signal the
// process was started ignoring (`nohup`, a background job) stays ignored.

import Foundation

enum InterruptCleanup {
    /// The most temporary files open at once (`run` has two, `show` two).
    static let capacity = 16

    /// The table the handler reads: C strings, or nil for a free slot. Allocated once and
    /// never freed; a slot is set only after its string is complete, and cleared before
    /// the string is freed.
    nonisolated(unsafe) fileprivate static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let slots = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
        slots.initialize(repeating: nil, count: capacity)
        return slots
    }()

    /// The signals whose default action ends the process and that an interruption sends.
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    fileprivate static let lock = NSLock()
    nonisolated(unsafe) private static var installed = false

    /// A registered path; ``unregister()`` forgets it (once, however often it is called).
    final class Registration {
        fileprivate let slot: Int
        fileprivate var active = true

        fileprivate init(slot: Int) { self.slot = slot }

        /// Forgets the path: its file was renamed into place or removed.
        func unregister() {
            InterruptCleanup.lock.lock()
            defer { InterruptCleanup.lock.unlock() }
            guard active else { return }
            active = false
            // The string is not freed: a handler running on another thread may have read
            // the slot just before and be about to unlink the path. A process registers a
            // few outputs, so keeping their paths costs a few hundred bytes.
            InterruptCleanup.slots[slot] = nil
        }
    }

    /// Registers `path` to be removed if the process is interrupted, or returns nil when
    /// the table is full (the file is then left behind by an interruption, as before).
    static func register(_ path: String) -> Registration? {
        lock.lock()
        defer { lock.unlock() }
        // The table first: the handler must find it made, never make it.
        _ = slots
        installHandlers()
        guard let slot = (0..<capacity).first(where: { slots[$0] == nil }), let copy = strdup(path) else { return nil }
        slots[slot] = copy
        return Registration(slot: slot)
    }

    /// Installs the handler for each signal once, except for signals the process was
    /// started ignoring (as `nohup` and background jobs are): those stay ignored.
    private static func installHandlers() {
        guard !installed else { return }
        installed = true
        for signal in signals {
            var action = sigaction()
            var previous = sigaction()
            guard sigaction(signal, nil, &previous) == 0 else { continue }
            #if canImport(Darwin)
            if unsafeBitCast(previous.__sigaction_u.__sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { continue }
            action.__sigaction_u.__sa_handler = handle
            #else
            if unsafeBitCast(previous.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { continue }
            action.__sigaction_handler.sa_handler = handle
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signal, &action, nil)
        }
    }

    /// The handler: unlink every registered file, then die of the signal.
    private static let handle: @convention(c) (Int32) -> Void = { signal in
        for index in 0..<InterruptCleanup.capacity {
            if let path = InterruptCleanup.slots[index] { unlink(path) }
        }
        var action = sigaction()
        #if canImport(Darwin)
        action.__sigaction_u.__sa_handler = SIG_DFL
        #else
        action.__sigaction_handler.sa_handler = SIG_DFL
        #endif
        sigemptyset(&action.sa_mask)
        sigaction(signal, &action, nil)
        raise(signal)
    }
}
