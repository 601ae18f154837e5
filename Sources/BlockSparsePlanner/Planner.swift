// Planner: a checked pattern and a sequence length in, the exact block-sparse layout
// out, in time proportional to the kept tiles. For each row of query tiles it asks the
// mask which key tiles it can touch (ColumnSupport), classifies each of those tiles in
// one step from the built-ins' closed forms (BoxClassifier), and splits a tile into
// halves only where interval reasoning can not decide it, down to single pairs at worst.

import PatternLanguage

/// Plans layouts; also reports how each tile was decided.
///
/// ```swift
/// let plan = Planner.plan(pattern, length: 1 << 20)
/// plan.layout.entryCount                // kept tiles
/// plan.statistics.tilesSplit            // tiles interval reasoning could not decide
/// ```
public enum Planner {
    /// A layout and how it was found.
    public struct Plan: Sendable {
        /// The layout.
        public var layout: BlockLayout
        /// How the tiles were decided.
        public var statistics: PlanStatistics
    }

    /// The layout would keep more tiles than the caller allows.
    public struct TooManyTiles: Error, Sendable, Hashable {
        /// The limit that was passed.
        public var limit: Int
        /// The row of query tiles at which planning stopped.
        public var row: Int
        /// The number of tiles per side.
        public var tilesPerSide: Int
    }

    /// The exact layout of `pattern` at sequence length `length` (`length >= 1`).
    public static func plan(_ pattern: CheckedPattern, length: Int) -> Plan {
        do {
            return try plan(pattern, length: length, maximumTiles: .max)
        } catch {
            preconditionFailure("no layout has more than Int.max tiles")
        }
    }

    /// The exact layout of `pattern` at sequence length `length` (`length >= 1`), or an
    /// error as soon as it would keep more than `maximumTiles` tiles — before the memory
    /// for them is spent.
    public static func plan(_ pattern: CheckedPattern, length: Int, maximumTiles: Int) throws(TooManyTiles) -> Plan {
        precondition(length >= 1, "a layout needs N >= 1")
        let expression = PlanExpression(pattern: pattern, length: length)
        var classifier = BoxClassifier(expression)
        var statistics = PlanStatistics()
        let block = Int64(pattern.blockSize)
        let tiles = Int((Int64(length) + block - 1) / block)
        let last = Int64(length) - 1
        var rowOffsets = [Int](repeating: 0, count: tiles + 1)
        var columns: [Int32] = []
        var kinds: [TileKind] = []
        var undecidedSamples: [Box] = []
        for row in 0..<tiles {
            let (q0, q1) = (Int64(row) * block, min(last, Int64(row + 1) * block - 1))
            for interval in classifier.support(expression.root, q0: q0, q1: q1) {
                for column in interval {
                    let box = Box(q0: q0, q1: q1, k0: column * block, k1: min(last, (column + 1) * block - 1))
                    statistics.tilesExamined += 1
                    var state = classifier.classifyRoot(box)
                    if state == .unknown {
                        statistics.tilesSplit += 1
                        if undecidedSamples.count < 16 { undecidedSamples.append(box) }
                        state = classifier.resolve(box, statistics: &statistics)
                    }
                    switch state {
                    case .full: columns.append(Int32(column)); kinds.append(.full)
                    case .partial: columns.append(Int32(column)); kinds.append(.partial)
                    case .empty, .unknown: break
                    }
                }
            }
            rowOffsets[row + 1] = columns.count
            if columns.count > maximumTiles { throw TooManyTiles(limit: maximumTiles, row: row, tilesPerSide: tiles) }
        }
        statistics.undecidedExpressions = classifier.undecidedExpressions(in: undecidedSamples)
        let layout = BlockLayout(length: length, blockSize: pattern.blockSize, rowOffsets: rowOffsets, columns: columns, kinds: kinds)
        return Plan(layout: layout, statistics: statistics)
    }
}

/// How the planner decided the tiles of a layout.
public struct PlanStatistics: Sendable, Hashable {
    /// Tiles the column support proposed and the planner classified.
    public var tilesExamined = 0
    /// Tiles that interval reasoning could not decide whole, and that were split.
    public var tilesSplit = 0
    /// Boxes smaller than a tile classified while splitting.
    public var boxesClassified = 0
    /// Single pairs decided while splitting: the element-scan part of the work.
    public var pairsEvaluated = 0
    /// The sub-expressions that left tiles undecided, in the language's syntax: the
    /// parts of the pattern that took the slow path.
    public var undecidedExpressions: [String] = []
}

extension BlockLayout {
    /// The layout of `pattern` at sequence length `length` (`length >= 1`); see ``Planner``.
    public init(pattern: CheckedPattern, length: Int) {
        self = Planner.plan(pattern, length: length).layout
    }
}

extension BoxClassifier {
    /// The exact state of the mask on `box`: split in halves, along the longer side,
    /// until every piece is decided; stops as soon as the box is known to be partial.
    mutating func resolve(_ box: Box, statistics: inout PlanStatistics) -> TileState {
        let state = classifyRoot(box)
        if state != .unknown { return state }
        precondition(box.area > 1, "a single pair is always decided")
        let (first, second) = box.halves
        for piece in [first, second] {
            statistics.boxesClassified += 1
            if piece.area == 1 { statistics.pairsEvaluated += 1 }
        }
        let left = resolve(first, statistics: &statistics)
        if left == .partial { return .partial }
        let right = resolve(second, statistics: &statistics)
        return left == right ? left : .partial
    }
}
