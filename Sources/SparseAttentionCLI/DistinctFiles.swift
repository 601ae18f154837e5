// DistinctFiles: the check that no output of a command is one of its inputs or another of
// its outputs, compared by ``FileIdentity`` however the paths are spelt; made before
// anything is read or written.

/// Refuses outputs that would replace an input or another output.
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
