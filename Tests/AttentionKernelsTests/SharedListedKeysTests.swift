// Tests of CTileKernels' listed keys shared by a run of query rows
// (`sparse_attention_avx2_shared_listed_keys`): each row's online softmax step against a
// Double reference, with rows that start fresh, rescale, keep their max, are NaN already,
// turn NaN (a NaN or +∞ score), on runs that are not a multiple of eight rows, and nothing
// written past the run.

#if arch(x86_64)
import CTileKernels
import Foundation
import Testing

@Suite struct SharedListedKeysTests {
    /// The running state of one row before the step, by kind.
    static func start(row: Int) -> (maximum: Float, sum: Float) {
        switch row % 5 {
        case 0: (-.infinity, 0)  // fresh
        case 1: (-40, 3)  // far below: the max grows, the row rescales
        case 2: (40, 2)  // far above: the weights are tiny, no rescale
        case 3: (0.5, 1.25)  // close
        default: row == 9 ? (.nan, .nan) : (-2, 0.5)  // row 9 is NaN already
        }
    }

    @Test(arguments: [(1, 1, 64), (8, 1, 64), (13, 3, 64), (19, 8, 72), (16, 4, 40), (5, 2, 8)])
    func eachRowFollowsTheReference(shape: (rows: Int, count: Int, depth: Int)) throws {
        try #require(WideKernelTests.hasAVX2FMA)
        let (rows, count, depth) = shape
        let width = 24
        var query = WideKernelTests.random((rows + 1) * depth, seed: 31).map { $0 * 2 }
        let keys = WideKernelTests.random(count * depth, seed: 32), values = WideKernelTests.random(count * width, seed: 33)
        // Row 11's scores are NaN; row 12's score with key 0 overflows to +∞.
        let turnsNaN: Set<Int> = rows > 12 ? [11, 12] : []
        if rows > 12 {
            query[11 * depth + 3] = .nan
            for c in 0..<depth { query[12 * depth + c] = keys[c] < 0 ? -3e38 : 3e38 }
        }
        var maxima = (0...rows).map { Self.start(row: $0).maximum }, sums = (0...rows).map { Self.start(row: $0).sum }
        let startOutput = WideKernelTests.random((rows + 1) * width, seed: 34)
        var output = startOutput
        let scale: Float = 0.3
        keys.withUnsafeBufferPointer { k in
            values.withUnsafeBufferPointer { v in
                let keyRows: [UnsafePointer<Float>?] = (0..<count).map { k.baseAddress! + $0 * depth }
                let valueRows: [UnsafePointer<Float>?] = (0..<count).map { v.baseAddress! + $0 * width }
                sparse_attention_avx2_shared_listed_keys(query, rows, depth, keyRows, valueRows, count, scale, &maxima, &sums,
                                                         &output, width)
            }
        }
        for r in 0..<rows {
            let (previous, startSum) = Self.start(row: r)
            let scores = (0..<count).map { lane in
                Double(scale) * (0..<depth).reduce(0.0) { $0 + Double(query[r * depth + $1]) * Double(keys[lane * depth + $1]) }
            }
            let outputRow = Array(output[r * width..<(r + 1) * width]), startRow = Array(startOutput[r * width..<(r + 1) * width])
            if previous.isNaN {
                #expect(maxima[r].isNaN && sums[r].isNaN && outputRow == startRow, "row \(r) stays NaN and untouched")
                continue
            }
            if turnsNaN.contains(r) {
                #expect(maxima[r].isNaN && sums[r].isNaN && outputRow == startRow, "row \(r) turns NaN")
                continue
            }
            let maximum = max(Double(previous), scores.max()!)
            let weights = scores.map { Foundation.exp2($0 - maximum) }
            let factor = maximum > Double(previous) && previous > -.infinity ? Foundation.exp2(Double(previous) - maximum) : 1
            #expect(abs(Double(maxima[r]) - maximum) <= 1e-5 * (1 + abs(maximum)), "row \(r): max")
            let sum = Double(startSum) * factor + weights.reduce(0, +)
            #expect(abs(Double(sums[r]) - sum) <= 1e-5 * sum, "row \(r): sum")
            for c in 0..<width {
                let exact = Double(startRow[c]) * factor + (0..<count).reduce(0.0) { $0 + weights[$1] * Double(values[$1 * width + c]) }
                #expect(abs(Double(outputRow[c]) - exact) <= 1e-5 * (1 + abs(exact)), "row \(r), output \(c)")
            }
        }
        // The row after the run is a guard.
        #expect(maxima[rows].bitPattern == Self.start(row: rows).maximum.bitPattern, "wrote past the run: max")
        #expect(Array(output[(rows * width)...]) == Array(startOutput[(rows * width)...]), "wrote past the run: output")
    }
}
#endif
