// ColumnRanges.normalize against a plain sort and merge, for few spans (sorted) and many
// (through the bitmap), including spans across and at the edges of 64-column words.

@testable import AttentionKernels
@testable import RandomPatterns
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
        var random = SeededRandom(seed: UInt64(count))
        for round in 0..<50 {
            // Narrow spans over a few words, and now and then a wide one or one at a word's edge.
            let spans = (0..<count).map { index -> ColumnSpan in
                let lower = Int64(random.int(in: 0...299))
                let width = Int64(index % 7 == 0 ? random.int(in: 0...199) : random.int(in: 0...2))
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
