// BenchReport: the measurements of `sparse-attn bench`, as a table or as JSON.

import Foundation

/// One timed kernel on one pattern at one length.
struct BenchRow {
    var kernel: String
    var pattern: String
    var length: Int
    var keptPairs: Int
    var planSeconds: Double
    var seconds: Double
    /// Useful GFLOP/s: 4 · D · heads · kept pairs per second.
    var rate: Double
    var matmulRate: Double
    /// The dense flash kernel's time at the same length.
    var denseSeconds: Double
}

/// Everything one `bench` run measured.
struct BenchReport {
    var build: String
    var threads: Int
    var heads: Int
    var depth: Int
    var matmulRate: Double
    var rows: [BenchRow]

    var table: String {
        var lines = [
            "build: \(build); \(threads) thread(s), \(heads) heads, D = \(depth)",
            "SIMD matrix product (64×64×64 tiles): \(String(format: "%.1f", matmulRate)) GFLOP/s",
            "",
            pad(["kernel", "pattern", "N", "kept pairs", "density", "plan ms", "run ms", "GFLOP/s", "of matmul", "vs dense"]),
        ]
        for row in rows {
            let density = Double(row.keptPairs) / (Double(row.length) * Double(row.length))
            lines.append(pad([row.kernel, row.pattern, "\(row.length)", "\(row.keptPairs)", String(format: "%.4f", density),
                              String(format: "%.1f", row.planSeconds * 1e3), String(format: "%.1f", row.seconds * 1e3),
                              String(format: "%.2f", row.rate), String(format: "%.0f%%", 100 * row.rate / row.matmulRate),
                              String(format: "%.2f×", row.denseSeconds / row.seconds)]))
        }
        return lines.joined(separator: "\n")
    }

    var json: JSON {
        .object([
            ("build", .string(build)), ("threads", .integer(Int64(threads))), ("heads", .integer(Int64(heads))),
            ("depth", .integer(Int64(depth))), ("matmul_gflops", .number(matmulRate)),
            ("runs", .array(rows.map { row in
                .object([
                    ("kernel", .string(row.kernel)), ("pattern", .string(row.pattern)), ("length", .integer(Int64(row.length))),
                    ("kept_pairs", .integer(Int64(row.keptPairs))), ("plan_seconds", .number(row.planSeconds)),
                    ("seconds", .number(row.seconds)), ("gflops", .number(row.rate)),
                    ("fraction_of_matmul", .number(row.rate / row.matmulRate)), ("speedup_vs_dense", .number(row.denseSeconds / row.seconds)),
                ])
            })),
        ])
    }

    private func pad(_ cells: [String]) -> String {
        let widths = [12, 18, 7, 12, 8, 9, 9, 8, 10, 9]
        return zip(cells, widths).map { $0.padding(toLength: max($1, $0.count), withPad: " ", startingAt: 0) }.joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }
}
