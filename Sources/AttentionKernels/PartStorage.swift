// PartStorage: the partial results of rows split over several work items — each part's
// unnormalised output, max and sum — and their merge by log-sum-exp, in part order, once
// every thread has finished, so that the result does not depend on timing.

import BlockSparsePlanner
import Foundation

/// Scratch for the parts of split rows, one slot per work item with `partCount > 1`.
struct PartStorage: @unchecked Sendable {
    /// For each work item, its slot, or -1 when its row is not split.
    let slotOfItem: [Int]
    /// The split rows: tile row and the items of its parts, in part order.
    let splitRows: [(row: Int, items: [Int])]
    let heads: Int
    let block: Int
    let length: Int
    let valueDepth: Int
    let outputs: UnsafeMutablePointer<Float>
    let maxima: UnsafeMutablePointer<Float>
    let sums: UnsafeMutablePointer<Float>

    init(schedule: Schedule, shape: AttentionShape, block: Int) {
        var slotOfItem = [Int](repeating: -1, count: schedule.items.count)
        var partsOfRow: [Int: [(part: Int32, item: Int)]] = [:]
        var slots = 0
        for (index, item) in schedule.items.enumerated() where item.partCount > 1 {
            slotOfItem[index] = slots
            slots += 1
            partsOfRow[Int(item.row), default: []].append((item.part, index))
        }
        self.slotOfItem = slotOfItem
        splitRows = partsOfRow.keys.sorted().map { row in (row, partsOfRow[row]!.sorted { $0.part < $1.part }.map(\.item)) }
        heads = shape.queryHeadCount
        self.block = block
        length = shape.length
        valueDepth = shape.valueDepth
        let rowsPerSlot = heads * block
        outputs = .allocate(capacity: max(1, slots * rowsPerSlot * valueDepth))
        maxima = .allocate(capacity: max(1, slots * rowsPerSlot))
        sums = .allocate(capacity: max(1, slots * rowsPerSlot))
    }

    func deallocate() {
        outputs.deallocate(); maxima.deallocate(); sums.deallocate()
    }

    /// The index of `(slot of item, head, row in tile)` among all stored rows.
    private func rowIndex(item: Int, head: Int, rowInTile: Int) -> Int {
        (slotOfItem[item] * heads + head) * block + rowInTile
    }

    /// Saves a workspace's state for `rows` rows of one part.
    @inline(__always)
    func store(_ workspace: TileWorkspace, item: Int, head: Int, rowInTile: Int, rows: Int) {
        let index = rowIndex(item: item, head: head, rowInTile: rowInTile)
        workspace.storePart(rows: rows, output: outputs + index * valueDepth, maxima: maxima + index, sums: sums + index)
    }

    /// Merges the parts of each split row into the output and log-sum-exp:
    /// `M = max mᵢ`, `L = Σ lᵢ·2^(mᵢ−M)`, `O = Σ Oᵢ·2^(mᵢ−M) / L`, `lse = (M + log₂ L) · ln 2`
    /// (the parts' maxima are base-2 scores, as ``TileWorkspace`` keeps them).
    /// With a `permutation`, the stored rows are in its slot order and are written at their positions.
    func merge(into output: inout [Float], logSumExp: inout [Float], permutation: ResiduePermutation? = nil) {
        var indices: [Int] = []
        var merged = [Float](repeating: 0, count: valueDepth)
        for (row, items) in splitRows {
            let rows = min(block, length - row * block)
            for head in 0..<heads {
                for r in 0..<rows {
                    indices.removeAll(keepingCapacity: true)
                    for item in items { indices.append(rowIndex(item: item, head: head, rowInTile: r)) }
                    let maximum = indices.reduce(-Float.infinity) { max($0, maxima[$1]) }
                    let slot = row * block + r
                    let position = head * length + (permutation?.position(ofSlot: slot) ?? slot)
                    guard !indices.contains(where: { maxima[$0].isNaN || sums[$0].isNaN }) else {
                        logSumExp[position] = .nan
                        for c in 0..<valueDepth { output[position * valueDepth + c] = .nan }
                        continue
                    }
                    guard maximum > -.infinity else {
                        logSumExp[position] = -.infinity
                        for c in 0..<valueDepth { output[position * valueDepth + c] = 0 }
                        continue
                    }
                    var total: Float = 0
                    for c in 0..<valueDepth { merged[c] = 0 }
                    for index in indices where maxima[index] > -.infinity {
                        let factor = exp2(maxima[index] - maximum)
                        total += sums[index] * factor
                        for c in 0..<valueDepth { merged[c] += outputs[index * valueDepth + c] * factor }
                    }
                    for c in 0..<valueDepth { output[position * valueDepth + c] = merged[c] / total }
                    logSumExp[position] = (maximum + log2(total)) * Float(M_LN2)
                }
            }
        }
    }
}
