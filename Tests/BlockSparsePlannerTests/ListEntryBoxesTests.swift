// The states of one entry of a list whose entries depend on the positions, against every
// value and entry in the ranges: never `full` where a pair is dropped nor `empty` where one
// is kept, always decided when every range is a single value, and decided on boxes far
// from what the entry can reach (a tile far off the diagonal for `k in [q - 1]`).

import BlockSparsePlanner
import PatternLanguage
import Testing

@Suite struct ListEntryBoxesTests {
    /// Ranges of a few values around zero and around the length, single values among them.
    static let ranges: [IntegerRange] = {
        let bounds: [Int64] = [-12, -9, -4, -1, 0, 2, 5, 8, 11, 14]
        return bounds.flatMap { low in bounds.filter { $0 >= low && $0 - low <= 6 }.map { IntegerRange(lower: low, upper: $0) } }
    }()
    static let length: Int64 = 10

    static func fromEnd(_ value: Int64) -> Int64 { Arithmetic.fromEnd(value, length: length) }

    static func expect(_ state: TileState, keeps: [Bool], _ comment: String) {
        if state == .full { #expect(keeps.allSatisfy { $0 }, "full, but drops a pair: \(comment)") }
        if state == .empty { #expect(!keeps.contains(true), "empty, but keeps a pair: \(comment)") }
    }

    @Test func singleEntriesAreSoundAndExactOnSingleValues() {
        for values in Self.ranges {
            for entry in Self.ranges {
                let state = BuiltinBoxes.listEntry(values, equals: entry, length: Self.length)
                let keeps = (values.lower...values.upper).flatMap { x in (entry.lower...entry.upper).map { x == Self.fromEnd($0) } }
                Self.expect(state, keeps: keeps, "\(values) == \(entry)")
                if values.isSingle && entry.isSingle { #expect(state != .unknown, "\(values) == \(entry)") }
            }
        }
    }

    @Test(arguments: [false, true])
    func rangeEntriesAreSoundAndExactOnSingleValues(inclusive: Bool) {
        for values in Self.ranges {
            for low in Self.ranges {
                for high in Self.ranges {
                    let state = BuiltinBoxes.listEntry(values, from: low, to: high, inclusive: inclusive, length: Self.length)
                    var keeps: [Bool] = []
                    for x in values.lower...values.upper {
                        for a in low.lower...low.upper {
                            for b in high.lower...high.upper {
                                let (first, last) = (Self.fromEnd(a), Self.fromEnd(b))
                                keeps.append(first <= x && (inclusive ? x <= last : x < last))
                            }
                        }
                    }
                    Self.expect(state, keeps: keeps, "\(values) in \(low)\(inclusive ? "..." : "..<")\(high)")
                    if values.isSingle && low.isSingle && high.isSingle { #expect(state != .unknown) }
                }
            }
        }
    }

    @Test func tilesFarFromTheEntryAreDecided() {
        // `k in [q - 1]` on the tile of queries 64...127 and keys 0...63 (n = 4,096): empty.
        let keys = IntegerRange(lower: 0, upper: 63)
        let entry = IntegerRange(lower: 63, upper: 126)
        #expect(BuiltinBoxes.listEntry(keys, equals: entry, length: 4096) == .unknown)
        #expect(BuiltinBoxes.listEntry(IntegerRange(lower: 128, upper: 191), equals: entry, length: 4096) == .empty)
        // `k in [q + 1...q + 3]` on queries 0...63 and keys 200...263: empty; `-5..<-2` there too.
        let queries = IntegerRange(lower: 0, upper: 63)
        let start = IntegerRange(lower: queries.lower + 1, upper: queries.upper + 1)
        let end = IntegerRange(lower: queries.lower + 3, upper: queries.upper + 3)
        #expect(BuiltinBoxes.listEntry(IntegerRange(lower: 200, upper: 263), from: start, to: end, inclusive: true, length: 4096) == .empty)
        #expect(BuiltinBoxes.listEntry(IntegerRange(lower: 200, upper: 263), from: IntegerRange(-5), to: IntegerRange(-2), inclusive: false, length: 4096) == .empty)
        #expect(BuiltinBoxes.listEntry(IntegerRange(lower: 4091, upper: 4093), from: IntegerRange(-5), to: IntegerRange(-2), inclusive: false, length: 4096) == .full)
    }
}
