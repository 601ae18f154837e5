// DenseFlashAttention: flash attention over every tile (or every tile on and below the
// diagonal, for causal attention) with the same micro-kernels as the interpreter but no
// layout lookup — the dense yardstick the benchmark compares sparse patterns with.

import Dispatch
import Foundation

/// Dense (optionally causal) flash attention; no N×N buffer.
///
/// ```swift
/// let result = try DenseFlashAttention(blockSize: 64, isCausal: true, threadCount: 2).run(query: q, key: k, value: v)
/// ```
public struct DenseFlashAttention: Sendable {
    /// The tile size, a multiple of 8.
    public var blockSize: Int
    /// Whether query `i` sees only keys `j ≤ i`.
    public var isCausal: Bool
    /// The number of threads.
    public var threadCount: Int

    /// Makes a kernel.
    public init(blockSize: Int = 64, isCausal: Bool, threadCount: Int) {
        precondition(blockSize >= 8 && blockSize % 8 == 0, "blockSize must be a multiple of 8, at least 8, but it is \(blockSize)")
        precondition(threadCount >= 1, "threadCount must be at least 1, but it is \(threadCount)")
        self.blockSize = blockSize
        self.isCausal = isCausal
        self.threadCount = threadCount
    }

    /// The number of (query, key) pairs attended: `N²`, or `N(N+1)/2` when causal.
    public func keptPairs(length: Int) -> Int { isCausal ? length * (length + 1) / 2 : length * length }

    /// Attention of Q, K, V; `scale` defaults to `1 / sqrt(D)`.
    public func run(query: AttentionTensor, key: AttentionTensor, value: AttentionTensor,
                    scale: Float? = nil) throws(AttentionShapeError) -> AttentionResult {
        let shape = try AttentionShape(query: query.shape, key: key.shape, value: value.shape)
        let block = blockSize, n = shape.length
        let inLanes = TileWorkspace.keepsQueriesInLanes(block: block, valueDepth: shape.valueDepth)
        let packed = inLanes
            ? PackedKeysValues(unpackedFor: shape, block: block)
            : PackedKeysValues(shape: shape, block: block, key: key.values, value: value.values, threadCount: threadCount)
        let wordsPerRow = (block + 63) / 64
        // The diagonal tile's mask: row r keeps columns 0 ... r; in lanes (one word a key row),
        // key row j is kept by query rows j ... 63.
        var diagonal = [UInt64](repeating: 0, count: block * wordsPerRow)
        if inLanes {
            diagonal = (0..<block).map { ~0 << UInt64($0) }
        } else {
            for r in 0..<block { for j in 0...r { diagonal[r * wordsPerRow + j / 64] |= 1 << UInt64(j % 64) } }
        }
        // Every row keeps a key tile (a causal row at least its diagonal one), so the threads
        // write every row.
        var output = LargeBuffer.outputArray(count: shape.queryHeadCount * n * shape.valueDepth, threadCount: threadCount)
        var logSumExp = LargeBuffer.filledArray(-.infinity, count: shape.queryHeadCount * n, threadCount: threadCount)
        let run = TileRun(shape: shape, block: block, scale: scale ?? 1 / Float(shape.depth).squareRoot())
        defer { packed.deallocate() }
        query.values.withUnsafeBufferPointer { q in
          key.values.withUnsafeBufferPointer { k in
            value.values.withUnsafeBufferPointer { v in
              diagonal.withUnsafeBufferPointer { mask in
                output.withUnsafeMutableBufferPointer { o in
                    logSumExp.withUnsafeMutableBufferPointer { l in
                        let sources = TileSources(query: q.baseAddress!, key: k.baseAddress!, value: v.baseAddress!, keys: packed.keys,
                                                  values: packed.values, words: mask.baseAddress, wordsPerRow: wordsPerRow,
                                                  finiteValueTiles: packed.finiteValueTiles)
                        let targets = TileTargets(output: SendablePointer(o.baseAddress!), logSumExp: SendablePointer(l.baseAddress!))
                        DispatchQueue.concurrentPerform(iterations: threadCount) { thread in
                            runThread(thread, run: run, inLanes: inLanes, sources: sources, targets: targets)
                        }
                    }
                }
              }
            }
          }
        }
        return AttentionResult(output: AttentionTensor(shape: shape.outputShape, values: output),
                               logSumExp: AttentionTensor(shape: shape.logSumExpShape, values: logSumExp))
    }

