// BlockLayout+BruteForce: the layout by testing every pair with the evaluator. O(N²):
// for tests, as the exact answer the planner must reproduce.

import PatternLanguage

extension BlockLayout {
    /// Classifies every tile by evaluating every pair: the definition of the layout,
    /// at a cost of N² evaluations. Meant for tests and small `N`.
    public static func bruteForce(_ pattern: CheckedPattern, length: Int) -> BlockLayout {
        let evaluator = MaskEvaluator(pattern: pattern, length: length)
        let block = pattern.blockSize
        let tiles = (length + block - 1) / block
        var kept = [Int](repeating: 0, count: tiles * tiles)
        var rowOffsets = [0]
        var columns: [Int32] = []
        var kinds: [TileKind] = []
        for tileRow in 0..<tiles {
            kept.withUnsafeMutableBufferPointer { counts in
                for index in tileRow * tiles..<(tileRow + 1) * tiles { counts[index] = 0 }
            }
            for query in tileRow * block..<min(length, (tileRow + 1) * block) {
                for (key, isKept) in evaluator.row(query).enumerated() where isKept {
                    kept[tileRow * tiles + key / block] += 1
                }
            }
            let rows = min(length, (tileRow + 1) * block) - tileRow * block
            for tileColumn in 0..<tiles where kept[tileRow * tiles + tileColumn] > 0 {
                let keys = min(length, (tileColumn + 1) * block) - tileColumn * block
                columns.append(Int32(tileColumn))
                kinds.append(kept[tileRow * tiles + tileColumn] == rows * keys ? .full : .partial)
            }
            rowOffsets.append(columns.count)
        }
        return BlockLayout(length: length, blockSize: block, rowOffsets: rowOffsets, columns: columns, kinds: kinds)
    }
}
