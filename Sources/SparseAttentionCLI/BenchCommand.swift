// BenchCommand: `sparse-attn bench FILE... [--patterns a,b] [--lengths 4096,16384]` — times
// the interpreter and the generated kernels on patterns against dense flash attention, a
// SIMD matrix product and the multiply-add peak, and reports useful GFLOP/s
// (4 · D · heads · kept pairs per second);
// `--targets` measures the performance targets instead (see ``PerformanceTargets``).

import AttentionKernels
import BundledPatterns
import Dispatch
import Foundation
import PatternLanguage

enum BenchCommand {
    static let subcommand = SparseAttentionCommand.Subcommand(
        name: "bench", summary: "Time the kernels against dense attention and a matrix product (use a release build).",
        usage: "bench FILE... [--patterns P,Q] [--lengths N,M] [--heads H] [--depth D] [--threads T] [--repeat R] [--json] [--planning | --targets [--compare-build OTHER/sparse-attn]]",
        specification: ArgumentSpecification(options: ["--patterns", "--lengths", "--heads", "--depth", "--threads", "--repeat", "--compare-build"],
                                              flags: ["--json", "--planning", "--targets"]),
        run: run)

    /// The patterns timed by default, when the files declare them.
    static let defaultPatterns = ["longformer", "bigbird_itc", "mistral", "dense_causal"]

