// SourceFile: the text of one pattern file, and the mapping from byte offsets to the
// line and column numbers that diagnostics print.

/// The text of one pattern file, kept as UTF-8 bytes with an index of line starts.
///
/// Every syntax node and diagnostic refers to its source through a ``SourceRange`` of byte
/// offsets into `bytes`; `SourceFile` turns those offsets into 1-based line and column
/// numbers. Columns count Unicode scalars, so a caret lines up under non-ASCII text too.
///
/// ```swift
/// let file = SourceFile(path: "demo.attn", text: "pattern p { mask causal }")
/// file.lineAndColumn(of: 12)  // (line: 1, column: 13)
/// ```
public struct SourceFile: Sendable, Hashable {
    /// The path the file was read from, as it should appear in diagnostics.
    public let path: String
    /// The file's bytes. They are valid UTF-8 unless ``invalidUTF8Offset`` is set.
    public let bytes: [UInt8]
    /// The byte offset at which each line starts; line `i` (0-based) starts at `lineStarts[i]`.
    public let lineStarts: [Int]
    /// The offset of the first byte that is not valid UTF-8, or `nil` for a valid file.
    public let invalidUTF8Offset: Int?

    /// Makes a source file from text already in memory.
    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// Makes a source file from raw bytes, which may or may not be valid UTF-8.
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
        self.invalidUTF8Offset = SourceFile.firstInvalidUTF8Offset(in: bytes)
    }

    /// The 1-based line and column of a byte offset. Offsets past the end map to the end.
    public func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
        let offset = max(0, min(offset, bytes.count))
        let lineIndex = lineIndex(containing: offset)
        let start = lineStarts[lineIndex]
        let column = scalarCount(bytes[start..<offset]) + 1
        return (lineIndex + 1, column)
    }

    /// The text of the 1-based line `line`, without its line terminator.
    public func lineText(_ line: Int) -> String {
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// The source text covered by a range.
    public func text(in range: SourceRange) -> String {
        let lower = max(0, min(range.start, bytes.count))
        let upper = max(lower, min(range.end, bytes.count))
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }

    private func lineIndex(containing offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    private func scalarCount(_ slice: ArraySlice<UInt8>) -> Int {
        // Continuation bytes (10xxxxxx) do not start a scalar.
        slice.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    private static func firstInvalidUTF8Offset(in bytes: [UInt8]) -> Int? {
        var offset = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
            case .emptyInput:
                return nil
            case .error:
                return offset
            }
        }
    }
}

/// A half-open range of byte offsets into a ``SourceFile``.
public struct SourceRange: Sendable, Hashable {
    /// The offset of the first byte.
    public var start: Int
    /// The offset just past the last byte.
    public var end: Int

    /// Makes a range from `start` up to, not including, `end`.
    public init(start: Int, end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// The smallest range covering both `self` and `other`.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(start: min(start, other.start), end: max(end, other.end))
    }

    /// An empty range at this range's start.
    public var startOnly: SourceRange { SourceRange(start: start, end: start) }
}
