// AttentionTensor: a Float32, row-major tensor of rank 2, 3 or 4 — the Q, K, V, output
// and log-sum-exp arrays the kernels read and write.

/// A contiguous, row-major (C order) Float32 tensor.
///
/// Q, K and V are `[N, D]`, `[H, N, D]` or `[B, H, N, D]`; see ``AttentionShape`` for how
/// they must agree.
///
/// ```swift
/// let q = AttentionTensor(shape: [4, 128, 64], values: Array(repeating: 0, count: 4 * 128 * 64))
/// ```
public struct AttentionTensor: Sendable, Hashable {
    /// The dimensions, outermost first.
    public var shape: [Int]
    /// The elements in row-major order.
    public var values: [Float]

    /// Makes a tensor; `values.count` must be the product of `shape`.
    public init(shape: [Int], values: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == values.count, "the values do not fill the shape")
        self.shape = shape
        self.values = values
    }

    /// A tensor of `shape` filled with `value`.
    public init(shape: [Int], repeating value: Float) {
        self.init(shape: shape, values: [Float](repeating: value, count: shape.reduce(1, *)))
    }

    /// The rank (number of axes).
    public var rank: Int { shape.count }
}
