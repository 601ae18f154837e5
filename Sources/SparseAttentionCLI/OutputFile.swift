// OutputFile: writing a result all at once or not at all — a temporary file beside the
// destination, renamed over it only when everything was written. A path that is a
// symbolic link is followed, so the link stays and its target gets the result (also
// `/dev/fd/N` or `/dev/stdout` when they lead to a plain file); a path that leads to a
// pipe or a device (`/dev/stdout` on a terminal or a pipe, a FIFO) is written as the
// stream it is, straight and without a rename (renaming over it would replace the device
// with a file). A loop of symbolic links is an error. That no output is an input or
// another output is checked before, by ``DistinctFiles``.

import Foundation
import NumPyFormat
import PatternLanguage

/// Writes an output file atomically: on any failure nothing is left at the path. Pipes
/// and devices are written directly; a failure can leave part of the output in them.
struct OutputFile {
    let path: String
    /// The file renamed into place by ``commit()``, or `nil` when writing a pipe or device.
    private let temporaryPath: String?
    /// What the temporary file becomes: `path` with its symbolic links followed.
    private let destination: String
    private let handle: FileHandle
    /// The temporary file's entry in the table of files removed on an interruption.
    private let cleanup: InterruptCleanup.Registration?

    /// Opens a temporary file in the destination's directory, or the pipe or device itself.
    init(path: String) throws(Diagnostic) {
        self.path = path
        // Pipes and devices are streams, also behind links such as `/dev/stdout` or
        // `/dev/fd/3` (`stat` follows them as the kernel does, to a pipe or a terminal).
        var status = stat()
        let exists = stat(path, &status) == 0
        let failure = exists ? 0 : errno
        if !exists && failure != ENOENT {
            // A loop of symbolic links (ELOOP), a file used as a directory (ENOTDIR), a
            // directory that cannot be searched (EACCES): nothing to follow or replace.
            throw Diagnostic(.error, "cannot write '\(path)': \(systemMessage(failure))",
                             hint: failure == ELOOP ? symbolicLinkLoopHint : nil)
        }
        let kind = status.st_mode & S_IFMT
        if exists && kind != S_IFREG && kind != S_IFDIR {
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw Diagnostic(.error, "cannot write '\(path)': permission denied")
            }
            (temporaryPath, destination, self.handle, cleanup) = (nil, path, handle, nil)
            return
        }
        // A symbolic link is followed: the link stays, its target is written.
        guard let resolved = Self.followingLinks(path) else {
            throw Diagnostic(.error, "cannot write '\(path)': \(systemMessage(ELOOP))", hint: symbolicLinkLoopHint)
        }
        let url = URL(fileURLWithPath: resolved)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Diagnostic(.error, "cannot write '\(path)': the directory '\(directory)' does not exist")
        }
        if FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), isDirectory.boolValue {
            throw Diagnostic(.error, "cannot write '\(path)': it is a directory")
        }
        // A name as long as the system allows (255 bytes) has no room for the suffix: its
        // first 180 bytes (cut at a character boundary) and a hash of the whole stand for it.
        var name = url.lastPathComponent
        if name.utf8.count > 200 {
            let hash = url.lastPathComponent.utf8.reduce(0xCBF2_9CE4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
            while name.utf8.count > 180 { name.removeLast() }
            name += "-" + String(hash, radix: 16)
        }
        let temporaryPath = directory + "/." + name + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        // Registered before it exists, so that an interruption never leaves it behind.
        let cleanup = InterruptCleanup.register(temporaryPath)
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let code = errno
            cleanup?.unregister()
            throw Diagnostic(.error, "cannot write '\(path)': \(systemMessage(code))",
                             hint: code == EACCES || code == EROFS ? "check the permissions of '\(directory)'" : nil)
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        (self.temporaryPath, destination, self.handle, self.cleanup) = (temporaryPath, resolved, handle, cleanup)
    }

    /// `path` with its symbolic links followed, one after the other, dangling or not; `nil`
    /// after 40 of them (a loop), as the system gives up.
    static func followingLinks(_ path: String) -> String? {
        var current = path
        for _ in 0..<40 {
            var status = stat()
            guard lstat(current, &status) == 0, status.st_mode & S_IFMT == S_IFLNK,
                  let target = try? FileManager.default.destinationOfSymbolicLink(atPath: current)
            else { return current }
            current = target.hasPrefix("/") ? target : URL(fileURLWithPath: current).deletingLastPathComponent().appendingPathComponent(target).path
        }
        return nil
    }

    /// Appends bytes.
    func write(_ bytes: [UInt8]) throws(Diagnostic) {
        do {
            try handle.write(contentsOf: bytes)
        } catch {
            discard()
            throw Diagnostic(.error, "cannot write '\(path)': \(error.localizedDescription)")
        }
    }

    /// Appends the `.npy` bytes of `array`, without a copy of them in memory.
    func write(_ array: NumPyArray) throws(Diagnostic) {
        do {
            try array.withEncodedPieces { piece in try handle.write(contentsOf: piece) }
        } catch {
            discard()
            throw Diagnostic(.error, "cannot write '\(path)': \(error.localizedDescription)")
        }
    }

    /// Closes the file and moves it into place.
    func commit() throws(Diagnostic) {
        try close()
        try moveIntoPlace()
    }

    /// Closes the file, the step of ``commit()`` that can still fail for lack of space;
    /// on failure the temporary file is removed.
    func close() throws(Diagnostic) {
        do {
            try handle.close()
        } catch {
            discard()
            throw Diagnostic(.error, "cannot write '\(path)': \(error.localizedDescription)")
        }
    }

    /// Renames the closed file over its destination (a pipe or device has nothing to move).
    func moveIntoPlace() throws(Diagnostic) {
        guard let temporaryPath else { return }
        // rename(2) replaces the destination atomically.
        guard rename(temporaryPath, destination) == 0 else {
            let reason = String(cString: strerror(errno))
            discard()
            throw Diagnostic(.error, "cannot write '\(path)': \(reason)")
        }
        cleanup?.unregister()
    }

    /// Removes the temporary file (a pipe or device is only closed).
    func discard() {
        try? handle.close()
        if let temporaryPath { try? FileManager.default.removeItem(atPath: temporaryPath) }
        cleanup?.unregister()
    }
}
