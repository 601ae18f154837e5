// RunMemory: the memory `run` will need beyond its inputs — packed K and V, the output and
// log-sum-exp, the interpreter's layout and masks — checked against the machine's memory
// before any of it is allocated, so that a run too large is an error with the figures,
// not the system's out-of-memory killer.

import AttentionKernels
import Foundation
import PatternLanguage

/// The bytes a run needs, by part.
struct RunMemory {
    var inputs: Int
    var packedKeysValues: Int
    var outputs: Int
    /// The interpreter's layout and partial masks (an upper bound), or 0 for a generated kernel.
    var plan: Int

    var total: Int { inputs + packedKeysValues + outputs + plan }

    /// The estimate for inputs of `shape`, tiles of `block`, and (for the interpreter) a
    /// layout of `keptTiles` tiles of which `partialTiles` are partial.
    init(shape: AttentionShape, block: Int, keptTiles: Int, partialTiles: Int) {
        let (n, d, dv) = (shape.length, shape.depth, shape.valueDepth)
        let queryRows = shape.batch * shape.queryHeads * n, keyRows = shape.batch * shape.keyValueHeads * n
        let tiles = (n + block - 1) / block
        inputs = 4 * (queryRows * d + keyRows * (d + dv))
        packedKeysValues = 4 * shape.batch * shape.keyValueHeads * tiles * block * (d + (dv + 7) / 8 * 8)
        outputs = 4 * queryRows * (dv + 1) * 2
        plan = 5 * keptTiles + 8 * (tiles + 1) + partialTiles * block * ((block + 63) / 64) * 8
    }

    /// Throws, with the figures, when the run would need more than `available` bytes.
    func check(available: Int) throws(Diagnostic) {
        guard total > available else { return }
        throw Diagnostic(.error, "this run needs about \(Format.bytes(total)) (inputs \(Format.bytes(inputs)), packed K and V \(Format.bytes(packedKeysValues)), outputs \(Format.bytes(outputs)), plan \(Format.bytes(plan))), but this machine has \(Format.bytes(available))",
                         hint: "run fewer heads or a shorter sequence at a time")
    }

    /// The machine's physical memory.
    static var available: Int { Int(clamping: ProcessInfo.processInfo.physicalMemory) }
}
