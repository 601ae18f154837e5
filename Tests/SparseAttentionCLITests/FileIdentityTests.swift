// Files named by identity, not by spelling: an output that is one of the inputs or another
// output — however the path is spelt, through a symbolic or a hard link — is refused
// before anything is written; a loop of symbolic links is an error; pattern files that are
// pipes, process substitutions or character devices are read to their end; a file named
// twice is read once.

import Foundation
import NumPyFormat
import Testing

@Suite struct FileIdentityTests {
    /// A folder with a pattern file `p.attn` and `q.npy`; its path and the files' paths.
    func setUp() throws -> (folder: URL, pattern: String, q: String) {
        let folder = try CLITestSupport.scratchFolder()
        let pattern = try CLITestSupport.write("pattern a { block 8\n mask causal }\n", named: "p.attn", in: folder)
        let q = folder.appendingPathComponent("q.npy").path
        try Data(NumPyArray(shape: [5, 2], values: (0..<10).map(Float.init)).encoded()).write(to: URL(fileURLWithPath: q))
        return (folder, pattern, q)
    }

    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test func anOutputThatIsAnInputIsRefused() throws {
        let (folder, pattern, q) = try setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dot = folder.path + "/./q.npy", other = folder.path + "/sub/../q.npy"
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/link.npy", withDestinationPath: "q.npy")
        try FileManager.default.linkItem(atPath: q, toPath: folder.path + "/hard.npy")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/link.attn", withDestinationPath: "p.attn")
        let before = (try bytes(pattern), try bytes(q)), listing = try CLITestSupport.contents(of: folder)
        let run = ["run", pattern, "--q", q, "--k", q, "--v", q]
        let cases: [([String], String)] = [
            (["mask", pattern, "--length", "3", "--output", pattern], "error: '--output' names the pattern file '\(pattern)'\n"),
            (["mask", pattern, "--length", "3", "--output", folder.path + "/link.attn"],
             "error: '--output' names the pattern file '\(pattern)' (through '\(folder.path)/link.attn')\n"),
            (["show", pattern, "--length", "16", "--png", pattern], "error: '--png' names the pattern file '\(pattern)'\n"),
            (run + ["--output", q], "error: '--output' names the input file '\(q)'\n"),
            (run + ["--output", folder.path + "/o.npy", "--lse", dot], "error: '--lse' names the input file '\(q)' (through '\(dot)')\n"),
            (run + ["--output", other], "error: '--output' names the input file '\(q)' (through '\(other)')\n"),
            (run + ["--output", folder.path + "/link.npy"], "error: '--output' names the input file '\(q)' (through '\(folder.path)/link.npy')\n"),
            (run + ["--output", folder.path + "/hard.npy"], "error: '--output' names the input file '\(q)' (through '\(folder.path)/hard.npy')\n"),
            (run + ["--output", pattern], "error: '--output' names the pattern file '\(pattern)'\n"),
        ]
        for (arguments, message) in cases {
            let result = CLITestSupport.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.error)")
            #expect(result.error.hasPrefix(message), "\(result.error)")
            #expect(result.error.contains("hint: give '"), "\(result.error)")
            #expect(result.output.isEmpty)
            #expect(try (bytes(pattern), bytes(q)) == before && CLITestSupport.contents(of: folder) == listing, "\(arguments)")
        }
    }

    @Test func twoOutputsThatAreOneFileAreRefused() throws {
        let (folder, pattern, q) = try setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A dangling link to the output, which does not exist yet.
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/later.npy", withDestinationPath: "o.npy")
        let listing = try CLITestSupport.contents(of: folder)
        let o = folder.path + "/o.npy"
        let cases: [([String], String)] = [
            (["run", pattern, "--q", q, "--k", q, "--v", q, "--output", o, "--lse", folder.path + "/later.npy"],
             "error: '--output' and '--lse' name the same file '\(o)' (through '\(folder.path)/later.npy')\n"),
            (["run", pattern, "--q", q, "--k", q, "--v", q, "--output", o, "--lse", folder.path + "/./o.npy"],
             "error: '--output' and '--lse' name the same file '\(o)' (through '\(folder.path)/./o.npy')\n"),
            (["show", pattern, "--length", "16", "--svg", folder.path + "/f", "--png", folder.path + "/../\(folder.lastPathComponent)/f"],
             "error: '--svg' and '--png' name the same file '\(folder.path)/f' (through '\(folder.path)/../\(folder.lastPathComponent)/f')\n"),
        ]
        for (arguments, message) in cases {
            let result = CLITestSupport.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.error)")
            #expect(result.error.hasPrefix(message), "\(result.error)")
            #expect(try CLITestSupport.contents(of: folder) == listing, "\(arguments)")
        }
    }

    @Test func oneStreamMayTakeTwoOutputs() throws {
        // A device replaces nothing (the outputs are written to it as streams), so two outputs
        // may name it, as `--output /dev/stdout --lse /dev/stderr` on one terminal do.
        let (folder, pattern, q) = try setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = CLITestSupport.run(["run", pattern, "--q", q, "--k", q, "--v", q, "--output", "/dev/null", "--lse", "/dev/null"])
        #expect(result.status == 0, "\(result.error)")
    }

    @Test func aLoopOfSymbolicLinksIsAnError() throws {
        let (folder, pattern, q) = try setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        let loop1 = folder.path + "/loop1", loop2 = folder.path + "/loop2"
        try FileManager.default.createSymbolicLink(atPath: loop1, withDestinationPath: "loop2")
        try FileManager.default.createSymbolicLink(atPath: loop2, withDestinationPath: "loop1")
        let listing = try CLITestSupport.contents(of: folder)
        for arguments in [["run", pattern, "--q", q, "--k", q, "--v", q, "--output", loop1],
                          ["mask", pattern, "--length", "3", "--output", loop1],
                          ["show", pattern, "--length", "16", "--svg", loop2]] {
            let result = CLITestSupport.run(arguments)
            let path = arguments.last!
            #expect(result.status == 1, "\(arguments): \(result.error)")
            #expect(result.error == "error: cannot write '\(path)': too many levels of symbolic links\nhint: its symbolic links lead around in a loop\n")
            #expect(try CLITestSupport.contents(of: folder) == listing)
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: loop1) == "loop2")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: loop2) == "loop1")
        }
        let check = CLITestSupport.run(["check", loop1])
        #expect(check.status == 1)
        #expect(check.error == "error: cannot read '\(loop1)': too many levels of symbolic links\nhint: its symbolic links lead around in a loop\n")
    }

    @Test func patternFilesThatAreNotPlainFilesAreRead() throws {
        let folder = try CLITestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A pipe, as a shell's process substitution passes it.
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data("pattern a { mask causal }\n".utf8))
        try pipe.fileHandleForWriting.close()
        let piped = CLITestSupport.run(["check", "/dev/fd/\(pipe.fileHandleForReading.fileDescriptor)"])
        #expect(piped.status == 0, "\(piped.error)")
        #expect(piped.output == "ok: 1 pattern in 1 file\n")
        // A named pipe with a writer.
        let fifo = folder.appendingPathComponent("fifo.attn").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            if let handle = FileHandle(forWritingAtPath: fifo) {
                handle.write(Data("pattern b { mask local(2) }\n".utf8))
                try? handle.close()
            }
        }
        writer.start()
        let named = CLITestSupport.run(["plan", fifo, "--length", "10", "--json"])
        #expect(named.status == 0, "\(named.error)")
        #expect(named.output.contains("\"pattern\": \"b\""), "\(named.output)")
        // /dev/null is an empty file.
        let empty = try CLITestSupport.write("", named: "empty.attn", in: folder)
        let null = CLITestSupport.run(["check", "/dev/null"]), plain = CLITestSupport.run(["check", empty])
        #expect(null.status == plain.status && null.output == plain.output)
        #expect(null.error == plain.error.replacingOccurrences(of: empty, with: "/dev/null"))
    }

    #if os(Linux)
    @Test func aFailedReadSaysWhy() {
        // /proc/self/mem opens but cannot be read at offset 0: no hint about permissions.
        let result = CLITestSupport.run(["check", "/proc/self/mem"])
        #expect(result.status == 1)
        #expect(result.error == "error: cannot read '/proc/self/mem': input/output error\n")
    }
    #endif

    @Test func aFileNamedTwiceIsReadOnce() throws {
        let (folder, pattern, _) = try setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/link.attn", withDestinationPath: "p.attn")
        let other = try CLITestSupport.write("pattern b { mask true }\n", named: "other.attn", in: folder)
        let check = CLITestSupport.run(["check", pattern, folder.path + "/./p.attn", other, folder.path + "/link.attn", pattern])
        #expect(check.status == 0, "\(check.error)")
        #expect(check.output == "ok: 2 patterns in 2 files\n" && check.error.isEmpty)
        let list = CLITestSupport.run(["list", pattern, pattern, "--json"])
        #expect(list.status == 0, "\(list.error)")
        let entries = try JSONSerialization.jsonObject(with: Data(list.output.utf8)) as? [[String: Any]]
        #expect(entries?.map { $0["name"] as? String } == ["a"])
        #expect(entries?.first?["file"] as? String == pattern)
    }
}
