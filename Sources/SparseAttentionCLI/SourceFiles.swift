// SourceFiles: reading pattern files from disk, with clear errors for paths that are
// missing, unreadable or not files. Anything that can be read is read to its end — a
// plain file, a pipe or a shell's process substitution (`<(...)`), a character device
// such as `/dev/null` — and a file named twice (the same device and inode, however it is
// spelt) is read once.

import Foundation
import PatternLanguage

enum SourceFiles {
    /// The most bytes read from one pattern file: pattern files are text, and a device
    /// such as `/dev/zero` would otherwise never end.
    static let maximumBytes = 256 << 20

    /// Reads each path as a pattern file; a path that cannot be read is an error naming it.
    /// A file given more than once is read once, under the first name it was given.
    static func read(_ paths: [String]) throws(DiagnosticsError) -> [SourceFile] {
        var files: [SourceFile] = []
        var errors: [Diagnostic] = []
        var seen: Set<FileIdentity> = []
        for path in paths {
            switch readOne(path) {
            case .success(let (identity, bytes)):
                guard seen.insert(identity).inserted else { continue }
                files.append(SourceFile(path: path, bytes: bytes))
            case .failure(let error):
                errors.append(error)
            }
        }
        guard errors.isEmpty else { throw DiagnosticsError(errors) }
        return files
    }

    /// The file's identity and every byte of it, or the error that says why not.
    static func readOne(_ path: String) -> Result<(FileIdentity, [UInt8]), Diagnostic> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(cannotOpen(path, errno: errno)) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .failure(cannotRead(path, errno: errno)) }
        if status.st_mode & S_IFMT == S_IFDIR {
            return .failure(Diagnostic(.error, "'\(path)' is a directory, not a pattern file", hint: "pass the files, as in '\(path)/*.attn'"))
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return .failure(cannotRead(path, errno: errno)) }
            if count == 0 { break }
            // Checked before appending, so that the array never grows past the limit.
            if bytes.count + count > maximumBytes {
                return .failure(Diagnostic(.error, "'\(path)' is longer than \(maximumBytes >> 20) MiB, which no pattern file is",
                                           hint: "pass the .attn file that declares the patterns"))
            }
            bytes += chunk[..<count]
        }
        return .success((FileIdentity(status), bytes))
    }

    /// Why `open` failed, with a hint that fits the failure.
    static func cannotOpen(_ path: String, errno code: Int32) -> Diagnostic {
        switch code {
        case ENOENT: return Diagnostic(.error, "no such file: '\(path)'")
        case ENOTDIR: return Diagnostic(.error, "no such file: '\(path)'", hint: "a part of the path before the file name is not a directory")
        case EACCES, EPERM: return Diagnostic(.error, "cannot read '\(path)': permission denied", hint: "check its permissions")
        case ELOOP: return Diagnostic(.error, "cannot read '\(path)': too many levels of symbolic links", hint: symbolicLinkLoopHint)
        default: return cannotRead(path, errno: code)
        }
    }

    /// Why reading failed, in the system's words.
    static func cannotRead(_ path: String, errno code: Int32) -> Diagnostic {
        Diagnostic(.error, "cannot read '\(path)': \(systemMessage(code))")
    }

    /// Reads and checks files; prints the warnings (`reportWarnings`); throws when there is
    /// any error.
    static func checkedLibrary(_ paths: [String], terminal: Terminal, reportWarnings: Bool = true) throws(DiagnosticsError) -> PatternLibrary {
        let library = PatternLibrary.check(try read(paths))
        guard !library.hasErrors else { throw DiagnosticsError(library.diagnostics) }
        if reportWarnings { terminal.report(library.diagnostics) }
        return library
    }
}
