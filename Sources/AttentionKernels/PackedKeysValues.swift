// PackedKeysValues: K and V rearranged once per run into the tile layouts the
// micro-kernels stream — K transposed per tile (so Q·Kᵀ reads keys contiguously) and V
// padded to a multiple of 8 columns — zero-filled past the end of a ragged last tile.

import Dispatch

/// K and V of every key/value head, packed by key tile.
///
/// Key tile `t` of head `g` is `keys[(g · tiles + t) · D · B ...]`, a `D × B` matrix whose
/// row `d` holds component `d` of the tile's keys; its values are
/// `values[(g · tiles + t) · B · Dvp ...]`, `B` rows of `Dvp = ceil(Dv / 8) · 8` floats.
struct PackedKeysValues {
    let tiles: Int
    let block: Int
    let keys: [Float]
    let values: [Float]

    init(shape: AttentionShape, block: Int, key: [Float], value: [Float]) {
        let (n, d, dv) = (shape.length, shape.depth, shape.valueDepth)
        let padded = (dv + 7) / 8 * 8
        let tiles = (n + block - 1) / block
        let heads = shape.batch * shape.keyValueHeads
        self.tiles = tiles
        self.block = block
        let keyTile = d * block, valueTile = block * padded
        keys = [Float](unsafeUninitializedCapacity: heads * tiles * keyTile) { buffer, count in
            let base = buffer.baseAddress!
            base.initialize(repeating: 0, count: buffer.count)
            key.withUnsafeBufferPointer { source in
                let source = SendablePointer(source.baseAddress!), target = SendablePointer(base)
                DispatchQueue.concurrentPerform(iterations: heads) { head in
                    for position in 0..<n {
                        let (tile, j) = position.quotientAndRemainder(dividingBy: block)
                        let from = source.pointer + (head * n + position) * d
                        let to = target.pointer + (head * tiles + tile) * keyTile + j
                        for c in 0..<d { to[c * block] = from[c] }
                    }
                }
            }
            count = buffer.count
        }
        values = [Float](unsafeUninitializedCapacity: heads * tiles * valueTile) { buffer, count in
            let base = buffer.baseAddress!
            base.initialize(repeating: 0, count: buffer.count)
            value.withUnsafeBufferPointer { source in
                for head in 0..<heads {
                    for position in 0..<n {
                        let from = source.baseAddress! + (head * n + position) * dv
                        (base + (head * tiles * block + position) * padded).update(from: from, count: dv)
                    }
                }
            }
            count = buffer.count
        }
    }
}

/// A pointer handed to the threads of `concurrentPerform`, each writing its own part.
struct SendablePointer<Pointee>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Pointee>
    init(_ pointer: UnsafeMutablePointer<Pointee>) { self.pointer = pointer }
    init(_ pointer: UnsafePointer<Pointee>) { self.pointer = UnsafeMutablePointer(mutating: pointer) }
}
