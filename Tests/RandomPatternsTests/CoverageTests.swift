// CoverageTests: across the fixed sample, every construct of the grammar appears, in
// the checked form or (for what checking folds away) in the source text.

import PatternLanguage
import Testing

struct CoverageTests {
    static let checkedFeatures: [String] = [
        "causal", "window", "dilated", "strided", "global", "sink", "random", "blocks",
        "|", "&", "!", "==", "!=", "<", "<=", ">", ">=", "in", "in element", "in ...", "in ..<",
        "+", "-", "*", "/", "%", "min", "max", "abs", "unary -", "dynamic /", "dynamic %",
        "q", "k", "n", "Int literal", "Int let", "Bool let", "let use",
        "block < 64", "block > 64", "Int parameter", "negative Int parameter", "List parameter",
        "parameter element", "parameter negative element", "parameter ...", "parameter ..<", "parameter negative range end",
        "global element", "global negative element", "global ...", "global ..<",
    ]

    @Test func everyConstructOfTheCheckedFormAppears() {
        var found: Set<String> = []
        for source in GeneratedSources.sample {
            if let pattern = source.pattern { found.formUnion(Features.of(pattern)) }
        }
        let missing = Self.checkedFeatures.filter { !found.contains($0) }
        #expect(missing.isEmpty, "never generated: \(missing)")
    }

    /// Constructs the checker folds or lowers, looked for in the text: a name and a regular expression.
    static let textFeatures: [(name: String, pattern: String)] = [
        ("local", #"local\("#),
        ("true", #"\btrue\b"#),
        ("false", #"\bfalse\b"#),
        ("constant let", #"let \w+ = [\w\s+\-*/%(),]*\n"#),
        ("dynamic let", #"let \w+ = [^\n]*\b[qkn]\b"#),
        ("block statement", #"\n    block "#),
        ("list let", #"let \w+ = \["#),
        ("negative list entry", #"[\[,] ?-\d"#),
        ("negative inclusive range", #"-\d+\.\.\.-\d"#),
        ("negative half-open range", #"-\d+\.\.<-\d"#),
        ("division by an expression zero at some pairs", #"[/%] \((k - q|q - k)\)"#),
        ("parameter named like a built-in", #"[(,] (window|local) = "#),
        ("pattern without parameters", #"pattern \w+ \{"#),
        ("empty parameter list", #"\(\) \{"#),
        ("trailing comma", #", \)"#),
        ("underscored literal", #"\d_\d"#),
        ("line break in the mask", #"\n        \| "#),
        ("comment after a statement", #"\S  # "#),
        ("block after the mask", #"\n    mask [^\n]*\n    block "#),
        ("empty list", #"\[\]"#),
        ("always true or false sub-expression", #"sink\(0\)|strided\(1\)|q >= 0|k < 0"#),
        ("double negation", #"!!"#),
    ]

    @Test func everyConstructOfTheSourceTextAppears() throws {
        var missing: [String] = []
        for feature in Self.textFeatures {
            let regex = try Regex(feature.pattern)
            if !GeneratedSources.sample.contains(where: { $0.text.contains(regex) }) { missing.append(feature.name) }
        }
        #expect(missing.isEmpty, "never generated: \(missing)")
    }

    @Test func structuredAndArithmeticMasksBothOccur() {
        let arithmetic = GeneratedSources.sample.filter { $0.text.contains("# Mask: an arithmetic predicate.") }.count
        #expect((150...350).contains(arithmetic), "\(arithmetic) arithmetic masks of \(GeneratedSources.count)")
        let shaped = GeneratedSources.sample.filter { $0.text.contains("# Mask: shaped like") }.count
        #expect((100...300).contains(shaped), "\(shaped) masks shaped like published patterns of \(GeneratedSources.count)")
    }

    @Test func everyPublishedShapeAppears() {
        let shapes = ["longformer", "longformer_dilated", "mistral", "bigbird", "prefix_lm", "sparse_fixed", "sparse_strided", "streaming_llm", "token_random"]
        let missing = shapes.filter { shape in !GeneratedSources.sample.contains { $0.text.contains("# Mask: shaped like \(shape)") } }
        #expect(missing.isEmpty, "never generated: \(missing)")
    }
}
