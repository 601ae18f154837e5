// ConfigurationTests: turning a feature off removes it and keeps every source valid;
// deeper and shallower settings stay valid too.

import PatternLanguage
import RandomPatterns
import Testing

struct ConfigurationTests {
    /// `count` sources of one configuration, with their libraries.
    static func sources(_ configuration: RandomPatternConfiguration, seed: UInt64, count: Int = 150) -> [(text: String, library: PatternLibrary)] {
        var generator = RandomPatternGenerator(seed: seed, configuration: configuration)
        return (0..<count).map { index in
            let text = generator.nextSource(name: "c\(index)")
            return (text, PatternLibrary.check([SourceFile(path: "c\(index).attn", text: text)]))
        }
    }

    @Test func featuresTurnedOffDoNotAppear() {
        var configuration = RandomPatternConfiguration()
        configuration.allowsBlocks = false
        configuration.allowsRandom = false
        configuration.allowsBlockStatement = false
        configuration.allowsDynamicLets = false
        configuration.allowsLineBreaks = false
        for (text, library) in Self.sources(configuration, seed: 11) {
            #expect(!library.hasErrors, "\(text)")
            #expect(!text.contains("blocks("), "\(text)")
            #expect(!text.contains("random("), "\(text)")
            #expect(!text.contains("\n    block "), "\(text)")
            #expect(!text.contains("\n        |"), "\(text)")
            #expect(library.declarations.first?.checked.bindings.isEmpty == true, "\(text)")
        }
    }

    @Test(arguments: [(1, 1, 0, 0), (2, 1, 1, 1), (7, 5, 6, 6)])
    func otherSizesStayValid(maskDepth: Int, arithmeticDepth: Int, parameters: Int, lets: Int) {
        var configuration = RandomPatternConfiguration()
        configuration.maximumMaskDepth = maskDepth
        configuration.maximumArithmeticDepth = arithmeticDepth
        configuration.maximumParameters = parameters
        configuration.maximumLets = lets
        for (text, library) in Self.sources(configuration, seed: UInt64(maskDepth * 100 + lets)) {
            #expect(!library.hasErrors, "\(text)\n\(library.diagnostics.map { $0.rendered() })")
            #expect(library.declarations.count == 1)
        }
    }

    @Test(arguments: [0, 100])
    func everyMaskCanBeArithmeticOrStructured(percent: Int) {
        var configuration = RandomPatternConfiguration()
        configuration.arithmeticPercent = percent
        let sources = Self.sources(configuration, seed: 5, count: 50)
        let arithmetic = sources.filter { $0.text.contains("# Mask: an arithmetic predicate.") }.count
        #expect(arithmetic == (percent == 0 ? 0 : 50))
        #expect(sources.allSatisfy { !$0.library.hasErrors })
    }
}
