// Packing K and V into tiles: every slot of every tile holds its position's key (transposed)
// and value (padded), a ragged last tile and the padding are zero, each tile's flag says
// whether its values are finite — and the result is the same on any number of threads.

import Testing
@testable import AttentionKernels

@Suite struct PackedKeysValuesTests {
    /// K and V of `heads` key/value heads with distinct, recognisable values; one value of
    /// head 1 at position 7 is NaN and one of the last head at position `length - 1` is +∞.
    static func inputs(heads: Int, length: Int, depth: Int, valueDepth: Int) -> (key: [Float], value: [Float]) {
        let key = (0..<heads * length * depth).map { Float($0 % 9973) + 0.5 }
        var value = (0..<heads * length * valueDepth).map { -Float($0 % 7919) - 0.25 }
        if heads > 1 && length > 7 { value[(1 * length + 7) * valueDepth] = .nan }
        value[((heads - 1) * length + length - 1) * valueDepth + valueDepth - 1] = .infinity
        return (key, value)
    }

    /// Depths of 5 and 21 leave columns to the transposition's scalar loops, 64 none; lengths
    /// of 70 and 200 leave rows.
    @Test(arguments: [(length: 70, block: 16, classes: 1, depth: 5), (length: 70, block: 16, classes: 4, depth: 21),
                      (length: 128, block: 64, classes: 2, depth: 5), (length: 1, block: 64, classes: 1, depth: 5),
                      (length: 200, block: 64, classes: 8, depth: 5), (length: 200, block: 64, classes: 1, depth: 64),
                      (length: 203, block: 32, classes: 2, depth: 21)])
    func everySlotHoldsItsPosition(length: Int, block: Int, classes: Int, depth: Int) throws {
        let (heads, valueDepth) = (3, 11)
        let shape = try AttentionShape(query: [heads, length, depth], key: [heads, length, depth], value: [heads, length, valueDepth])
        let (key, value) = Self.inputs(heads: heads, length: length, depth: depth, valueDepth: valueDepth)
        let permutation = ResiduePermutation(classes: classes, block: block, length: length)
        let tiles = (length + block - 1) / block
        let padded = (valueDepth + 7) / 8 * 8
        var first: (keys: [Float], values: [Float], finite: [Bool])?
        for threads in [1, 2, 5] {
            let packed = PackedKeysValues(shape: shape, block: block, key: key, value: value, permutation: permutation, threadCount: threads)
            defer { packed.deallocate() }
            let keys = Array(UnsafeBufferPointer(start: packed.keys, count: heads * tiles * depth * block))
            let values = Array(UnsafeBufferPointer(start: packed.values, count: heads * tiles * block * padded))
            let finite = Array(UnsafeBufferPointer(start: packed.finiteValueTiles, count: heads * tiles))
            for head in 0..<heads {
                for tile in 0..<tiles {
                    var tileFinite = true
                    for j in 0..<block {
                        let slot = tile * block + j
                        let position = slot < length ? permutation.position(ofSlot: slot) : nil
                        for c in 0..<depth {
                            let expected = position.map { key[(head * length + $0) * depth + c] } ?? 0
                            #expect(keys[(head * tiles + tile) * depth * block + c * block + j] == expected)
                        }
                        for c in 0..<padded {
                            let expected = position.flatMap { c < valueDepth ? value[(head * length + $0) * valueDepth + c] : nil } ?? 0
                            let packedValue = values[((head * tiles + tile) * block + j) * padded + c]
                            #expect(packedValue == expected || packedValue.isNaN && expected.isNaN)
                            tileFinite = tileFinite && expected.isFinite
                        }
                    }
                    #expect(finite[head * tiles + tile] == tileFinite)
                }
            }
            if let first {
                #expect(first.finite == finite && first.keys == keys)
                #expect(zip(first.values, values).allSatisfy { $0 == $1 || $0.isNaN && $1.isNaN })
            } else {
                first = (keys, values, finite)
            }
        }
        // The special values landed in some tile, so the flags were tested both ways.
        #expect(first?.finite.contains(false) == true)
    }
}
