// Output paths that are not plain files: a symbolic link is followed (the link stays, its
// target gets the result, even when it does not exist yet), a named pipe is written as a
// stream and stays a pipe — the temporary-file-and-rename of a plain file would replace
// either with a file — and a descriptor's path (`/dev/fd/N`) reaches the pipe or file
// behind it.

import Dispatch
import Foundation
import Testing

@Suite struct OutputPathTests {
    /// `mask` of the bundled sliding window at N = 32 into `output`; its status and error.
    func writeMask(to output: String) -> CommandResult {
        let pattern = CLITestSupport.packageRoot.appendingPathComponent("Patterns/sliding_window.attn").path
        return CLITestSupport.run(["mask", pattern, "--length", "32", "--output", output])
    }

    /// The bytes `mask` writes to the plain file `plain.npy` in `folder`.
    func plainMask(in folder: URL) throws -> Data {
        let plain = folder.appendingPathComponent("plain.npy").path
        #expect(writeMask(to: plain).status == 0)
        return try Data(contentsOf: URL(fileURLWithPath: plain))
    }

    func kind(_ path: String) -> mode_t {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode & S_IFMT : 0
    }

    @Test func aNameAsLongAsTheSystemAllowsIsWritten() throws {
        // 255 bytes leave no room for the temporary file's suffix; its name is cut short.
        let folder = try CLITestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let expected = try plainMask(in: folder)
        let name = String(repeating: "a", count: 251) + ".npy"
        let result = writeMask(to: folder.appendingPathComponent(name).path)
        #expect(result.status == 0, "\(result.error)")
        #expect(try Data(contentsOf: folder.appendingPathComponent(name)) == expected)
        #expect(try CLITestSupport.contents(of: folder) == [name, "plain.npy"].sorted())
    }

    @Test func aSymbolicLinkIsFollowedAndKept() throws {
        let folder = try CLITestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let expected = try plainMask(in: folder)
        // A link to a file that does not exist yet, then to one that does; the link is
        // relative, to a file in a subfolder.
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let link = folder.appendingPathComponent("link.npy").path, target = folder.appendingPathComponent("sub/target.npy").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "sub/target.npy")
        for round in 0..<2 {
            let result = writeMask(to: link)
            #expect(result.status == 0, "round \(round): \(result.error)")
            #expect(kind(link) == S_IFLNK && kind(target) == S_IFREG, "round \(round)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == expected, "round \(round)")
        }
        #expect(try CLITestSupport.contents(of: folder) == ["link.npy", "plain.npy", "sub"])
        #expect(try CLITestSupport.contents(of: folder.appendingPathComponent("sub")) == ["target.npy"])
    }

    @Test func aNamedPipeIsWrittenAsAStream() throws {
        let folder = try CLITestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let expected = try plainMask(in: folder)
        let pipe = folder.appendingPathComponent("pipe.npy").path
        #expect(mkfifo(pipe, 0o600) == 0)
        final class Received: @unchecked Sendable { var data = Data() }
        let received = Received(), done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            if let reader = FileHandle(forReadingAtPath: pipe) { received.data = reader.readDataToEndOfFile() }
            done.signal()
        }
        let result = writeMask(to: pipe)
        #expect(result.status == 0, "\(result.error)")
        if done.wait(timeout: .now() + 10) == .timedOut {
            // The command never opened the pipe: open it ourselves so the reader returns.
            let writer = open(pipe, O_WRONLY | O_NONBLOCK)
            if writer >= 0 { close(writer) }
            done.wait()
            Issue.record("nothing was written to the pipe")
        }
        #expect(received.data == expected)
        #expect(kind(pipe) == S_IFIFO)
        #expect(try CLITestSupport.contents(of: folder) == ["pipe.npy", "plain.npy"])
    }

    @Test func aDescriptorPathIsWrittenAsAStream() throws {
        let folder = try CLITestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let expected = try plainMask(in: folder)
        // `/dev/fd/N` of a pipe's writing end, as a shell's process substitution passes it.
        let pipe = Pipe()
        let result = writeMask(to: "/dev/fd/\(pipe.fileHandleForWriting.fileDescriptor)")
        try pipe.fileHandleForWriting.close()
        #expect(result.status == 0, "\(result.error)")
        #expect(pipe.fileHandleForReading.readDataToEndOfFile() == expected)
        // And of a plain file opened for writing, as a shell's `> file` leaves `/dev/stdout`:
        // the link is followed to the file.
        let redirected = folder.appendingPathComponent("redirected.npy").path
        let descriptor = open(redirected, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        #expect(descriptor >= 0)
        let written = writeMask(to: "/dev/fd/\(descriptor)")
        close(descriptor)
        #expect(written.status == 0, "\(written.error)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: redirected)) == expected)
    }
}
