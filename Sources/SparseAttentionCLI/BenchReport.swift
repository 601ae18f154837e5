// BenchReport: the measurements of `sparse-attn bench`, as a table or as JSON.

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
    /// The dense flash kernel's time at the same length.
    var denseSeconds: Double
}

/// Everything one `bench` run measured.
struct BenchReport {
    var build: String
    var threads: Int
    var heads: Int
    var depth: Int
    /// The yardstick, in GFLOP/s: the better of the SIMD matrix product's rate measured before
    /// the kernels and after them, so that a slow spell at either end does not flatter them.
    var matmulRate: Double
    /// The multiply-add peak (``MultiplyAddPeak``), in GFLOP/s, measured as the yardstick is:
    /// no kernel's useful rate can pass it.
    var peakRate: Double
    var rows: [BenchRow]

    var table: String {
        var table = TextTable(header: ["kernel", "pattern", "N", "kept pairs", "density", "plan ms", "run ms", "GFLOP/s", "of matmul", "vs dense"],
                              alignments: [.left, .left] + Array(repeating: .right, count: 8))
        for row in rows {
            let density = Double(row.keptPairs) / (Double(row.length) * Double(row.length))
            table.rows.append([row.kernel, row.pattern, "\(row.length)", "\(row.keptPairs)", Format.decimal(density, 4),
                               Format.decimal(row.planSeconds * 1e3, 1), Format.decimal(row.seconds * 1e3, 1), Format.decimal(row.rate, 2),
                               Format.decimal(100 * row.rate / matmulRate, 0) + "%", Format.decimal(row.denseSeconds / row.seconds, 2) + "×"])
        }
        let lines = [
            "build: \(build); \(threads) thread(s), \(heads) heads, D = \(depth)",
            "SIMD matrix product (64×64×64 tiles): \(Format.decimal(matmulRate, 1)) GFLOP/s (the better of a measurement before the kernels and one after)",
            "multiply-add peak (12 chains of vector multiply-adds in registers): \(Format.decimal(peakRate, 1)) GFLOP/s; the yardstick is "
                + "\(Format.decimal(100 * matmulRate / peakRate, 0))% of it",
            "",
        ] + table.lines
        return lines.joined(separator: "\n")
    }

    var json: JSON {
        .object([
            ("build", .string(build)), ("threads", .integer(Int64(threads))), ("heads", .integer(Int64(heads))),
            ("depth", .integer(Int64(depth))), ("matmul_gflops", .number(matmulRate)),
            ("peak_gflops", .number(peakRate)),
            ("runs", .array(rows.map { row in
                .object([
                    ("kernel", .string(row.kernel)), ("pattern", .string(row.pattern)), ("length", .integer(Int64(row.length))),
                    ("kept_pairs", .integer(Int64(row.keptPairs))), ("plan_seconds", .number(row.planSeconds)),
                    ("seconds", .number(row.seconds)), ("gflops", .number(row.rate)),
                    ("fraction_of_matmul", .number(row.rate / matmulRate)),
                    ("fraction_of_peak", .number(row.rate / peakRate)), ("speedup_vs_dense", .number(row.denseSeconds / row.seconds)),
                ])
            })),
        ])
    }
}
