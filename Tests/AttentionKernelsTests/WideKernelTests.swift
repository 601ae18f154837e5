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

        func softmax(_ scores: UnsafeMutablePointer<Float>, stride: Int, rows: Int, columns: Int, kept: Int, mask: UnsafePointer<UInt64>?,
                     wordsPerRow: Int, firstKey: Int, maxima: UnsafeMutablePointer<Float>, sums: UnsafeMutablePointer<Float>,
                     output: UnsafeMutablePointer<Float>, width: Int) {
            switch self {
            case .avx2:
                sparse_attention_avx2_softmax_tile(scores, stride, rows, columns, kept, mask, wordsPerRow, firstKey, maxima, sums, output, width)
            case .avx512:
                sparse_attention_avx512_softmax_tile(scores, stride, rows, columns, kept, mask, wordsPerRow, firstKey, maxima, sums, output, width)
            }
        }

        func scores(_ q: [Float], rows: Int, depth: Int, _ kt: [Float], keyStride: Int, columns: Int, scale: Float,
                    _ s: inout [Float], scoreStride: Int) {
            switch self {
            case .avx2: sparse_attention_avx2_scores(q, rows, depth, kt, keyStride, columns, scale, &s, scoreStride, kt, kt.count * 4)
            case .avx512: sparse_attention_avx512_scores(q, rows, depth, kt, keyStride, columns, scale, &s, scoreStride, kt, kt.count * 4)
            }
        }

        func accumulate(_ p: [Float], stride: Int, rows: Int, keys: Int, _ v: [Float], width: Int, _ o: inout [Float]) {
            switch self {
            case .avx2: sparse_attention_avx2_accumulate(p, stride, rows, keys, v, width, &o, v, v.count * 4)
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

    @Test(arguments: Width.allCases, [(1, 8, 1), (3, 8, 5), (4, 16, 64), (5, 24, 7), (9, 40, 70), (13, 72, 64), (8, 56, 3), (6, 96, 64),
                                        (8, 64, 64), (7, 120, 33), (12, 136, 16),
                                        // A partial tile's 8-row pieces, each width a block's 64 columns leave.
                                        (8, 8, 64), (8, 16, 64), (8, 24, 64), (8, 32, 64), (8, 40, 64), (8, 48, 64), (16, 56, 64),
                                        (11, 88, 64), (19, 104, 24)])
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

    @Test(arguments: Width.allCases, [(1, 1, 8), (3, 5, 8), (4, 64, 64), (6, 7, 24), (9, 70, 40), (8, 3, 72), (5, 64, 96),
                                        (7, 9, 136), (4, 5, 120), (12, 64, 64)])
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

    /// One tile's softmax step, row by row in Double: the rows' kinds below cover fresh rows,
    /// rescaled ones, a max that does not grow, one that grows by less than the rescale
    /// threshold (its weights stay against the previous max), NaN and +∞ scores kept and
    /// dropped, a NaN max and rows that keep nothing.
    @Test(arguments: Width.allCases, [(8, 0, 8, false), (24, 0, 19, false), (64, 0, 64, false), (64, 0, 61, true), (24, 56, 24, true),
                                      (120, 8, 120, true), (40, 64, 37, true), (72, 48, 72, true), (16, 112, 16, true)])
    func softmaxTileMatchesTheReference(loops: Width, tile: (columns: Int, firstKey: Int, kept: Int, masked: Bool)) throws {
        try #require(loops.isAvailable)
        let (columns, firstKey, kept, masked) = tile
        let (rows, stride, width, wordsPerRow) = (10, columns + 8, 24, 2)
        // Random bits for a 128-key tile; rows 7 and 8 keep nothing.
        var words = (0..<rows * wordsPerRow).map { UInt64(truncatingIfNeeded: Self.random(1, seed: UInt64(100 + $0))[0].bitPattern) &* 0x9E37_79B9_7F4A_7C15 }
        for word in 7 * wordsPerRow..<9 * wordsPerRow { words[word] = 0 }
        func keeps(_ r: Int, _ j: Int) -> Bool {
            let key = firstKey + j
            return j < kept && (!masked || words[r * wordsPerRow + key / 64] >> UInt64(key % 64) & 1 == 1)
        }
        var scores = Self.random(rows * stride, seed: UInt64(columns * 7 + firstKey)).map { $0 * 40 }
        for r in 0..<rows { for j in columns..<stride { scores[r * stride + j] = .nan } }
        let keptColumn = { (r: Int) in (0..<columns).first { keeps(r, $0) } }
        let droppedColumn = { (r: Int) in (0..<columns).first { !keeps(r, $0) } }
        if let j = keptColumn(4) { scores[4 * stride + j] = .nan }
        if let j = droppedColumn(5) { scores[5 * stride + j] = .nan }
        if let j = keptColumn(6) { scores[6 * stride + j] = .infinity }
        // Row 9's max grows by 3, less than the rescale threshold (when it keeps a score).
        let lazyStart = ((0..<columns).filter { keeps(9, $0) }.map { scores[9 * stride + $0] }.max() ?? 0) - 3
        var maxima: [Float] = [-.infinity, -50, 100, .nan, -.infinity, 3, -.infinity, -.infinity, 20, lazyStart]
        var sums: [Float] = [0, 2, 5, .nan, 0, 1.5, 0, 0, 3, 0.25]
        let startOutput = Self.random((rows + 1) * width, seed: 11)
        var (result, output) = (scores, startOutput)
        words.withUnsafeBufferPointer { words in
            loops.softmax(&result, stride: stride, rows: rows, columns: columns, kept: kept, mask: masked ? words.baseAddress! : nil,
                          wordsPerRow: wordsPerRow, firstKey: firstKey, maxima: &maxima, sums: &sums, output: &output, width: width)
        }
        let (startMaxima, startSums): ([Float], [Float]) = ([-.infinity, -50, 100, .nan, -.infinity, 3, -.infinity, -.infinity, 20, lazyStart],
                                                           [0, 2, 5, .nan, 0, 1.5, 0, 0, 3, 0.25])
        for r in 0..<rows {
            let row = (0..<columns).map { keeps(r, $0) ? scores[r * stride + $0] : -.infinity }
            let keptScores = (0..<columns).filter { keeps(r, $0) }.map { row[$0] }
            let previous = startMaxima[r]
            let largest = max(previous, keptScores.max() ?? -.infinity)
            // The weights' reference: the previous max unless the new one passes it by more than 8.
            let maximum = previous > -.infinity && largest <= previous + 8 ? previous : largest
            let weights = result[r * stride..<r * stride + columns], outputRow = output[r * width..<(r + 1) * width]
            let startRow = startOutput[r * width..<(r + 1) * width]
            #expect(result[r * stride + columns..<(r + 1) * stride].allSatisfy { $0.isNaN }, "row \(r): wrote past the row")
            if previous.isNaN || keptScores.contains(where: { $0.isNaN }) || largest == .infinity {
                #expect(maxima[r].isNaN && sums[r].isNaN && weights.allSatisfy { $0.isNaN }, "row \(r) should be NaN")
                #expect(outputRow == startRow, "row \(r): output")
                continue
            }
            #expect(maxima[r] == maximum, "row \(r): max")
            var total = 0.0
            for j in 0..<columns {
                let exact = maximum == -.infinity ? 0 : Foundation.exp2(Double(row[j] - maximum))  // the kernel subtracts in Float
                total += exact
                #expect(exact < 0x1p-126 ? weights[r * stride + j] == 0 : abs(Double(weights[r * stride + j]) - exact) <= 2.5e-7 * exact,
                        "row \(r), column \(j)")
            }
            let factor = maximum > previous && previous > -.infinity ? Foundation.exp2(Double(previous - maximum)) : 1
            let sum = Double(startSums[r]) * factor + total
            #expect(abs(Double(sums[r]) - sum) <= 1e-6 * sum, "row \(r): sum")
            for c in 0..<width {
                let exact = Double(startRow[r * width + c]) * factor
                #expect(abs(Double(outputRow[r * width + c]) - exact) <= 1e-6 * abs(exact), "row \(r), output \(c)")
            }
        }
        #expect(Array(output[(rows * width)...]) == Array(startOutput[(rows * width)...]), "wrote past the output rows")
    }
}
#endif