    /// Runs one thread's rows of query tiles, one query head after the other.
    private func runThread(_ thread: Int, run: TileRun, inLanes: Bool, sources: TileSources, targets: TileTargets) {
        let (shape, block, n) = (run.shape, run.block, run.shape.length)
        let tiles = (n + block - 1) / block
        let workspace = TileWorkspace(block: block, depth: shape.depth, valueDepth: shape.valueDepth, scale: run.scale)
        defer { workspace.deallocate() }
        for row in 0..<tiles where Self.thread(ofRow: row, threads: threadCount) == thread {
            let rows = min(block, n - row * block)
            for head in 0..<shape.queryHeadCount {
                var chunk = 0
                while chunk < rows {
                    let chunkRows = min(TileWorkspace.rowChunk, rows - chunk)
                    let first = row * block + chunk
                    if inLanes {
                        Self.attendLanes(workspace, run: run, head: head, row: row, firstRow: first, rows: chunkRows,
                                         keyTiles: isCausal ? row + 1 : tiles, causal: isCausal, sources: sources)
                    } else {
                        workspace.begin(rows: chunkRows)
                        Self.attend(workspace, run: run, head: head, row: row, firstRow: first, rows: chunkRows,
                                    maskRow: chunk, keyTiles: isCausal ? row + 1 : tiles, causal: isCausal, sources: sources)
                    }
                    workspace.finish(rows: chunkRows, output: targets.output.pointer + (head * n + first) * shape.valueDepth,
                                     logSumExp: targets.logSumExp.pointer + head * n + first)
                    chunk += chunkRows
                }
            }
        }
    }

    /// Rows dealt back and forth (threads 0, 1, 1, 0, 0, 1, ... for two) so that the
    /// growing rows of causal attention balance.
    static func thread(ofRow row: Int, threads: Int) -> Int {
        let cycle = row % (2 * threads)
        return cycle < threads ? cycle : 2 * threads - 1 - cycle
    }

    /// Runs a chunk in lanes over key tiles `0 ..< keyTiles` (see `TileWorkspace+QueryLanes`);
    /// the diagonal one is masked when causal.
    @inline(__always)
    private static func attendLanes(_ workspace: TileWorkspace, run: TileRun, head: Int, row: Int, firstRow: Int, rows: Int,
                                    keyTiles: Int, causal: Bool, sources: TileSources) {
        let (n, d, dv, block) = (run.shape.length, run.shape.depth, run.shape.valueDepth, run.block)
        let kvHead = run.shape.keyValueHead(ofQueryHead: head)
        let (key, value) = (sources.key + kvHead * n * d, sources.value + kvHead * n * dv)
        workspace.beginLanes(query: sources.query + (head * n + firstRow) * d, rows: rows)
        for column in 0..<keyTiles {
            let next = column + 1 < keyTiles ? (keys: key + (column + 1) * block * d, values: value + (column + 1) * block * dv) : nil
            workspace.attendLanes(keys: key + column * block * d, values: value + column * block * dv, keyCount: min(block, n - column * block),
                                  laneMasks: causal && column == row ? sources.words! : nil, next: next)
        }
        workspace.endLanes()
    }

    /// Folds key tiles `0 ..< keyTiles` into the workspace; the diagonal one is masked when causal.
    @inline(__always)
    private static func attend(_ workspace: TileWorkspace, run: TileRun, head: Int, row: Int, firstRow: Int, rows: Int,
                               maskRow: Int, keyTiles: Int, causal: Bool, sources: TileSources) {
        let (n, d, block) = (run.shape.length, run.shape.depth, run.block)
        let kvHead = run.shape.keyValueHead(ofQueryHead: head)
        let tiles = (n + block - 1) / block
        let query = sources.query + (head * n + firstRow) * d
        let keyTile = d * block, valueTile = block * workspace.paddedValueDepth
        for column in 0..<keyTiles {
            let mask: UnsafePointer<UInt64>? = causal && column == row ? sources.words! + maskRow * sources.wordsPerRow : nil
            let (keys, values) = sources.tiles(head: kvHead, column: column, tilesPerHead: tiles, keyTile: keyTile, valueTile: valueTile)
            let next = column + 1 < keyTiles
                ? sources.tiles(head: kvHead, column: column + 1, tilesPerHead: tiles, keyTile: keyTile, valueTile: valueTile)
                : nil
            // A masked key's weight is 0, and 0 · NaN is NaN: a diagonal tile whose values are
            // not all finite skips its masked keys.
            workspace.attend(query: query, rows: rows, keys: keys, values: values, keyCount: min(block, n - column * block), mask: mask,
                             wordsPerRow: sources.wordsPerRow, skipsMaskedValues: mask != nil && !sources.finiteValueTiles[kvHead * tiles + column],
                             next: next)
        }
    }
}
