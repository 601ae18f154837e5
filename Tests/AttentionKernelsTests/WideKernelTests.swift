// Tests of the AVX2 + FMA and AVX-512 loops (CTileKernels): the run-time choice against the
// CPU's flags in /proc/cpuinfo, and each loop against a Double reference on awkward shapes,
// writing nothing outside its rows and columns. The Swift loops they replace are tested by
// the whole suite run again with SPARSE_ATTENTION_INSTRUCTIONS=swift (see .ci/run).

#if arch(x86_64)
import AttentionKernels
import CTileKernels
import Foundation
import Testing

@Suite struct WideKernelTests {
    static let hasAVX2FMA = sparse_attention_cpu_has_avx2_fma()
    static let hasAVX512 = sparse_attention_cpu_has_avx512()

    #if os(Linux)
    @Test func theChoiceFollowsTheCPUFlagsAndTheEnvironment() throws {
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flags = Set(cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").map(String.init) ?? [])
        #expect(Self.hasAVX2FMA == (flags.contains("avx2") && flags.contains("fma")))
        #expect(Self.hasAVX512 == (Self.hasAVX2FMA && flags.contains("avx512f")))
        let available: KernelInstructions = Self.hasAVX512 ? .avx512 : Self.hasAVX2FMA ? .avx2FMA : .swiftSIMD
        let cap: KernelInstructions = switch ProcessInfo.processInfo.environment["SPARSE_ATTENTION_INSTRUCTIONS"] {
        case "swift": .swiftSIMD
        case "avx2": .avx2FMA
        default: .avx512
        }
        #expect(KernelInstructions.current == (KernelBuild.isNative ? .swiftSIMD : min(available, cap)))
    }
    #endif

    /// The two widths of the C loops, each calling its own versions.
    enum Width: CaseIterable, Sendable {
        case avx2, avx512

        /// Whether this CPU can run them.
        var isAvailable: Bool { self == .avx2 ? WideKernelTests.hasAVX2FMA : WideKernelTests.hasAVX512 }

        func maximum(_ row: UnsafePointer<Float>, columns: Int, check: inout Float) -> Float {
            self == .avx2 ? sparse_attention_avx2_row_maximum(row, columns, &check) : sparse_attention_avx512_row_maximum(row, columns, &check)
        }

        func exponentiate(_ row: UnsafeMutablePointer<Float>, columns: Int, maximum: Float) -> Float {
            self == .avx2 ? sparse_attention_avx2_exp2_row(row, columns, maximum) : sparse_attention_avx512_exp2_row(row, columns, maximum)
        }

        func mask(_ words: UnsafePointer<UInt64>, _ row: UnsafeMutablePointer<Float>, first: Int, columns: Int) {
            self == .avx2 ? sparse_attention_avx2_mask_row(words, row, first, columns) : sparse_attention_avx512_mask_row(words, row, first, columns)
        }

        func scores(_ q: [Float], rows: Int, depth: Int, _ kt: [Float], keyStride: Int, columns: Int, scale: Float,
                    _ s: inout [Float], scoreStride: Int) {
            switch self {
            case .avx2: sparse_attention_avx2_scores(q, rows, depth, kt, keyStride, columns, scale, &s, scoreStride)
            case .avx512: sparse_attention_avx512_scores(q, rows, depth, kt, keyStride, columns, scale, &s, scoreStride)
            }
        }

        func accumulate(_ p: [Float], stride: Int, rows: Int, keys: Int, _ v: [Float], width: Int, _ o: inout [Float]) {
            switch self {
            case .avx2: sparse_attention_avx2_accumulate(p, stride, rows, keys, v, width, &o)
            case .avx512: sparse_attention_avx512_accumulate(p, stride, rows, keys, v, width, &o)
            }
        }
    }

    /// Values in -1 ..< 1 from a fixed seed.
    static func random(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24) * 2 - 1
        }
    }

    @Test(arguments: Width.allCases, [(1, 8, 1), (3, 8, 5), (4, 16, 64), (5, 24, 7), (9, 40, 70), (13, 72, 64), (8, 56, 3), (6, 96, 64)])
    func scoresMatchTheReference(loops: Width, shape: (rows: Int, columns: Int, depth: Int)) throws {
        try #require(loops.isAvailable)
        let (rows, columns, depth) = shape
        let (keyStride, scoreStride) = (columns + 8, columns + 16)
        let scale: Float = 0.37
        let q = Self.random(rows * depth, seed: 1), kt = Self.random(depth * keyStride, seed: 2)
        var s = [Float](repeating: .nan, count: (rows + 1) * scoreStride)
        loops.scores(q, rows: rows, depth: depth, kt, keyStride: keyStride, columns: columns, scale: scale, &s, scoreStride: scoreStride)
        for r in 0...rows {
            for j in 0..<scoreStride {
                guard r < rows, j < columns else {
                    #expect(s[r * scoreStride + j].isNaN, "wrote outside: row \(r), column \(j)")
                    continue
                }
                var dot = 0.0
                for d in 0..<depth { dot += Double(q[r * depth + d]) * Double(kt[d * keyStride + j]) }
                let exact = Double(scale) * dot
                #expect(abs(Double(s[r * scoreStride + j]) - exact) <= 1e-5 * (1 + abs(exact)), "row \(r), column \(j)")
            }
        }
    }

    @Test(arguments: Width.allCases, [(1, 1, 8), (3, 5, 8), (4, 64, 64), (6, 7, 24), (9, 70, 40), (8, 3, 72), (5, 64, 96)])
    func accumulateMatchesTheReference(loops: Width, shape: (rows: Int, keys: Int, width: Int)) throws {
        try #require(loops.isAvailable)
        let (rows, keys, width) = shape
        let stride = keys + 3
        let p = Self.random(rows * stride, seed: 3), v = Self.random(keys * width, seed: 4)
        let start = Self.random((rows + 1) * width, seed: 5)
        var o = start
        loops.accumulate(p, stride: stride, rows: rows, keys: keys, v, width: width, &o)
        for r in 0...rows {
            for c in 0..<width {
                guard r < rows else {
                    #expect(o[r * width + c] == start[r * width + c], "wrote outside: row \(r)")
                    continue
                }
                var exact = Double(start[r * width + c])
                for j in 0..<keys { exact += Double(p[r * stride + j]) * Double(v[j * width + c]) }
                #expect(abs(Double(o[r * width + c]) - exact) <= 1e-5 * (1 + abs(exact)), "row \(r), column \(c)")
            }
        }
    }

    @Test(arguments: Width.allCases)
    func rowPassesMatchTheReference(loops: Width) throws {
        try #require(loops.isAvailable)
        for columns in [8, 16, 24, 40, 56, 64] {
            // Eight NaN past the row: neither pass may read (the max would be NaN) or write them.
            var row = Self.random(columns, seed: UInt64(columns)).map { $0 * 40 } + [Float](repeating: .nan, count: 8)
            row[columns / 2] = -.infinity
            var check: Float = 0
            let maximum = loops.maximum(row, columns: columns, check: &check)
            #expect(maximum == row[..<columns].max()! && check == -.infinity)
            let original = row
            let sum = loops.exponentiate(&row, columns: columns, maximum: maximum)
            var exactSum = 0.0
            for j in 0..<columns {
                let exact = Foundation.exp2(Double(original[j] - maximum))  // the kernel subtracts in Float
                exactSum += exact
                #expect(exact < 0x1p-126 ? row[j] == 0 : abs(Double(row[j]) - exact) <= 2.5e-7 * exact, "column \(j)")
            }
            #expect(abs(Double(sum) - exactSum) <= 1e-6 * exactSum)
            #expect(row[columns...].allSatisfy { $0.isNaN }, "wrote past the row")
        }
        var poisoned: [Float] = [1, 2, .nan, 4, 5, 6, 7, 8]
        var check: Float = 0
        #expect(loops.maximum(&poisoned, columns: 8, check: &check) == 8 && check.isNaN)
    }

    @Test(arguments: [1, 7, 64, 70])
    func listedScoresMatchTheReference(depth: Int) throws {
        try #require(Self.hasAVX2FMA)
        let query = Self.random(depth, seed: 6), keys = Self.random(8 * depth, seed: 7)
        for count in 1...8 {
            var scores = [Float](repeating: .nan, count: 9)
            keys.withUnsafeBufferPointer { keys in
                let rows: [UnsafePointer<Float>?] = (0..<count).map { keys.baseAddress! + (7 - $0) * depth }
                sparse_attention_avx2_listed_scores(query, depth, rows, count, 0.5, &scores)
            }
            for lane in 0..<9 {
                guard lane < count else {
                    #expect(scores[lane].isNaN, "wrote lane \(lane) of \(count)")
                    continue
                }
                var exact = 0.0
                for c in 0..<depth { exact += Double(query[c]) * Double(keys[(7 - lane) * depth + c]) }
                #expect(abs(Double(scores[lane]) - 0.5 * exact) <= 1e-5 * (1 + abs(exact)), "lane \(lane) of \(count)")
            }
        }
    }

    @Test(arguments: [8, 24, 64, 72])
    func listedAccumulateMatchesTheReferenceAndSkipsZeroWeights(width: Int) throws {
        try #require(Self.hasAVX2FMA)
        var values = Self.random(8 * width, seed: 8)
        values[3 * width + width / 2] = .nan  // lane 3's weight is 0: its NaN must not leak in
        let weights: [Float] = [0.5, -0.25, 1, 0, 0.125, 2, -1, 0.75]
        let start = Self.random(width, seed: 9)
        for count in [1, 5, 8] {
            var output = start
            values.withUnsafeBufferPointer { values in
                let rows: [UnsafePointer<Float>?] = (0..<count).map { values.baseAddress! + $0 * width }
                sparse_attention_avx2_listed_accumulate(weights, rows, count, width, &output)
            }
            for c in 0..<width {
                var exact = Double(start[c])
                for lane in 0..<count where weights[lane] != 0 { exact += Double(weights[lane]) * Double(values[lane * width + c]) }
                #expect(abs(Double(output[c]) - exact) <= 1e-5 * (1 + abs(exact)), "column \(c), \(count) lanes")
            }
        }
    }

    @Test(arguments: Width.allCases)
    func maskRowDropsExactlyTheClearedBits(loops: Width) throws {
        try #require(loops.isAvailable)
        // Two mask words (128 keys), with whole bytes set, clear and mixed.
        let words: [UInt64] = [0xFF00_F0F0_0000_FFFF, 0x0123_4567_89AB_CDEF]
        for (first, columns) in [(0, 8), (0, 64), (8, 24), (56, 16), (64, 56), (8, 120)] {
            let original = Self.random(columns, seed: UInt64(first + columns)) + [Float](repeating: 7, count: 8)
            var row = original
            words.withUnsafeBufferPointer { words in
                row.withUnsafeMutableBufferPointer { row in loops.mask(words.baseAddress!, row.baseAddress!, first: first, columns: columns) }
            }
            for j in 0..<columns {
                let key = first + j
                let kept = words[key / 64] >> UInt64(key % 64) & 1 == 1
                #expect(row[j] == (kept ? original[j] : -.infinity), "key \(key) of \(first) ..< \(first + columns)")
            }
            #expect(row[columns...].allSatisfy { $0 == 7 }, "wrote past the row")
        }
    }
}
#endif
