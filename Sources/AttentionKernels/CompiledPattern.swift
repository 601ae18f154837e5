// CompiledPattern: what the generator emits for each pattern — its constants, and the
// three specialised pieces the compiled-kernel driver inlines into its tile loop: the
// candidate key tiles of a row, the state of a tile, and the element mask.

import BlockSparsePlanner

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

    /// Attention of Q, K, V over the pattern; `scale` defaults to `1 / sqrt(D)`.
    static func attention(query: AttentionTensor, key: AttentionTensor, value: AttentionTensor, scale: Float?, threadCount: Int) throws(AttentionShapeError) -> AttentionResult
}

extension CompiledPattern {
    /// Whether this compiled pattern is `name` with the parameter values `values` (each
    /// written as the language prints it, in declaration order).
    public static func matches(name: String, parameterValues values: [(name: String, value: String)]) -> Bool {
        name == patternName && values.count == parameterValues.count
            && zip(values, parameterValues).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}
