// RunMemoryProbe: the peak resident memory of `sparse-attn run` on random inputs, measured
// on a child process (which reports its own high-water mark with `--report-memory`) so that
// nothing this process holds is counted.

import AttentionKernels
import Foundation
import NumPyFormat
import PatternLanguage

/// Runs `sparse-attn run` on random `.npy` inputs in a temporary folder and reads its peak memory.
struct RunMemoryProbe {
    let pattern: CheckedPattern
    let heads: Int
    let depth: Int
    let length: Int
    let threads: Int

    /// The child's peak resident bytes, and the bytes of its inputs and output.
    func measure() throws -> (peakBytes: Int, tensorBytes: Int) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sparse-attn-memory-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let shape = [heads, length, depth]
        var paths: [String] = []
        for (name, seed) in [("q", UInt64(1)), ("k", 2), ("v", 3)] {
            let path = folder.appendingPathComponent("\(name).npy").path
            let tensor = BenchCommand.tensor(shape, seed: seed)
            try Data(NumPyArray(shape: tensor.shape, values: tensor.values).encoded()).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        let output = folder.appendingPathComponent("o.npy").path
        let (_, errors) = try ChildProcess.run(ChildProcess.ownExecutable, [
            "run", pattern.file.path, "--pattern", pattern.name, "--q", paths[0], "--k", paths[1], "--v", paths[2],
            "--output", output, "--threads", "\(threads)", "--report-memory",
        ])
        guard let peak = PeakMemory.bytes(inReport: errors) else {
            throw ChildProcessError(message: "'sparse-attn run --report-memory' did not report its peak memory")
        }
        return (peak, 4 * heads * length * depth * 4)
    }
}
