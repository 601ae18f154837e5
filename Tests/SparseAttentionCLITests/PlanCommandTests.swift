// `plan`: the JSON tile lists equal the brute-force layout; the summary names the
// numbers a user looks for; bad input is a clear error.

import Foundation
import Testing
import BlockSparsePlanner
import PatternLanguage
@testable import SparseAttentionCLI

@Suite struct PlanCommandTests {
    static func pattern(_ path: String, _ name: String) throws -> CheckedPattern {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try PatternLibrary.check([SourceFile(path: path, text: text)]).declaration(named: name).bind(overrides: [])
    }

    @Test(arguments: [("longformer.attn", "longformer", 1000), ("bigbird.attn", "bigbird_itc", 777), ("sparse_transformer.attn", "sparse_transformer_fixed", 515), ("streaming_llm.attn", "streaming_llm", 1), ("token_random.attn", "token_random", 300)])
    func jsonTileListsAreTheBruteForceLayout(file: String, name: String, length: Int) throws {
        let path = CLITestSupport.packageRoot.appendingPathComponent("Patterns/\(file)").path
        let result = CLITestSupport.run(["plan", path, "--pattern", name, "--length", "\(length)", "--json"])
        #expect(result.status == 0, "\(result.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let expected = BlockLayout.bruteForce(try Self.pattern(path, name), length: length)
        #expect(object["pattern"] as? String == name)
        #expect(object["length"] as? Int == length)
        #expect(object["tiles"] as? Int == expected.tileCount)
        let partial = try #require(object["kv_indices"] as? [[Int]])
        let full = try #require(object["full_kv_indices"] as? [[Int]])
        #expect(object["kv_num_blocks"] as? [Int] == partial.map(\.count))
        #expect(object["full_kv_num_blocks"] as? [Int] == full.map(\.count))
        for row in 0..<expected.tileCount {
            let entries = expected.entries(ofRow: row)
            #expect(partial[row] == entries.filter { expected.kinds[$0] == .partial }.map { Int(expected.columns[$0]) })
            #expect(full[row] == entries.filter { expected.kinds[$0] == .full }.map { Int(expected.columns[$0]) })
        }
        let stats = try #require(object["stats"] as? [String: Any])
        let evaluator = MaskEvaluator(pattern: try Self.pattern(path, name), length: length)
        let kept = (0..<length).reduce(0) { $0 + evaluator.row($1).filter { $0 }.count }
        #expect(stats["kept_pairs"] as? Int == kept)
    }

    @Test func summaryNamesTilesDensityScheduleAndTheSlowPath() throws {
        let folder = try CLITestSupport.scratchFolder()
        let path = try CLITestSupport.write("pattern odd { block 16 mask causal & (q * k) % 3 == 0 }", named: "odd.attn", in: folder)
        let result = CLITestSupport.run(["plan", path, "--length", "100", "--threads", "3"])
        #expect(result.status == 0)
        for fragment in ["odd at N = 100, block 16: 7 × 7 tiles", "partial", "density", "3 threads", "imbalance", "slow path", "q * k % 3 == 0"] {
            #expect(result.output.contains(fragment), "missing '\(fragment)' in \(result.output)")
        }
    }

    static let badInputs: [(extra: [String], status: Int32)] = [
        (["--length", "0"], 2), (["--length", "10", "--threads", "0"], 2), (["--length", "10", "--set", "nope=1"], 1),
        (["--length", "2147483647", "--set", "window=2"], 1),
    ]

    @Test(arguments: PlanCommandTests.badInputs)
    func badInputIsAClearError(input: (extra: [String], status: Int32)) throws {
        let path = CLITestSupport.packageRoot.appendingPathComponent("Patterns/mistral.attn").path
        let result = CLITestSupport.run(["plan", path] + input.extra)
        #expect(result.status == input.status, "\(result.error)")
        #expect(result.error.contains("error:"))
        #expect(result.output.isEmpty)
    }
}

