// Tests of the kernels that keep a chunk's query rows in vector lanes (CTileKernels'
// QueryLanesAVX512.c and QueryLanesAVX2.c, each width on its own) against a Double
// reference of each row's softmax over the keys it keeps: whole tiles; masks with empty key
// rows, single lanes and runs of four key rows touching one, two, three or four vectors; key
// rows by index (gathered keys); key rows that every lane keeps (P·V needs no masks);
// fewer than 64 rows or keys; value depths that are no multiple of four; values that are
// NaN or ∞ in key rows that one lane keeps and the lanes beside it drop, or that every lane
// but one keeps (the AVX2 width then masks P·V); scores that grow past the rescale
// threshold from tile to tile; and rows that keep nothing. Also the bit transposition that
// turns a tile's row masks into key-row lane masks.

#if arch(x86_64)
import CTileKernels
import Foundation
import Testing

@Suite struct QueryLanesTests {
    /// One tile's call: `keyCount` key rows of the pool (by index, or the first ones), each
    /// kept by the lanes its mask sets (or all).
    struct TileCall {
        let keyCount: Int
        let keyRows: [Int32]?
        let laneMasks: [UInt64]?
        /// What the call's key rows are multiplied by (scores grow from call to call).
        let keyFactor: Float
    }

    static func calls(rows: Int, pool: Int) -> [TileCall] {
        let all: UInt64 = rows == 64 ? ~0 : (1 << UInt64(rows)) - 1
        // The pool's key rows in a scrambled order (37 is prime to the pool's 128).
        let shuffled = (0..<pool).map { Int32(($0 * 37 + 11) % pool) }
        return [
            // A whole tile, then one of 41 keys, both kept by every lane.
            TileCall(keyCount: 64, keyRows: nil, laneMasks: nil, keyFactor: 1),
            TileCall(keyCount: 41, keyRows: Array(shuffled[0..<41]), laneMasks: nil, keyFactor: 2),
            // A band's edge: key row j kept by lanes j and up; every fifth key row by none.
            TileCall(keyCount: 64, keyRows: nil, laneMasks: (0..<64).map { j -> UInt64 in j % 5 == 4 ? 0 : all & (~0 << UInt64(j)) }, keyFactor: 4),
            // Gathered keys, each kept by one lane (a strided pattern's) or by lanes of one vector.
            TileCall(keyCount: 50, keyRows: Array(shuffled[60..<110]), laneMasks: (0..<50).map { j -> UInt64 in
                let lanes: UInt64 = j % 3 == 0 ? 1 << UInt64(j % 64) : 0xFFFF << UInt64(16 * (j % 4))
                return all & lanes
            }, keyFactor: 16),
            // Random lanes (three vectors of four rows touched, and one), on scores that grow
            // past the rescale threshold.
            TileCall(keyCount: 64, keyRows: nil, laneMasks: (0..<64).map { j -> UInt64 in
                let bits = Self.scrambled(UInt64(j))
                let touched: UInt64 = j % 8 < 4 ? 0x0000_FFFF_FFFF_FFFF : 0xFF
                return all & bits & touched
            }, keyFactor: 64),
            // The 20 pool rows no other call reads: 8 that every lane but the middle one keeps,
            // then 12 that every lane keeps (a summary column's, which P·V adds without masks).
            TileCall(keyCount: 20, keyRows: (shuffled[41..<60] + shuffled[110..<128]).filter { $0 >= 64 }, laneMasks: (0..<20).map { j -> UInt64 in
                j < 8 ? all & ~(1 << UInt64(rows / 2)) : all
            }, keyFactor: 8),
        ]
    }

    /// The shapes: rows, depth, value depth.
    static let shapes = [(64, 64, 64), (37, 16, 3), (1, 4, 1), (64, 72, 13), (50, 64, 8), (20, 33, 70)]

    @Test(arguments: WideKernelTests.Width.allCases, shapes)
    func lanesMatchTheReference(width: WideKernelTests.Width, shape: (rows: Int, depth: Int, valueDepth: Int)) throws {
        try lanesMatchTheReference(width: width, shape: shape, poisonedValueRows: [])
    }

