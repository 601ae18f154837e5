// OtherBuildBench: another build's `sparse-attn bench --json`, run as a child process, for
// `bench --targets --compare-build`: the default build against the native one in one session.

import Foundation

/// The generated kernels' times another build's `sparse-attn bench --json` measured.
struct OtherBuildBench {
    let executable: String
    let arguments: [String]

    /// The other build's description and its best generated-kernel time per pattern.
    func run() throws -> (build: String, generatedSeconds: [String: Double]) {
        let data = try ChildProcess.run(executable, arguments).output
        guard let report = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let build = report["build"] as? String, let runs = report["runs"] as? [[String: Any]] else {
            throw ChildProcessError(message: "'\(executable)' did not print a bench report in JSON")
        }
        var seconds: [String: Double] = [:]
        for run in runs where run["kernel"] as? String == "generated" {
            if let pattern = run["pattern"] as? String, let time = run["seconds"] as? Double { seconds[pattern] = time }
        }
        return (build, seconds)
    }
}