    static func run(_ arguments: Arguments, _ terminal: Terminal) throws {
        guard !arguments.positionals.isEmpty else { throw UsageError("missing the pattern FILE(s), as in 'Patterns/*.attn'") }
        if arguments.flags.contains("--planning") && arguments.flags.contains("--targets") {
            throw UsageError("'--planning' and '--targets' cannot be given together; choose one")
        }
        let library = try SourceFiles.checkedLibrary(arguments.positionals, terminal: terminal)
        let lengths = try list(arguments.value("--lengths") ?? "4096,16384", option: "--lengths", in: 1...1_048_576)
        let heads = try arguments.integer("--heads", in: 1...1024) ?? 4
        let depth = try arguments.integer("--depth", in: 1...1024) ?? 64
        let threads = try arguments.integer("--threads", in: 1...RunCommand.maximumThreads) ?? 2
        let repeats = try arguments.integer("--repeat", in: 1...1000) ?? 3
        if let other = arguments.value("--compare-build") {
            guard arguments.flags.contains("--targets") else { throw UsageError("'--compare-build' only goes with '--targets'") }
            guard FileManager.default.isExecutableFile(atPath: other) else {
                throw UsageError("'--compare-build' needs the other build's sparse-attn, but '\(other)' is not an executable file",
                                 hint: "build it with 'SPARSE_ATTENTION_NATIVE=1 swift build -c release --build-path .build-native' and pass .build-native/release/sparse-attn")
            }
        }
        ReusedMemory.keepFreedMemory()
        let build = KernelBuild.description + "; " + ReusedMemory.description
        if arguments.flags.contains("--targets") {
            // Best of 5 by default: verdicts near a bound need more runs than a table does.
            let targets = PerformanceTargets(library: library, files: arguments.positionals, threads: threads, heads: heads, depth: depth,
                                             repeats: try arguments.integer("--repeat", in: 1...1000) ?? 5,
                                             otherBuild: arguments.value("--compare-build"), terminal: terminal)
            let (matmul, peak, results) = try targets.run()
            let report = TargetReport(build: build, threads: threads, heads: heads, depth: depth, matmulRate: matmul, peakRate: peak,
                                      results: results)
            terminal.print(arguments.flags.contains("--json") ? report.json.printed() : report.table)
            return
        }
        let names = arguments.value("--patterns").map { $0.split(separator: ",").map(String.init) }
            ?? defaultPatterns.filter { name in library.declarations.contains { $0.name == name } }
        guard !names.isEmpty else { throw UsageError("none of \(defaultPatterns.joined(separator: ", ")) is in the files; choose with --patterns") }
        let patterns = try names.map { name in try library.declaration(named: name).checked }
        if arguments.flags.contains("--planning") {
            PlanningBench.run(patterns: patterns, repeats: repeats, terminal: terminal)
            return
        }

        terminal.printError("bench: measuring the SIMD matrix product and the multiply-add peak on \(threads) thread(s)")
        let matmulBefore = MatrixMultiply.measureRate(threadCount: threads)
        let peakBefore = MultiplyAddPeak.measureRate(threadCount: threads)
        var rows: [BenchRow] = []
        for length in lengths {
            let q = tensor([heads, length, depth], seed: 1), k = tensor([heads, length, depth], seed: 2), v = tensor([heads, length, depth], seed: 3)
            terminal.printError("bench: dense flash attention, N = \(length)")
            let dense = DenseFlashAttention(isCausal: false, threadCount: threads)
            let denseSeconds = try time(repeats) { _ = try dense.run(query: q, key: k, value: v) }
            let denseRate = 4 * Double(depth * heads) * Double(dense.keptPairs(length: length)) / denseSeconds / 1e9
            rows.append(BenchRow(kernel: "dense flash", pattern: "(dense)", length: length, keptPairs: dense.keptPairs(length: length),
                                 planSeconds: 0, seconds: denseSeconds, rate: denseRate, denseSeconds: denseSeconds))
            for pattern in patterns {
                terminal.printError("bench: \(pattern.name), N = \(length): planning")
                let planStart = DispatchTime.now().uptimeNanoseconds
                let interpreter = BlockSparseInterpreter(pattern: pattern, length: length, threadCount: threads)
                let planSeconds = Double(DispatchTime.now().uptimeNanoseconds - planStart) / 1e9
                let interpret = { _ = try interpreter.run(query: q, key: k, value: v) }
                let compiled = BundledPatterns.kernel(for: pattern)
                var (seconds, generatedSeconds) = (0.0, 0.0)
                if let compiled {
                    terminal.printError("bench: \(pattern.name), N = \(length): running the interpreter and the generated kernel in turn")
                    (seconds, generatedSeconds) = try alternate(repeats, interpret) {
                        _ = try compiled.attention(query: q, key: k, value: v, scale: nil, threadCount: threads)
                    }
                } else {
                    terminal.printError("bench: \(pattern.name), N = \(length): running the interpreter")
                    seconds = try time(repeats, interpret)
                }
                let pairs = interpreter.keptPairs
                rows.append(BenchRow(kernel: "interpreter", pattern: pattern.name, length: length, keptPairs: pairs, planSeconds: planSeconds,
                                     seconds: seconds, rate: 4 * Double(depth * heads) * Double(pairs) / seconds / 1e9,
                                     denseSeconds: denseSeconds))
                if compiled != nil {
                    rows.append(BenchRow(kernel: "generated", pattern: pattern.name, length: length, keptPairs: pairs, planSeconds: 0,
                                         seconds: generatedSeconds, rate: 4 * Double(depth * heads) * Double(pairs) / generatedSeconds / 1e9,
                                         denseSeconds: denseSeconds))
                }
            }
        }
        // Measured again after the kernels: a slow spell of the machine at the start would
        // otherwise make every "of matmul" figure flatter the kernels. The better of the two is
        // the yardstick.
        terminal.printError("bench: measuring the SIMD matrix product and the multiply-add peak again")
        let yardstick = max(matmulBefore, MatrixMultiply.measureRate(threadCount: threads))
        let peak = max(peakBefore, MultiplyAddPeak.measureRate(threadCount: threads))
        let report = BenchReport(build: build, threads: threads, heads: heads, depth: depth, matmulRate: yardstick, peakRate: peak, rows: rows)
        terminal.print(arguments.flags.contains("--json") ? report.json.printed() : report.table)
    }

    /// The best of `repeats` timings of `body`, in seconds.
    static func time(_ repeats: Int, _ body: () throws -> Void) rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return best
    }

    /// The best times of `a` and `b`, run in turn (A B A B ...) `repeats` times each, so
    /// that a drift of the machine's speed hits both.
    static func alternate(_ repeats: Int, _ a: () throws -> Void, _ b: () throws -> Void) rethrows -> (Double, Double) {
        var (bestA, bestB) = (Double.infinity, Double.infinity)
        for _ in 0..<repeats {
            bestA = min(bestA, try time(1, a))
            bestB = min(bestB, try time(1, b))
        }
        return (bestA, bestB)
    }

    /// Uniform values in -1 ..< 1 from a fixed seed.
    static func tensor(_ shape: [Int], seed: UInt64) -> AttentionTensor {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        return AttentionTensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 23) - 1
        })
    }

    /// A comma-separated list of integers within bounds.
    static func list(_ text: String, option: String, in range: ClosedRange<Int>) throws(UsageError) -> [Int] {
        var values: [Int] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let value = Int(String(item).replacingUnderscores), range.contains(value) else {
                throw UsageError("'\(option)' needs integers between \(range.lowerBound) and \(range.upperBound) separated by commas, but got '\(text)'")
            }
            values.append(value)
        }
        return values
    }
}