    /// Value rows that one lane alone keeps hold NaN and −∞: that lane's output is not finite,
    /// and the lanes beside it, which drop those rows, must not see them (shapes of more than
    /// one row, so that there are lanes beside it).
    @Test(arguments: WideKernelTests.Width.allCases, shapes.filter { $0.0 > 1 })
    func droppedValuesNeverReachALane(width: WideKernelTests.Width, shape: (rows: Int, depth: Int, valueDepth: Int)) throws {
        let poisoned = Self.keptBySingleLanes(rows: shape.rows, pool: 128)
        try #require(!poisoned.isEmpty)
        try lanesMatchTheReference(width: width, shape: shape, poisonedValueRows: poisoned)
    }

    /// Value rows that every lane but one keeps hold NaN and −∞: the lane that drops them
    /// must not see them (the rows beside, which every lane keeps, need no masks).
    @Test(arguments: WideKernelTests.Width.allCases, shapes.filter { $0.0 > 1 })
    func valuesDroppedByOneLaneNeverReachIt(width: WideKernelTests.Width, shape: (rows: Int, depth: Int, valueDepth: Int)) throws {
        let poisoned = Self.readOnce(rows: shape.rows, pool: 128) { $0.nonzeroBitCount == shape.rows - 1 }
        try #require(poisoned.count == 8)
        try lanesMatchTheReference(width: width, shape: shape, poisonedValueRows: poisoned)
    }

    /// The pool rows that the calls read once, for one lane only.
    static func keptBySingleLanes(rows: Int, pool: Int) -> Set<Int> {
        readOnce(rows: rows, pool: pool) { $0.nonzeroBitCount == 1 }
    }

    /// The pool rows that the calls read once, with lanes for which `lanes` holds.
    static func readOnce(rows: Int, pool: Int, lanes: (UInt64) -> Bool) -> Set<Int> {
        let all: UInt64 = rows == 64 ? ~0 : (1 << UInt64(rows)) - 1
        var reads = [Int: [UInt64]]()
        for call in calls(rows: rows, pool: pool) {
            for i in 0..<call.keyCount { reads[Int(call.keyRows?[i] ?? Int32(i)), default: []].append(call.laneMasks?[i] ?? all) }
        }
        return Set(reads.filter { $0.value.count == 1 && lanes($0.value[0]) }.keys)
    }

    func lanesMatchTheReference(width: WideKernelTests.Width, shape: (rows: Int, depth: Int, valueDepth: Int),
                                poisonedValueRows: Set<Int>) throws {
        try #require(width.isAvailable)
        let (rows, depth, valueDepth) = shape
        let pool = 128
        let query = WideKernelTests.random(rows * depth, seed: 21)
        let keys = WideKernelTests.random(pool * depth, seed: 22)
        var values = WideKernelTests.random(pool * valueDepth, seed: 23)
        for row in poisonedValueRows {
            for c in 0..<valueDepth { values[row * valueDepth + c] = c % 2 == 0 ? .nan : -.infinity }
        }
        let scale: Float = 0.18
        var (queryLanes, scores) = ([Float](repeating: 0, count: depth * 64), [Float](repeating: 0, count: 64 * 64))
        var (maxima, sums) = ([Float](repeating: 0, count: 64), [Float](repeating: 0, count: 64))
        var outputLanes = [Float](repeating: 0, count: valueDepth * 64)
        var output = [Float](repeating: .nan, count: 64 * valueDepth)
        // Per row, the (score, value row) pairs it keeps.
        var kept = [[(score: Double, value: Int)]](repeating: [], count: rows)
        sparse_attention_lanes_begin(query, rows, depth, &queryLanes, &maxima, &sums, &outputLanes, valueDepth)
        for call in Self.calls(rows: rows, pool: pool) {
            let callKeys = keys.map { $0 * call.keyFactor }
            for i in 0..<call.keyCount {
                let key = Int(call.keyRows?[i] ?? Int32(i))
                for r in 0..<rows where call.laneMasks.map({ $0[i] >> UInt64(r) & 1 == 1 }) ?? true {
                    let dot = (0..<depth).reduce(0.0) { $0 + Double(query[r * depth + $1]) * Double(callKeys[key * depth + $1]) }
                    kept[r].append((Double(scale) * dot, key))
                }
            }
            let rowIndex = call.keyRows
            let masks = call.laneMasks
            withOptionalPointer(rowIndex) { keyRows in
                withOptionalPointer(masks) { laneMasks in
                    width.lanesTile(queryLanes, depth, scale, callKeys, values, valueDepth, call.keyCount, keyRows, laneMasks,
                                    &scores, &maxima, &sums, &outputLanes)
                }
            }
        }
        sparse_attention_lanes_end(outputLanes, valueDepth, &output, valueDepth)
        var finiteOutputs = 0
        for r in 0..<rows {
            guard let largest = kept[r].map(\.score).max() else {
                #expect(sums[r] == 0 && maxima[r] == -.infinity, "row \(r) keeps nothing")
                continue
            }
            let weights = kept[r].map { exp2($0.score - largest) }
            let total = weights.reduce(0, +)
            // The log-sum-exp (base 2) from the row's reference max and sum.
            let logSum = Double(maxima[r]) + log2(Double(sums[r]))
            #expect(abs(logSum - (largest + log2(total))) <= 1e-5 * (1 + abs(largest)), "row \(r): log-sum-exp")
            for c in 0..<valueDepth {
                var weighted = 0.0
                for (weight, pair) in zip(weights, kept[r]) { weighted += weight * Double(values[pair.value * valueDepth + c]) }
                let expected = weighted / total
                let actual = Double(output[r * valueDepth + c] / sums[r])
                if expected.isFinite {
                    finiteOutputs += 1
                    #expect(abs(actual - expected) <= 2e-5 * (1 + abs(expected)), "row \(r), component \(c): \(actual) against \(expected)")
                } else {
                    #expect(!actual.isFinite, "row \(r), component \(c): \(actual) against \(expected)")
                }
            }
        }
        #expect(finiteOutputs > 0, "some row must keep only finite values")
    }

