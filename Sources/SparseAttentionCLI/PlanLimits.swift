// PlanLimits: what `plan` and `run` refuse before spending the memory or the time — too
// many tiles per side, too many kept tiles, too many partial tiles to build masks for —
// each with the figure, so that a hostile pattern gets an error, not minutes of work or
// the system's out-of-memory killer.

import BlockSparsePlanner
import PatternLanguage

enum PlanLimits {
    /// The most tiles per side: the row offsets alone take 8 bytes a row.
    static let maximumTilesPerSide = 1 << 24
    /// The most kept tiles: 2²⁶ tiles take 320 MiB of CSR arrays, and kernels would
    /// compute 2²⁶ · 4096 pairs per head at B = 64 — hours of work.
    static let maximumKeptTiles = 1 << 26
    /// The most partial tiles whose bit masks are built: 2²⁰ masks of a 64-tile take up to
    /// 512 MiB before deduplication, and about a minute to fill.
    static let maximumPartialTiles = 1 << 20

    /// The layout of `pattern` at `length`, or an error when it exceeds the limits (tests
    /// pass smaller ones).
    static func layout(_ pattern: CheckedPattern, length: Int, maximumKeptTiles: Int = maximumKeptTiles,
                       maximumPartialTiles: Int = maximumPartialTiles) throws(Diagnostic) -> Planner.Plan {
        let tiles = (length + pattern.blockSize - 1) / pattern.blockSize
        guard tiles <= maximumTilesPerSide else {
            throw Diagnostic(.error, "N = \(length) with block \(pattern.blockSize) makes \(tiles) tiles per side; the planner accepts at most \(maximumTilesPerSide)",
                             hint: "use a larger block or a shorter sequence")
        }
        let plan: Planner.Plan
        do {
            plan = try Planner.plan(pattern, length: length, maximumTiles: maximumKeptTiles)
        } catch {
            throw Diagnostic(.error, "the layout of '\(pattern.name)' at N = \(length) keeps more than \(error.limit) tiles (more than \(Format.bytes(5 * error.limit)) of layout) by row \(error.row) of \(error.tilesPerSide); planning stopped",
                             hint: "a pattern this dense is better run as dense attention, or with a shorter sequence or a larger block")
        }
        let partial = plan.layout.kinds.reduce(0) { $0 + ($1 == .partial ? 1 : 0) }
        guard partial <= maximumPartialTiles else {
            let bytes = partial * pattern.blockSize * ((pattern.blockSize + 63) / 64) * 8
            throw Diagnostic(.error, "the layout of '\(pattern.name)' at N = \(length) has \(partial) partial tiles, whose masks would take up to \(Format.bytes(bytes)); the limit is \(maximumPartialTiles)",
                             hint: "a mask that is partial almost everywhere (a global list of every other token, an arbitrary predicate) is cheaper as dense attention with a mask, or at a shorter length")
        }
        return plan
    }
}
