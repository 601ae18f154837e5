// ReferenceAttention: plain dense masked attention straight from the mask evaluator,
// accumulating in Double — slow and obviously right, the answer the kernels are tested
// against.

import Foundation
import PatternLanguage

/// Dense masked attention: for each query, softmax over its kept keys of `scale · q·k`,
/// times V. Builds the whole N×N mask: for tests and small `N` only.
///
/// ```swift
/// let expected = try ReferenceAttention.run(pattern: pattern, query: q, key: k, value: v)
/// ```
public enum ReferenceAttention {
    /// Attention of Q, K, V under `pattern`; `scale` defaults to `1 / sqrt(D)`.
    public static func run(pattern: CheckedPattern, query: AttentionTensor, key: AttentionTensor, value: AttentionTensor,
                           scale: Float? = nil) throws(AttentionShapeError) -> AttentionResult {
        let shape = try AttentionShape(query: query.shape, key: key.shape, value: value.shape)
        let evaluator = MaskEvaluator(pattern: pattern, length: shape.length)
        let mask = (0..<shape.length).map { evaluator.row($0) }
        return run(shape: shape, mask: { mask[$0][$1] }, query: query, key: key, value: value, scale: scale)
    }

    /// Attention with the mask given as a function of (query, key).
    public static func run(shape: AttentionShape, mask: (Int, Int) -> Bool, query: AttentionTensor, key: AttentionTensor,
                           value: AttentionTensor, scale: Float? = nil) -> AttentionResult {
        let (n, d, dv) = (shape.length, shape.depth, shape.valueDepth)
        let scale = Double(scale ?? 1 / Float(d).squareRoot())
        var output = [Float](repeating: 0, count: shape.queryHeadCount * n * dv)
        var logSumExp = [Float](repeating: -.infinity, count: shape.queryHeadCount * n)
        var scores = [Double](repeating: 0, count: n)
        // Query head h of batch b reads key/value head h / (Hq / Hkv) of batch b: written out
        // here rather than taken from `shape`, so that the kernels' mapping is checked.
        let group = shape.queryHeads / shape.keyValueHeads
        for head in 0..<shape.queryHeadCount {
            let kvHead = head / shape.queryHeads * shape.keyValueHeads + head % shape.queryHeads / group
            for i in 0..<n {
                let q = (head * n + i) * d
                var maximum = -Double.infinity
                for j in 0..<n where mask(i, j) {
                    var dot = 0.0
                    let k = (kvHead * n + j) * d
                    for c in 0..<d { dot += Double(query.values[q + c]) * Double(key.values[k + c]) }
                    scores[j] = dot * scale
                    maximum = max(maximum, scores[j])
                }
                guard maximum > -.infinity else { continue }
                var sum = 0.0
                var row = [Double](repeating: 0, count: dv)
                for j in 0..<n where mask(i, j) {
                    let weight = exp(scores[j] - maximum)
                    sum += weight
                    let v = (kvHead * n + j) * dv
                    for c in 0..<dv { row[c] += weight * Double(value.values[v + c]) }
                }
                for c in 0..<dv { output[(head * n + i) * dv + c] = Float(row[c] / sum) }
                logSumExp[head * n + i] = Float(maximum + log(sum))
            }
        }
        return AttentionResult(output: AttentionTensor(shape: shape.outputShape, values: output),
                               logSumExp: AttentionTensor(shape: shape.logSumExpShape, values: logSumExp))
    }
}
