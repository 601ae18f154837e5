// FileIdentity: which file a path leads to — its device and inode, so that two spellings
// of a path, a symbolic link and a hard link are all the same file — and where an output
// path writes (see DistinctFiles for the check that uses them).

import Foundation

/// A file as the system identifies it: its device and inode.
struct FileIdentity: Hashable {
    var device: UInt64
    var inode: UInt64
    /// A regular file, which an output replaces (by renaming a finished file over it), as
    /// opposed to a terminal, a pipe or a device, which an output writes as a stream.
    var isRegularFile: Bool

    init(_ status: stat) {
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        isRegularFile = status.st_mode & S_IFMT == S_IFREG
    }

    /// The file `path` leads to (symbolic links followed), or `nil` when there is none.
    init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        self.init(status)
    }
}

/// Where an output path writes: an existing file, or a name in an existing directory
/// (after following symbolic links, dangling ones included).
enum OutputTarget: Hashable {
    case file(FileIdentity)
    case newFile(directory: FileIdentity, name: String)

    /// `nil` when the path leads nowhere that could be written (its directory is missing,
    /// its links loop): opening it will say why.
    init?(path: String) {
        if let identity = FileIdentity(path: path) {
            self = .file(identity)
            return
        }
        guard let resolved = OutputFile.followingLinks(path) else { return nil }
        let url = URL(fileURLWithPath: resolved)
        guard let directory = FileIdentity(path: url.deletingLastPathComponent().path) else { return nil }
        self = .newFile(directory: directory, name: url.lastPathComponent)
    }
}

/// The hint for a path whose symbolic links lead around in a loop (ELOOP), read or written.
let symbolicLinkLoopHint = "its symbolic links lead around in a loop"

/// The system's description of an error number, as a clause: `too many levels of symbolic links`.
func systemMessage(_ code: Int32) -> String {
    let text = String(cString: strerror(code))
    return text.prefix(1).lowercased() + text.dropFirst()
}
