// PackedKeysValues: K and V rearranged once per run into the tile layouts the
// micro-kernels stream — K transposed per tile (so Q·Kᵀ reads keys contiguously) and V
// padded to a multiple of 8 columns — zero-filled past the end of a ragged last tile.

import Dispatch

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

    init(shape: AttentionShape, block: Int, key: [Float], value: [Float]) {
        let (n, d, dv) = (shape.length, shape.depth, shape.valueDepth)
        let padded = (dv + 7) / 8 * 8
        let tiles = (n + block - 1) / block
        let heads = shape.batch * shape.keyValueHeads
        self.tiles = tiles
        self.block = block
        let keyTile = d * block, valueTile = block * padded
        keys = .allocate(capacity: heads * tiles * keyTile)
        keys.initialize(repeating: 0, count: heads * tiles * keyTile)
        values = .allocate(capacity: heads * tiles * valueTile)
        values.initialize(repeating: 0, count: heads * tiles * valueTile)
        let (keyTarget, valueTarget) = (SendablePointer(keys), SendablePointer(values))
        key.withUnsafeBufferPointer { keySource in
            value.withUnsafeBufferPointer { valueSource in
                let (keySource, valueSource) = (SendablePointer(keySource.baseAddress!), SendablePointer(valueSource.baseAddress!))
                DispatchQueue.concurrentPerform(iterations: heads) { head in
                    for position in 0..<n {
                        let (tile, j) = position.quotientAndRemainder(dividingBy: block)
                        let from = keySource.pointer + (head * n + position) * d
                        let to = keyTarget.pointer + (head * tiles + tile) * keyTile + j
                        for c in 0..<d { to[c * block] = from[c] }
                        (valueTarget.pointer + (head * tiles * block + position) * padded)
                            .update(from: valueSource.pointer + (head * n + position) * dv, count: dv)
                    }
                }
            }
        }
    }

    func deallocate() {
        keys.deallocate()
        values.deallocate()
    }
}

/// A pointer handed to the threads of `concurrentPerform`, each writing its own part.
struct SendablePointer<Pointee>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Pointee>
    init(_ pointer: UnsafeMutablePointer<Pointee>) { self.pointer = pointer }
    init(_ pointer: UnsafePointer<Pointee>) { self.pointer = UnsafeMutablePointer(mutating: pointer) }
}
