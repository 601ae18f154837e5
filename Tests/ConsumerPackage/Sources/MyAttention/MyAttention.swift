// MyAttention: the library target of the example consumer package. The `.attn` files
// beside this one are compiled by the SparseAttentionPlugin into one public type per
// pattern and the `CompiledPatterns.all` registry; this file adds a small helper on top.

import AttentionKernels

/// Causal attention with a sliding window and attention sinks, over `[N, D]` (or batched,
/// multi-head) tensors: the compiled `causal_sink_window` pattern of `patterns.attn`.
public func streamingAttention(query: AttentionTensor, key: AttentionTensor, value: AttentionTensor) throws(AttentionShapeError) -> AttentionResult {
    try CausalSinkWindow.attention(query: query, key: key, value: value, threadCount: 2)
}
