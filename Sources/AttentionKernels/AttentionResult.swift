// AttentionResult: what every kernel returns — the output and the log-sum-exp of each
// query's kept scores.

/// The output of attention and the log-sum-exp of each query's scaled scores.
///
/// A query with no kept key has a zero output row and a log-sum-exp of `-infinity`.
///
/// ```swift
/// let result = try interpreter.run(query: q, key: k, value: v)
/// let firstRow = result.output.values[0 ..< result.output.shape.last!]
/// ```
public struct AttentionResult: Sendable, Hashable {
    /// Q's shape with `Dv` last.
    public var output: AttentionTensor
    /// Q's shape without its last axis: `log Σ exp(scale · q·k)` over the kept keys.
    public var logSumExp: AttentionTensor

    /// Makes a result.
    public init(output: AttentionTensor, logSumExp: AttentionTensor) {
        self.output = output
        self.logSumExp = logSumExp
    }
}
