// AttentionShape: the sizes of one attention problem — batch, query and key/value heads,
// sequence length, key and value depths — checked from the shapes of Q, K and V.

/// A shape mismatch between Q, K and V, or a tensor of an unsupported rank.
///
/// Its message names the tensor and what was expected, as in
/// `K must have Q's depth D = 64, but has shape [2, 1024, 32]`.
public struct AttentionShapeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, naming the tensor and what was expected.
    public var message: String

    /// Makes an error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

/// The agreed sizes of Q `[B, Hq, N, D]`, K `[B, Hkv, N, D]` and V `[B, Hkv, N, Dv]`
/// (rank 2 and 3 tensors have `B = 1`, and rank 2 also `H = 1`).
///
/// Query head `h` reads key/value head `h / (Hq / Hkv)` (grouped-query attention).
///
/// ```swift
/// let shape = try AttentionShape(query: [8, 1024, 64], key: [2, 1024, 64], value: [2, 1024, 32])
/// shape.outputShape               // [8, 1024, 32]
/// shape.keyValueHead(ofQueryHead: 5)   // 1
/// ```
public struct AttentionShape: Sendable, Hashable {
    /// The rank of Q, K and V: 2, 3 or 4.
    public var rank: Int
    /// The batch size `B`.
    public var batch: Int
    /// The query heads `Hq`.
    public var queryHeads: Int
    /// The key/value heads `Hkv`, a divisor of `Hq`.
    public var keyValueHeads: Int
    /// The sequence length `N`.
    public var length: Int
    /// The depth of queries and keys `D`.
    public var depth: Int
    /// The depth of values and of the output `Dv`.
    public var valueDepth: Int

    /// Checks that the shapes of Q, K and V agree; throws an error naming what was expected.
    public init(query: [Int], key: [Int], value: [Int]) throws(AttentionShapeError) {
        guard (2...4).contains(query.count) else {
            throw AttentionShapeError("Q must have rank 2 [N, D], 3 [H, N, D] or 4 [B, H, N, D], but has shape \(Self.describe(query))")
        }
        for (name, shape) in [("K", key), ("V", value)] where shape.count != query.count {
            throw AttentionShapeError("\(name) must have Q's rank \(query.count), but has shape \(Self.describe(shape)) (Q is \(Self.describe(query)))")
        }
        let rank = query.count
        func split(_ shape: [Int]) -> (batch: Int, heads: Int, length: Int, depth: Int) {
            (rank == 4 ? shape[0] : 1, rank >= 3 ? shape[rank - 3] : 1, shape[rank - 2], shape[rank - 1])
        }
        let (q, k, v) = (split(query), split(key), split(value))
        guard q.length >= 1, q.batch >= 1, q.heads >= 1 else {
            throw AttentionShapeError("Q must have at least one batch entry, head and position, but has shape \(Self.describe(query))")
        }
        guard q.depth >= 1, v.depth >= 1 else {
            throw AttentionShapeError("Q, K and V need a depth of at least 1 (Q is \(Self.describe(query)), V is \(Self.describe(value)))")
        }
        for (name, shape, sizes) in [("K", key, k), ("V", value, v)] {
            guard sizes.batch == q.batch else {
                throw AttentionShapeError("\(name) must have Q's batch size \(q.batch), but has shape \(Self.describe(shape))")
            }
            guard sizes.length == q.length else {
                throw AttentionShapeError("\(name) must have Q's sequence length N = \(q.length), but has shape \(Self.describe(shape))")
            }
            guard sizes.heads >= 1, q.heads % sizes.heads == 0 else {
                throw AttentionShapeError("\(name) has \(sizes.heads) heads (shape \(Self.describe(shape))); expected a number that divides Q's \(q.heads) heads")
            }
        }
        guard k.heads == v.heads else {
            throw AttentionShapeError("K and V must have the same number of heads, but K is \(Self.describe(key)) and V is \(Self.describe(value))")
        }
        guard k.depth == q.depth else {
            throw AttentionShapeError("K must have Q's depth D = \(q.depth), but has shape \(Self.describe(key))")
        }
        (self.rank, batch, queryHeads, keyValueHeads, length, depth, valueDepth) = (rank, q.batch, q.heads, k.heads, q.length, q.depth, v.depth)
    }

    /// The shape of the output: Q's shape with `Dv` last.
    public var outputShape: [Int] { leadingAxes + [length, valueDepth] }

    /// The shape of the log-sum-exp: Q's shape without its last axis.
    public var logSumExpShape: [Int] { leadingAxes + [length] }

    /// The `(batch, head)` pairs of queries, `B · Hq`.
    public var queryHeadCount: Int { batch * queryHeads }

    /// The key/value head, counted over the batch, that query head `index` (counted over
    /// the batch) reads.
    public func keyValueHead(ofQueryHead index: Int) -> Int {
        let (b, h) = index.quotientAndRemainder(dividingBy: queryHeads)
        return b * keyValueHeads + h / (queryHeads / keyValueHeads)
    }

    private var leadingAxes: [Int] {
        switch rank {
        case 4: [batch, queryHeads]
        case 3: [queryHeads]
        default: []
        }
    }

    static func describe(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }
}
