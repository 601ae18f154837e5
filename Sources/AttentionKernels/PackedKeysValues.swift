// PackedKeysValues: K and V rearranged once per run into the tile layouts the
// micro-kernels stream — K transposed per tile (so Q·Kᵀ reads keys contiguously) and V
// padded to a multiple of 8 columns — zero-filled past the end of a ragged last tile.

import Dispatch
#if arch(x86_64)
import CTileKernels
#endif

/// K and V of every key/value head, packed by key tile.
///
/// Key tile `t` of head `g` is `keys[(g · tiles + t) · D · B ...]`, a `D × B` matrix whose
/// row `d` holds component `d` of the tile's keys; its values are
/// `values[(g · tiles + t) · B · Dvp ...]`, `B` rows of `Dvp = ceil(Dv / 8) · 8` floats.
struct PackedKeysValues: @unchecked Sendable {
    let tiles: Int
    let block: Int
    /// `heads · tiles · D · B` floats; owned: call ``deallocate()``.
    let keys: UnsafeMutablePointer<Float>
    /// `heads · tiles · B · Dvp` floats; owned: call ``deallocate()``.
    let values: UnsafeMutablePointer<Float>
    /// Per value tile (`heads · tiles`): whether every value is finite. A masked key's
    /// weight is 0, and 0 · NaN or 0 · ∞ is NaN, so tiles holding non-finite values take
    /// the exact path that skips masked keys. Owned: call ``deallocate()``.
    let finiteValueTiles: UnsafeMutablePointer<Bool>
    /// The floats of `keys` and of `values`.
    private let keyFloats: Int, valueFloats: Int

    /// Whether `values[0 ..< count]` are all finite: `x · 0` is NaN exactly for NaN and ±∞,
    /// summed eight lanes at a time (a scalar sum was a 4-cycle chain per element).
    @inline(__always)
    static func allFinite(_ values: UnsafePointer<Float>, count: Int) -> Bool {
        var lanes = SIMD8<Float>()
        var c = 0
        while c + 8 <= count {
            lanes += load8(values + c) * 0
            c += 8
        }
        var sum = horizontalSum(lanes)
        while c < count {
            sum += values[c] * 0
            c += 1
        }
        return !sum.isNaN
    }

    /// Nothing packed, for a run that keeps queries in lanes and reads K and V in place (see
    /// `TileWorkspace+QueryLanes`): `keys` and `values` hold one float each, and every value
    /// tile counts as finite, since such runs leave a dropped key out of P·V by its lanes.
    init(unpackedFor shape: AttentionShape, block: Int) {
        tiles = (shape.length + block - 1) / block
        self.block = block
        (keyFloats, valueFloats) = (1, 1)
        keys = LargeBuffer.allocateRecycled(Float.self, count: 1)
        values = LargeBuffer.allocateRecycled(Float.self, count: 1)
        finiteValueTiles = .allocate(capacity: max(1, shape.batch * shape.keyValueHeads * tiles))
        finiteValueTiles.initialize(repeating: true, count: max(1, shape.batch * shape.keyValueHeads * tiles))
    }

