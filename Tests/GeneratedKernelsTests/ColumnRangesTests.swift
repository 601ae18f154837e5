// ColumnRanges.normalize against a plain sort and merge, for few spans (sorted) and many
// (through the bitmap), including spans across and at the edges of 64-column words.

@testable import AttentionKernels
import Testing

@Suite struct ColumnRangesTests {
    /// The spans sorted by their first column, overlapping or touching ones merged.
    static func merged(_ spans: [ColumnSpan]) -> [ColumnSpan] {
        var result: [ColumnSpan] = []
        for span in spans.filter({ !$0.isEmpty }).sorted(by: { $0.lower < $1.lower }) {
            if let last = result.last, span.lower <= last.upper + 1 {
                result[result.count - 1].upper = max(last.upper, span.upper)
            } else {
                result.append(span)
            }
        }
        return result
    }

    @Test(arguments: [2, 5, 16, 17, 40, 300])
    func normalizeMergesAsASortWould(count: Int) {
        var ranges = ColumnRanges()
        var generator = SplitMix(state: UInt64(count))
        for round in 0..<50 {
            // Narrow spans over a few words, and now and then a wide one or one at a word's edge.
            let spans = (0..<count).map { index -> ColumnSpan in
                let lower = Int64.random(in: 0..<300, using: &generator)
                let width: Int64 = index % 7 == 0 ? .random(in: 0..<200, using: &generator) : .random(in: 0..<3, using: &generator)
                return index % 11 == 0 ? ColumnSpan(lower: 63, upper: 64 + width) : ColumnSpan(lower: lower, upper: lower + width)
            }
            ranges.removeAll()
            for span in spans { ranges.add(span) }
            ranges.normalize()
            #expect(ranges.spans == Self.merged(spans), "round \(round): \(spans)")
        }
    }

    /// Spans beyond the bitmap's reach (negative, or past 2^22) are sorted instead.
    @Test func farColumnsAreSorted() {
        var ranges = ColumnRanges()
        let spans = (0..<20).map { ColumnSpan(lower: Int64($0) * (1 << 40), upper: Int64($0) * (1 << 40) + 5) }
            + [ColumnSpan(lower: -10, upper: -3)]
        for span in spans.reversed() { ranges.add(span) }
        ranges.normalize()
        #expect(ranges.spans == Self.merged(spans))
    }
}

/// A seeded generator (SplitMix64), so that every run draws the same spans.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