    @Test func rowMasksTurnIntoKeyRowMasks() {
        for count in [0, 1, 37, 64] {
            let rows = (0..<64).map { Self.scrambled(UInt64($0 + 100 * count)) }
            var lanes = [UInt64](repeating: 0, count: 64)
            sparse_attention_transpose_bits(rows, count, &lanes)
            for r in 0..<64 {
                for j in 0..<64 {
                    let expected = r < count && rows[r] >> UInt64(j) & 1 == 1
                    #expect((lanes[j] >> UInt64(r) & 1 == 1) == expected, "count \(count), row \(r), key \(j)")
                }
            }
        }
    }

    /// Calls `body` with the array's storage, or with `nil`.
    private func withOptionalPointer<T, R>(_ array: [T]?, _ body: (UnsafePointer<T>?) -> R) -> R {
        guard let array else { return body(nil) }
        return array.withUnsafeBufferPointer { body($0.baseAddress) }
    }

    /// 64 bits that look random, from `x` (a multiply and shifts: about half the bits set).
    static func scrambled(_ x: UInt64) -> UInt64 {
        var z = (x &+ 1) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 31)) &* 0xBF58_476D_1CE4_E5B9
        return z ^ (z >> 29)
    }
}

extension WideKernelTests.Width {
    /// The lanes step of this width (nothing prefetched).
    func lanesTile(_ queryLanes: [Float], _ depth: Int, _ scale: Float, _ keys: [Float], _ values: [Float], _ valueDepth: Int, _ keyCount: Int,
                   _ keyRows: UnsafePointer<Int32>?, _ laneMasks: UnsafePointer<UInt64>?, _ scores: inout [Float], _ maxima: inout [Float],
                   _ sums: inout [Float], _ outputLanes: inout [Float]) {
        switch self {
        case .avx2:
            sparse_attention_avx2_lanes_tile(queryLanes, depth, scale, keys, values, valueDepth, keyCount, keyRows, laneMasks,
                                             &scores, &maxima, &sums, &outputLanes, nil, 0, nil, 0)
        case .avx512:
            sparse_attention_avx512_lanes_tile(queryLanes, depth, scale, keys, values, valueDepth, keyCount, keyRows, laneMasks,
                                               &scores, &maxima, &sums, &outputLanes, nil, 0, nil, 0)
        }
    }
}
#endif
