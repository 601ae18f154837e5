// ColumnRanges: the key-tile columns a generated kernel's row can touch, collected as
// spans from each built-in's closed form, then sorted and merged (many narrow spans, as
// `random` gives, through a bitmap of the columns instead of a sort) — per-thread scratch
// that keeps its capacity from row to row, so the tile loop allocates nothing.

import BlockSparsePlanner

/// A span of layout columns `lower ... upper`; empty when `lower > upper`.
public struct ColumnSpan: Sendable, Equatable {
    /// The first column.
    public var lower: Int64
    /// The last column.
    public var upper: Int64

    /// Makes a span.
    @inlinable
    public init(lower: Int64, upper: Int64) { (self.lower, self.upper) = (lower, upper) }

    /// No column.
    public static let empty = ColumnSpan(lower: 1, upper: 0)

    /// Every column of a grid of `columns` columns.
    @inlinable
    public static func all(_ columns: Int64) -> ColumnSpan { ColumnSpan(lower: 0, upper: columns - 1) }

    /// Whether the span holds no column.
    @inlinable
    public var isEmpty: Bool { lower > upper }

    /// The columns of keys `from ... through`, clipped to `0 ..< length`, for columns of
    /// `block` keys.
    @inlinable
    public static func keys(from: Int64, through: Int64, block: Int64, length: Int64) -> ColumnSpan {
        let (low, high) = (max(from, 0), min(through, length - 1))
        return low <= high ? ColumnSpan(lower: low / block, upper: high / block) : .empty
    }

    /// The smallest span holding both.
    @inlinable
    public func union(_ other: ColumnSpan) -> ColumnSpan {
        if isEmpty { return other }
        if other.isEmpty { return self }
        return ColumnSpan(lower: min(lower, other.lower), upper: max(upper, other.upper))
    }

    /// The columns in both.
    @inlinable
    public func intersection(_ other: ColumnSpan) -> ColumnSpan {
        ColumnSpan(lower: max(lower, other.lower), upper: min(upper, other.upper))
    }
}

/// The candidate columns of one row of query tiles, as sorted, disjoint spans after
/// ``normalize()``.
public struct ColumnRanges {
    /// The spans; sorted and disjoint after ``normalize()``.
    public var spans: [ColumnSpan] { storage }
    @usableFromInline
    var storage: [ColumnSpan] = []
    /// Scratch for ``normalize()``: one bit a column, clear between calls.
    private var columnBits: [UInt64] = []

    /// Empty ranges.
    public init() {}

    /// Forgets the spans, keeping the memory.
    @inlinable
    public mutating func removeAll() { storage.removeAll(keepingCapacity: true) }

    /// Adds a span (ignored when empty).
    @inlinable
    public mutating func add(_ span: ColumnSpan) {
        if !span.isEmpty { storage.append(span) }
    }

    /// Adds the columns holding the positions of `set`, within `clip`.
    public mutating func add(_ set: PositionSet, block: Int64, clip: ColumnSpan) {
        for index in set.starts.indices {
            add(ColumnSpan(lower: set.starts[index] / block, upper: set.ends[index] / block).intersection(clip))
        }
    }

    /// Sorts the spans and merges those that overlap or touch.
    public mutating func normalize() {
        guard storage.count > 1 else { return }
        if storage.count > Self.sortedSpansAtMost, Self.normalizeByBits(&storage, scratch: &columnBits) { return }
        storage.sort { $0.lower < $1.lower }
        var merged = 0
        for index in 1..<storage.count {
            if storage[index].lower <= storage[merged].upper + 1 {
                storage[merged].upper = max(storage[merged].upper, storage[index].upper)
            } else {
                merged += 1
                storage[merged] = storage[index]
            }
        }
        storage.removeLast(storage.count - merged - 1)
    }

    /// Above this many spans, ``normalize()`` marks the columns in a bitmap and reads the
    /// runs back, instead of sorting (the sort was a fifth of a short `random` call).
    static let sortedSpansAtMost = 16

    /// Normalises `storage` through a bitmap of the columns in `scratch` (clear before and
    /// after), when they lie within `0 ..< 2^22`; returns `false`, changing nothing, otherwise.
    private static func normalizeByBits(_ storage: inout [ColumnSpan], scratch columnBits: inout [UInt64]) -> Bool {
        var (low, high) = (Int64.max, Int64.min)
        for span in storage { (low, high) = (min(low, span.lower), max(high, span.upper)) }
        guard low >= 0, high < 1 << 22 else { return false }
        let words = Int(high >> 6) + 1
        if columnBits.count < words { columnBits.append(contentsOf: repeatElement(0, count: words - columnBits.count)) }
        columnBits.withUnsafeMutableBufferPointer { bits in
            for span in storage {
                let (first, last) = (Int(span.lower), Int(span.upper))
                let (firstWord, lastWord) = (first >> 6, last >> 6)
                let head: UInt64 = ~0 << UInt64(first & 63), tail: UInt64 = ~0 >> UInt64(63 - last & 63)
                if firstWord == lastWord {
                    bits[firstWord] |= head & tail
                } else {
                    bits[firstWord] |= head
                    for word in firstWord + 1..<lastWord { bits[word] = ~0 }
                    bits[lastWord] |= tail
                }
            }
            // Read the runs of set bits back, clearing each word once read.
            storage.removeAll(keepingCapacity: true)
            var runStart: Int64?
            for word in Int(low >> 6)..<words {
                let set = bits[word]
                bits[word] = 0
                var position = 0
                while position < 64 {
                    // Inside a run, find where it ends (the next clear bit); else where one starts.
                    let next = (runStart == nil ? set : ~set) >> UInt64(position)
                    if next == 0 { break }
                    position += next.trailingZeroBitCount
                    if let start = runStart {
                        storage.append(ColumnSpan(lower: start, upper: Int64(word * 64 + position - 1)))
                        runStart = nil
                    } else {
                        runStart = Int64(word * 64 + position)
                    }
                }
            }
            if let start = runStart { storage.append(ColumnSpan(lower: start, upper: high)) }
        }
        return true
    }
}
