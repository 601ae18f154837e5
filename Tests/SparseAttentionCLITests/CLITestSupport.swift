// Helpers for the CLI tests: run a command in-process, make scratch folders and files.

import Foundation
import SparseAttentionCLI

/// The result of one in-process run of `sparse-attn`.
struct CommandResult {
    var status: Int32
    var output: String
    var error: String
}

enum CLITestSupport {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `sparse-attn` with the arguments, capturing what it prints.
    static func run(_ arguments: [String]) -> CommandResult {
        let terminal = Terminal.capturing()
        let status = SparseAttentionCommand.run(arguments, terminal: terminal)
        return CommandResult(status: status, output: terminal.capturedOutput, error: terminal.capturedError)
    }

    /// A new empty folder inside this process's scratch root (see ``scratchRoot``).
    static func scratchFolder() throws -> URL {
        let url = scratchRoot.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// One folder under the system's temporary folder for all of this process's scratch
    /// folders, removed with them when the process exits (a test that fails half-way, or
    /// forgets its own clean-up, leaves nothing behind).
    private static let scratchRoot: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sparse-attn-tests-\(UUID().uuidString)")
        scratchRootPath = url.path
        atexit { try? FileManager.default.removeItem(atPath: scratchRootPath) }
        return url
    }()
}

/// ``CLITestSupport``'s scratch root, for the exit handler (which can capture nothing);
/// written once, before that handler is registered.
nonisolated(unsafe) private var scratchRootPath = ""

extension CLITestSupport {

    /// Writes a pattern file into a folder and returns its path.
    static func write(_ text: String, named name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// The files in a folder, hidden ones included.
    static func contents(of folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }
}
