// A smoke test of `sparse-attn bench` at tiny sizes: it runs, reports every kernel, and
// rejects bad options. Timings are not checked.

import Foundation
import Testing
@testable import SparseAttentionCLI

@Suite struct BenchCommandTests {
    @Test func runsAtTinySizes() throws {
        let folder = try CLITestSupport.scratchFolder()
        let path = try CLITestSupport.write("pattern longformer(window = 8) { block 8\n mask local(window / 2) | global([0]) }\n",
                                            named: "p.attn", in: folder)
        let table = CLITestSupport.run(["bench", path, "--lengths", "20,33", "--heads", "1", "--depth", "8", "--threads", "2", "--repeat", "1"])
        #expect(table.status == 0, "\(table.error)")
        #expect(table.output.contains("interpreter  longformer") && table.output.contains("dense flash"))
        #if os(Linux)
        #expect(table.output.hasPrefix("build: ") && table.output.contains("; freed memory reused ("), "\(table.output)")
        #endif
        #expect(table.error.contains("bench: longformer, N = 33: running the interpreter"))
        // The yardstick and the peak are measured before the kernels and again after them.
        #expect(table.error.hasSuffix("bench: measuring the SIMD matrix product and the multiply-add peak again\n"), "\(table.error)")
        let json = CLITestSupport.run(["bench", path, "--lengths", "16", "--heads", "2", "--depth", "4", "--repeat", "1", "--json"])
        #expect(json.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        let runs = object?["runs"] as? [[String: Any]]
        let kept = (0..<16).reduce(0) { total, q in total + (0..<16).filter { k in abs(q - k) <= 4 || q == 0 || k == 0 }.count }
        #expect(runs?.count == 2 && runs?[1]["pattern"] as? String == "longformer" && runs?[1]["kept_pairs"] as? Int == kept)
        let yardstick = try #require(object?["matmul_gflops"] as? Double)
        let peak = try #require(object?["peak_gflops"] as? Double)
        #expect(peak > 0)
        for run in runs ?? [] {
            let (rate, fraction) = (run["gflops"] as? Double ?? .nan, run["fraction_of_matmul"] as? Double ?? .nan)
            #expect(abs(fraction - rate / yardstick) <= 1e-9 * fraction, "every run is measured against the one yardstick")
            let ofPeak = run["fraction_of_peak"] as? Double ?? .nan
            #expect(abs(ofPeak - rate / peak) <= 1e-9 * ofPeak, "and against the one peak")
        }
        let bad = CLITestSupport.run(["bench", path, "--lengths", "0"])
        #expect(bad.status == 2 && bad.error.hasPrefix("error: '--lengths' needs integers between 1 and 1048576"))
        let both = CLITestSupport.run(["bench", path, "--planning", "--targets"])
        #expect(both.status == 2 && both.error.hasPrefix("error: '--planning' and '--targets' cannot be given together; choose one\nhint: usage: bench FILE..."),
                "\(both.error)")
        #expect(both.output.isEmpty)
        let none = CLITestSupport.run(["bench", path, "--patterns", "nope"])
        #expect(none.status == 1 && none.error.hasPrefix("error: no pattern named 'nope'"))
    }
}
