// Tests of `bench --targets`' parts that do not take minutes: the report's verdicts and
// its JSON, reading another build's bench report, and a failing child process. The
// measurements themselves are timings, which belong to `bench`, not to tests.

import Foundation
import Testing
@testable import SparseAttentionCLI

@Suite struct PerformanceTargetTests {
    static let results = [
        TargetResult(number: 1, name: "window rate", measured: "40 GFLOP/s", bound: "≥ 70% of 50", ratio: 0.8, passed: true),
        TargetResult(number: 6, name: "dilated generated vs interpreter", measured: "1.00×", bound: "≥ 1.30×", ratio: 1.0, passed: false),
        TargetResult(number: 7, name: "default vs native", measured: "give --compare-build", bound: "≤ 1.20×", ratio: nil, passed: nil),
        TargetResult(number: 6, name: "fixed generated vs interpreter", measured: "0.99× (ceiling 1.19×)", bound: "≥ 1.30×", ratio: 0.99,
                     passed: false, ceiling: 1.19, isOutOfReach: true),
    ]

    @Test func reportCountsVerdicts() throws {
        let report = TargetReport(build: "release", threads: 2, heads: 4, depth: 64, matmulRate: 50, peakRate: 62.5, results: Self.results)
        let lines = report.table.split(separator: "\n").map(String.init)
        #expect(lines[1] == "SIMD matrix product (64×64×64 tiles): 50.0 GFLOP/s, 80% of the multiply-add peak (62.5 GFLOP/s)")
        #expect(lines.contains { $0.hasPrefix("1  window rate") && $0.hasSuffix("pass") })
        #expect(lines.contains { $0.hasPrefix("6  dilated") && $0.hasSuffix("FAIL") })
        #expect(lines.contains { $0.hasPrefix("7  default vs native") && $0.hasSuffix("n/a") })
        #expect(lines.contains { $0.hasPrefix("6  fixed") && $0.hasSuffix("FAIL (beyond the ceiling)") })
        #expect(lines.last == "1 passed, 2 failed, 1 not measured")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json.printed().utf8)) as? [String: Any])
        #expect(object["peak_gflops"] as? Double == 62.5)
        let targets = try #require(object["targets"] as? [[String: Any]])
        #expect(targets.map { $0["passed"] as? Bool } == [true, false, nil, false])
        #expect(targets[2]["ratio"] is NSNull && targets[0]["ratio"] as? Double == 0.8)
        #expect(targets.map { $0["out_of_reach"] as? Bool } == [false, false, false, true])
        #expect(targets[3]["ceiling"] as? Double == 1.19 && targets[1]["ceiling"] is NSNull)
    }

    @Test func readsTheOtherBuildsReport() throws {
        let json = #"{"build": "release, native", "runs": [{"kernel": "interpreter", "pattern": "mistral", "seconds": 2.0},"#
            + #"{"kernel": "generated", "pattern": "mistral", "seconds": 0.5}]}"#
        let other = try OtherBuildBench(executable: "/bin/sh", arguments: ["-c", "printf '%s' '\(json)'"]).run()
        #expect(other.build == "release, native" && other.generatedSeconds == ["mistral": 0.5])
        #expect(throws: ChildProcessError.self) { try OtherBuildBench(executable: "/bin/sh", arguments: ["-c", "echo not json"]).run() }
    }

    @Test func aFailingOtherBuildIsAnError() {
        let pattern = CLITestSupport.packageRoot.appendingPathComponent("Patterns/mistral.attn").path
        let missing = CLITestSupport.run(["bench", pattern, "--targets", "--compare-build", "/nonexistent/sparse-attn"])
        #expect(missing.status == 2 && missing.error.hasPrefix("error: '--compare-build' needs the other build's sparse-attn"), "\(missing.error)")
        let misplaced = CLITestSupport.run(["bench", pattern, "--compare-build", "/bin/sh"])
        #expect(misplaced.status == 2 && misplaced.error.hasPrefix("error: '--compare-build' only goes with '--targets'"), "\(misplaced.error)")
        #expect(throws: ChildProcessError.self) { try ChildProcess.run("/bin/sh", ["-c", "exit 3"]) }
        #expect(throws: ChildProcessError.self) { try ChildProcess.run("/nonexistent/sparse-attn", []) }
    }
}
