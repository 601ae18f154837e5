// PlanReport+Rendering: the readable summary and the JSON object of `plan`.

import BlockSparsePlanner
import PatternLanguage

extension PlanReport {
    /// The lines `plan` prints.
    var summary: [String] {
        let layout = plan.layout
        let total = Double(statistics.tilesPerSide) * Double(statistics.tilesPerSide)
        func share(_ count: Int) -> String { Format.percent(Double(count) / max(total, 1)) }
        var lines = [
            "\(pattern.name) at N = \(Format.integer(layout.length)), block \(layout.blockSize): \(Format.integer(statistics.tilesPerSide)) × \(Format.integer(statistics.tilesPerSide)) tiles",
            "  tiles      \(Format.integer(statistics.fullTiles)) full (\(share(statistics.fullTiles))), \(Format.integer(statistics.partialTiles)) partial (\(share(statistics.partialTiles))), \(Format.integer(statistics.emptyTiles)) empty",
            "  pairs      \(Format.integer(statistics.keptPairs)) kept, density \(Format.percent(statistics.density)); \(Format.percent(Double(statistics.keptPairs) / Double(max(statistics.computedPairs, 1)))) of the computed tiles' pairs are kept",
            "  masks      \(Format.integer(statistics.partialTiles)) partial tiles share \(Format.integer(statistics.partialShapes)) distinct masks (\(Format.decimal(masks.deduplicationRatio, 1))× deduplication)",
            "  FLOPs      \(Format.scaled(statistics.usefulFLOPs(headDimension: headDimension, heads: heads))) useful for \(heads) head\(heads == 1 ? "" : "s") of D = \(headDimension)",
            "  memory     \(Format.bytes(memory.total)): tensors \(Format.bytes(memory.tensors)), plan \(Format.bytes(memory.plan)), scratch \(Format.bytes(memory.scratch))",
            "  schedule   \(schedule.threadCount) thread\(schedule.threadCount == 1 ? "" : "s"), \(Format.integer(schedule.items.count)) items, \(splitRows) row\(splitRows == 1 ? "" : "s") split; costs \(schedule.threadCosts.map { Format.decimal($0, 1) }.joined(separator: " / ")), imbalance \(Format.decimal(schedule.imbalance, 3))",
            "  planning   \(Format.milliseconds(seconds.layout)) layout, \(Format.milliseconds(seconds.masks)) masks, \(Format.milliseconds(seconds.schedule)) schedule; \(Format.integer(plan.statistics.tilesExamined)) tiles examined",
        ]
        if plan.statistics.tilesSplit > 0 {
            lines.append("  slow path  \(Format.integer(plan.statistics.tilesSplit)) tiles undecided by interval reasoning were split (\(Format.integer(plan.statistics.pairsEvaluated)) single pairs evaluated), because of:")
            for expression in plan.statistics.undecidedExpressions { lines.append("               \(expression)") }
        }
        return lines
    }

    /// Rows of query tiles cut into several work items.
    var splitRows: Int { Set(schedule.items.filter { $0.partCount > 1 }.map(\.row)).count }

    /// The `plan --json` object: the fields of the design, FlexAttention's tile-list names.
    var json: JSON {
        let partial = tileLists(.partial), full = tileLists(.full)
        let layout = plan.layout
        return .object([
            ("pattern", .string(pattern.name)),
            ("length", .integer(Int64(layout.length))),
            ("block", .integer(Int64(layout.blockSize))),
            ("tiles", .integer(Int64(layout.tileCount))),
            ("kv_num_blocks", .array(partial.counts)),
            ("kv_indices", .array(partial.indices)),
            ("full_kv_num_blocks", .array(full.counts)),
            ("full_kv_indices", .array(full.indices)),
            ("stats", .object([
                ("kept_pairs", .integer(Int64(statistics.keptPairs))),
                ("density", .number(statistics.density)),
                ("full_tiles", .integer(Int64(statistics.fullTiles))),
                ("partial_tiles", .integer(Int64(statistics.partialTiles))),
                ("empty_tiles", .integer(Int64(statistics.emptyTiles))),
                ("partial_masks", .integer(Int64(statistics.partialShapes))),
                ("mask_dedup_ratio", .number(masks.deduplicationRatio)),
                ("heads", .integer(Int64(heads))),
                ("head_dim", .integer(Int64(headDimension))),
                ("flops", .number(statistics.usefulFLOPs(headDimension: headDimension, heads: heads))),
                ("memory_bytes", .integer(Int64(memory.total))),
                ("threads", .integer(Int64(schedule.threadCount))),
                ("thread_costs", .array(schedule.threadCosts.map { .number($0) })),
                ("imbalance", .number(schedule.imbalance)),
                ("work_items", .integer(Int64(schedule.items.count))),
                ("split_rows", .integer(Int64(splitRows))),
                ("planning_seconds", .number(seconds.layout + seconds.masks + seconds.schedule)),
                ("tiles_split", .integer(Int64(plan.statistics.tilesSplit))),
                ("slow_path", .array(plan.statistics.undecidedExpressions.map { .string($0) })),
            ])),
        ])
    }
}
