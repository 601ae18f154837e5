// RealisticMasks: masks shaped like the published patterns — Longformer, Mistral,
// BigBird, prefix LM, the Sparse Transformer's fixed and strided patterns, StreamingLLM —
// with random small arguments, because those shapes are what the planner and the kernels
// meet in practice.

extension PatternBuilder {
    /// The shapes, by the name the documentation comment gives them.
    static let realisticShapes = [
        "longformer", "longformer_dilated", "mistral", "bigbird", "prefix_lm",
        "sparse_fixed", "sparse_strided", "streaming_llm", "token_random",
    ]

    /// A mask shaped like a published pattern, and the shape's name.
    mutating func realisticMask() -> (mask: Fragment, shape: String) {
        let shapes = Self.realisticShapes.filter {
            ($0 != "bigbird" || configuration.allowsBlocks) && ($0 != "token_random" || configuration.allowsRandom)
        }
        let shape = random.pick(shapes)
        let causal = Fragment.primary("causal")
        let (q, k) = (Fragment.primary("q"), Fragment.primary("k"))
        func and(_ a: Fragment, _ b: Fragment) -> Fragment { .binary(a, "&", b, level: Fragment.intersection) }
        func or(_ a: Fragment, _ b: Fragment) -> Fragment { .binary(a, "|", b, level: Fragment.union) }
        let mask: Fragment
        switch shape {
        case "longformer":
            mask = or(.call("local", [constant(in: 0...16)]), .call("global", [constantList()]))
        case "longformer_dilated":
            mask = or(.call("dilated", [constant(in: 0...8), constant(in: 1...4)]), .call("global", [constantList()]))
        case "mistral":
            mask = and(causal, .call("window", [constant(in: 0...24), .literal(0)]))
        case "bigbird":
            insideBlocks = true
            let band = Fragment.call("local", [constant(in: 0...2)])
            let ends = Fragment.call("global", [random.chance(60) ? .primary("[0, -1]") : constantList()])
            let draws = Fragment.call("random", [constant(in: 0...3), constant(Int64(random.int(in: 0...9)), depth: 0)])
            insideBlocks = false
            mask = .call("blocks", [or(or(band, ends), draws)])
        case "prefix_lm":
            let prefix = constant(in: 0...40)
            mask = or(causal, and(.comparison(q, "<", prefix), .comparison(k, "<", prefix)).parenthesized)
        case "sparse_fixed":
            let l = Int64(random.int(in: 1...16))
            let c = constant(Int64(random.int(in: 0...Int(l))), depth: 1)
            let stride = Fragment.comparison(.binary(q, "/", constant(l, depth: 0), level: Fragment.multiplicative), "==",
                                             .binary(k, "/", constant(l, depth: 0), level: Fragment.multiplicative))
            let summary = Fragment.comparison(.binary(k, "%", constant(l, depth: 0), level: Fragment.multiplicative), ">=",
                                              .binary(constant(l, depth: 0), "-", c, level: Fragment.additive))
            mask = and(causal, or(stride, summary))
        case "sparse_strided":
            mask = and(causal, or(.call("local", [constant(in: 0...12)]), .call("strided", [constant(in: 1...9)])))
        case "streaming_llm":
            mask = and(causal, or(.call("sink", [constant(in: 0...6)]), .call("window", [constant(in: 0...16), .literal(0)])))
        default:
            let draws = Fragment.call("random", [constant(in: 0...8), constant(Int64(random.int(in: 0...999)), depth: 0)])
            mask = and(causal, or(draws, .call("window", [constant(in: 0...4), .literal(0)])))
        }
        return (mask, shape)
    }
}
