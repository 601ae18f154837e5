// CompiledPattern: what the generator emits for each pattern — its constants, and the
// specialised pieces the compiled-kernel driver inlines into its tile loop: the candidate
// key tiles of a row, the state of a tile, the element mask and a tile's mask as words.

import BlockSparsePlanner
import PatternLanguage

/// A pattern compiled into Swift by the generator (see `KernelEmitter`).
///
/// Conforming types are generated, never written by hand: each implements the pieces
/// below in closed form for its mask, and `attention` by handing itself to
/// ``CompiledAttention``, whose loops are specialised for the type.
public protocol CompiledPattern: Sendable {
    /// The pattern's name in its file.
    static var patternName: String { get }
    /// The tile size.
    static var blockSize: Int { get }
    /// The parameters compiled in, with their values as the language writes them.
    static var parameterValues: [(name: String, value: String)] { get }
    /// The checked mask compiled in, with its `let`s (``CheckedPattern/maskText``): with the name, the
    /// parameters and the block size, what identifies the pattern a kernel was made from.
    static var checkedMask: String { get }

    /// Prepares the pattern's per-length tables for sequences of `length` tokens.
    init(length: Int)
    /// The sequence length.
    var length: Int { get }

    /// Adds the key tiles that query positions `q0 ... q1` can keep (a superset).
    func candidateColumns(queries q0: Int64, _ q1: Int64, into ranges: inout ColumnRanges)
    /// What the mask keeps of a box of pairs; `.unknown` tiles are run with the element mask.
    func tileState(_ box: Box) -> TileState
    /// Whether the pair (q, k) is kept.
    func keeps(query q: Int64, key k: Int64) -> Bool
    /// Sets the bits of the pairs one of the pattern's tiles keeps, 64 keys a word: bit
    /// `k - tile.k0 - 64 · w` of word `(q - tile.q0) · wordsPerRow + w`; the rest of its rows
    /// is cleared. Built from words, one per leaf of the mask (see `TileMaskEmitter`).
    func fillMask(_ tile: Box, into mask: UnsafeMutablePointer<UInt64>, wordsPerRow: Int)
    /// The residue classes the kernel groups the positions of each whole tile by (see
    /// ``ResiduePermutation``): a dilated or strided band's dilation when it divides the block
    /// into runs of at least 8, otherwise 1.
    static var residueClasses: Int { get }
    /// The mask's state on a box and what its undecided part depends on (see ``MaskResidual``).
    func maskResidual(_ box: Box) -> MaskResidual

    /// Attention of Q, K, V over the pattern; `scale` defaults to `1 / sqrt(D)`.
    static func attention(query: AttentionTensor, key: AttentionTensor, value: AttentionTensor, scale: Float?, threadCount: Int) throws(AttentionShapeError) -> AttentionResult
}

extension CompiledPattern {
    /// Whether this compiled pattern is `pattern`: the same name, parameter values,
    /// block size and checked mask, so that a kernel is never used for another pattern
    /// that happens to share its name.
    public static func matches(_ pattern: CheckedPattern) -> Bool {
        pattern.name == patternName && pattern.blockSize == blockSize && pattern.maskText == checkedMask
            && pattern.parameters.count == parameterValues.count
            && zip(pattern.parameters, parameterValues).allSatisfy { $0.name == $1.name && $0.value.description == $1.value }
    }

    /// The pattern as a caller would write it: `longformer(window = 512, globals = [0])`.
    public static var signature: String {
        patternName + (parameterValues.isEmpty ? "" : "(" + parameterValues.map { "\($0.name) = \($0.value)" }.joined(separator: ", ") + ")")
    }
}
