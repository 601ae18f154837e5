// GeneratedSources: the 1,000 sources every test here inspects, generated and checked once.

import PatternLanguage
import RandomPatterns

/// One generated source and the front end's verdict on it.
struct GeneratedSource: Sendable {
    /// The pattern's name, `p0`, `p1`, ...
    var name: String
    /// The source text.
    var text: String
    /// The library checked from `text` alone.
    var library: PatternLibrary

    /// The errors the front end reported.
    var errors: [Diagnostic] { library.diagnostics.filter { $0.severity == .error } }
    /// The checked pattern, when the source checked without errors.
    var pattern: CheckedPattern? { library.declarations.first?.checked }
}

enum GeneratedSources {
    /// The seed of the fixed sample.
    static let seed: UInt64 = 20_261_127
    /// How many sources the sample holds.
    static let count = 1_000

    /// `count` sources from `seed`, named `p0` to `p999`.
    static func texts(seed: UInt64, count: Int) -> [String] {
        var generator = RandomPatternGenerator(seed: seed)
        return (0..<count).map { generator.nextSource(name: "p\($0)") }
    }

    /// The fixed sample, checked.
    static let sample: [GeneratedSource] = texts(seed: seed, count: count).enumerated().map { index, text in
        let name = "p\(index)"
        return GeneratedSource(name: name, text: text, library: PatternLibrary.check([SourceFile(path: "\(name).attn", text: text)]))
    }
}