    /// Packs K and V on at most `threadCount` threads, each packing a run of tiles; with a
    /// `permutation`, position `p` goes to slot `permutation.slot(ofPosition: p)`.
    init(shape: AttentionShape, block: Int, key: [Float], value: [Float], permutation: ResiduePermutation? = nil, threadCount: Int) {
        let (n, d, dv) = (shape.length, shape.depth, shape.valueDepth)
        let padded = (dv + 7) / 8 * 8
        let tiles = (n + block - 1) / block
        let heads = shape.batch * shape.keyValueHeads
        self.tiles = tiles
        self.block = block
        let keyTile = d * block, valueTile = block * padded
        // Uninitialised: each thread writes its tiles, padding included, so the first touch
        // of every page happens in parallel.
        (keyFloats, valueFloats) = (heads * tiles * keyTile, heads * tiles * valueTile)
        keys = LargeBuffer.allocateRecycled(Float.self, count: keyFloats)
        values = LargeBuffer.allocateRecycled(Float.self, count: valueFloats)
        finiteValueTiles = .allocate(capacity: heads * tiles)
        let (keyTarget, valueTarget, finite) = (SendablePointer(keys), SendablePointer(values), SendablePointer(finiteValueTiles))
        key.withUnsafeBufferPointer { keySource in
            value.withUnsafeBufferPointer { valueSource in
                let (keySource, valueSource) = (SendablePointer(keySource.baseAddress!), SendablePointer(valueSource.baseAddress!))
                // Tile `unit % tiles` of head `unit / tiles`, for every unit of a thread's run.
                let relabelled = permutation.map { !$0.isIdentity } ?? false
                @Sendable func pack(units: Range<Int>) {
                    // A relabelled tile's key rows, gathered in slot order to be transposed.
                    let gathered = relabelled ? UnsafeMutablePointer<Float>.allocate(capacity: block * d) : nil
                    defer { gathered?.deallocate() }
                    for unit in units {
                        let (head, tile) = unit.quotientAndRemainder(dividingBy: tiles)
                        let keys = keyTarget.pointer + unit * keyTile, values = valueTarget.pointer + unit * valueTile
                        let filled = min(block, n - tile * block)
                        // Zeros in a ragged last tile, past the last position.
                        if filled < block {
                            keys.update(repeating: 0, count: keyTile)
                            (values + filled * padded).update(repeating: 0, count: (block - filled) * padded)
                        }
                        if let gathered, let permutation {
                            for j in 0..<filled {
                                let position = permutation.position(ofSlot: tile * block + j)
                                (gathered + j * d).update(from: keySource.pointer + (head * n + position) * d, count: d)
                            }
                            Self.transpose(gathered, rows: filled, depth: d, into: keys, stride: block)
                        } else {
                            Self.transpose(keySource.pointer + (head * n + tile * block) * d, rows: filled, depth: d, into: keys, stride: block)
                        }
                        var allFinite = true
                        for j in 0..<filled {
                            let position = permutation?.position(ofSlot: tile * block + j) ?? tile * block + j
                            let valueRow = valueSource.pointer + (head * n + position) * dv
                            (values + j * padded).update(from: valueRow, count: dv)
                            (values + j * padded + dv).update(repeating: 0, count: padded - dv)
                            allFinite = allFinite && Self.allFinite(valueRow, count: dv)
                        }
                        finite.pointer[unit] = allFinite
                    }
                }
                let units = heads * tiles
                let parts = max(1, min(threadCount, units))
                if parts == 1 {
                    pack(units: 0..<units)
                } else {
                    DispatchQueue.concurrentPerform(iterations: parts) { part in pack(units: units * part / parts..<units * (part + 1) / parts) }
                }
            }
        }
    }

    /// `target[c · stride + j] = source[j · depth + c]` for `j < rows`, `c < depth`: `rows`
    /// consecutive key rows transposed into a tile (in AVX registers when the CPU has them).
    @inline(__always)
    static func transpose(_ source: UnsafePointer<Float>, rows: Int, depth: Int, into target: UnsafeMutablePointer<Float>, stride: Int) {
        #if arch(x86_64) && !SPARSE_ATTENTION_NATIVE
        if KernelInstructions.current != .swiftSIMD { return sparse_attention_avx2_transpose(source, rows, depth, target, stride) }
        #endif
        for j in 0..<rows {
            for c in 0..<depth { target[c * stride + j] = source[j * depth + c] }
        }
    }

    func deallocate() {
        LargeBuffer.recycle(keys, count: keyFloats)
        LargeBuffer.recycle(values, count: valueFloats)
        finiteValueTiles.deallocate()
    }
}

/// A pointer handed to the threads of `concurrentPerform`, each writing its own part.
@usableFromInline
struct SendablePointer<Pointee>: @unchecked Sendable {
    @usableFromInline let pointer: UnsafeMutablePointer<Pointee>
    @usableFromInline init(_ pointer: UnsafeMutablePointer<Pointee>) { self.pointer = pointer }
    @usableFromInline init(_ pointer: UnsafePointer<Pointee>) { self.pointer = UnsafeMutablePointer(mutating: pointer) }
}
