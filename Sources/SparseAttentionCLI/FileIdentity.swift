// FileIdentity: which file a path leads to — its device and inode, so that two spellings
// of a path, a symbolic link and a hard link are all the same file — and the check that
// no output of a command is one of its inputs or another of its outputs.

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

enum DistinctFiles {
    /// Refuses an output that is one of the inputs or another output: same file however
    /// the paths are spelt. `inputs` are the pattern file (`option` nil) and options' files.
    /// Streams (a terminal, a pipe, a device) are left alone: an output writes them as they
    /// are and replaces nothing, so `--output /dev/stdout --lse /dev/stderr` on one terminal
    /// is fine.
    static func check(outputs: [(option: String, path: String)], inputs: [(option: String?, path: String)]) throws(UsageError) {
        let inputTargets = inputs.compactMap { input in FileIdentity(path: input.path).map { (input, $0) } }
        var earlier: [(option: String, path: String, target: OutputTarget)] = []
        for output in outputs {
            guard let target = OutputTarget(path: output.path) else { continue }
            if case .file(let identity) = target, !identity.isRegularFile { continue }
            if case .file(let identity) = target, let (input, _) = inputTargets.first(where: { $0.1 == identity }) {
                let spelling = input.path == output.path ? "" : " (through '\(output.path)')"
                throw UsageError("'\(output.option)' names the \(input.option == nil ? "pattern" : "input") file '\(input.path)'\(spelling)",
                                 hint: "give '\(output.option)' a file of its own; writing it would replace '\(input.path)'")
            }
            if let first = earlier.first(where: { $0.target == target }) {
                let spelling = first.path == output.path ? "" : " (through '\(output.path)')"
                throw UsageError("'\(first.option)' and '\(output.option)' name the same file '\(first.path)'\(spelling)")
            }
            earlier.append((output.option, output.path, target))
        }
    }
}

/// The system's description of an error number, as a clause: `too many levels of symbolic links`.
func systemMessage(_ code: Int32) -> String {
    let text = String(cString: strerror(code))
    return text.prefix(1).lowercased() + text.dropFirst()
}
