// TargetReport: the output of `sparse-attn bench --targets` — one row per measured target
// with its figure, its bound, the ratio the verdict is taken on and pass/fail — as a
// table or as JSON.

/// The performance targets measured in one run.
struct TargetReport {
    var build: String
    var threads: Int
    var heads: Int
    var depth: Int
    var matmulRate: Double
    /// The multiply-add peak (``MultiplyAddPeak``), in GFLOP/s.
    var peakRate: Double
    var results: [TargetResult]

    private static func verdict(_ result: TargetResult) -> String {
        switch result.passed {
        case true?: return "pass"
        case false?: return result.isOutOfReach ? "FAIL (beyond the ceiling)" : "FAIL"
        case nil: return "n/a"
        }
    }

    var table: String {
        var lines = [
            "build: \(build); \(threads) thread(s), \(heads) heads, D = \(depth)",
            "SIMD matrix product (64×64×64 tiles): \(Format.decimal(matmulRate, 1)) GFLOP/s, "
                + "\(Format.decimal(100 * matmulRate / peakRate, 0))% of the multiply-add peak (\(Format.decimal(peakRate, 1)) GFLOP/s)",
            "",
        ]
        var table = TextTable(header: ["#", "target", "measured", "bound", "ratio", "verdict"], alignments: [.right, .left, .left, .left, .right])
        table.rows = results.map { result in
            ["\(result.number)", result.name, result.measured, result.bound, result.ratio.map { Format.decimal($0, 3) } ?? "-", Self.verdict(result)]
        }
        lines += table.lines
        let (passed, failed) = (results.filter { $0.passed == true }.count, results.filter { $0.passed == false }.count)
        lines += ["", "\(passed) passed, \(failed) failed, \(results.count - passed - failed) not measured"]
        return lines.joined(separator: "\n")
    }

    var json: JSON {
        .object([
            ("build", .string(build)), ("threads", .integer(Int64(threads))), ("heads", .integer(Int64(heads))),
            ("depth", .integer(Int64(depth))), ("matmul_gflops", .number(matmulRate)),
            ("peak_gflops", .number(peakRate)),
            ("targets", .array(results.map { result in
                .object([
                    ("number", .integer(Int64(result.number))), ("name", .string(result.name)), ("measured", .string(result.measured)),
                    ("bound", .string(result.bound)), ("ratio", result.ratio.map(JSON.number) ?? .null),
                    ("passed", result.passed.map(JSON.bool) ?? .null), ("ceiling", result.ceiling.map(JSON.number) ?? .null),
                    ("out_of_reach", .bool(result.isOutOfReach)),
                ])
            })),
        ])
    }
}
