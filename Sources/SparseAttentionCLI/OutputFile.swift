// OutputFile: writing a result all at once or not at all — a temporary file beside the
// destination, renamed over it only when everything was written.

import Foundation
import NumPyFormat
import PatternLanguage

/// Writes an output file atomically: on any failure nothing is left at the path.
struct OutputFile {
    let path: String
    private let temporaryPath: String
    private let handle: FileHandle

    /// Opens a temporary file in the destination's directory.
    init(path: String) throws(Diagnostic) {
        self.path = path
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Diagnostic(.error, "cannot write '\(path)': the directory '\(directory)' does not exist")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw Diagnostic(.error, "cannot write '\(path)': it is a directory")
        }
        temporaryPath = directory + "/." + url.lastPathComponent + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporaryPath, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporaryPath)
        else {
            throw Diagnostic(.error, "cannot write '\(path)': permission denied or read-only directory")
        }
        self.handle = handle
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
        do {
            try handle.close()
        } catch {
            discard()
            throw Diagnostic(.error, "cannot write '\(path)': \(error.localizedDescription)")
        }
        // rename(2) replaces the destination atomically.
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            discard()
            throw Diagnostic(.error, "cannot write '\(path)': \(reason)")
        }
    }

    /// Removes the temporary file.
    func discard() {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: temporaryPath)
    }
}
