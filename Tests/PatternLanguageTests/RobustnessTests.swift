// Robustness: thousands of deterministic mutations of the bundled pattern files, and
// random bytes, fed to the front end. Each must end in diagnostics or a valid library —
// never a crash or a hang.

import Testing
@testable import PatternLanguage

/// A small deterministic generator (SplitMix64), so failures reproduce.
struct MutationRandom {
    var generator: SplitMix64
    init(seed: Int64) { generator = SplitMix64(seed: seed, row: 0) }
    mutating func below(_ bound: Int) -> Int { Int(generator.next() % UInt64(max(1, bound))) }
}

@Suite struct RobustnessTests {
    /// Fragments that are likely to break things in interesting ways.
    static let fragments: [String] = [
        "(", ")", "[", "]", "{", "}", ",", "=", "==", "|", "&", "!", "-", "/ 0", "% 0", "...", "..<", "q", "k", "n",
        "pattern", "let", "block", "mask", "in", "causal", "blocks(", "random(", "global([", "9223372036854775807",
        "9223372036854775808", "-9223372036854775808", "0", "\n", "#", "é", "\u{0}", "&&", "1.5", "score", "true",
    ]

    static func mutate(_ bytes: [UInt8], _ random: inout MutationRandom) -> [UInt8] {
        var bytes = bytes
        for _ in 0...random.below(3) {
            let position = random.below(bytes.count + 1)
            switch random.below(5) {
            case 0 where !bytes.isEmpty:  // delete a run
                let end = min(bytes.count, position + 1 + random.below(8))
                if position < end { bytes.removeSubrange(position..<end) }
            case 1:  // insert a fragment
                bytes.insert(contentsOf: Array(fragments[random.below(fragments.count)].utf8), at: position)
            case 2 where !bytes.isEmpty:  // replace a byte with a random one
                bytes[min(position, bytes.count - 1)] = UInt8(random.below(256))
            case 3 where !bytes.isEmpty:  // duplicate a run
                let end = min(bytes.count, position + random.below(16))
                if position < end { bytes.insert(contentsOf: bytes[position..<end], at: position) }
            default:  // swap two runs of a byte
                if bytes.count > 2 { bytes.swapAt(random.below(bytes.count), random.below(bytes.count)) }
            }
        }
        return bytes
    }

    /// Runs the whole front end, binding and evaluating a few pairs of whatever is valid.
    static func exercise(_ file: SourceFile) {
        let library = PatternLibrary.check([file])
        for diagnostic in library.diagnostics {
            _ = diagnostic.rendered()
            if diagnostic.severity == .error { precondition(diagnostic.location != nil) }
        }
        for declaration in library.declarations {
            let evaluator = MaskEvaluator(pattern: declaration.checked, length: 17)
            _ = evaluator.row(16)
            _ = try? declaration.bind(overrides: ["window=-1"])
        }
    }

    @Test func mutationsOfTheBundledFiles() throws {
        let files = try TestSupport.bundledPatternFiles()
        try #require(!files.isEmpty, "the bundled pattern files are missing")
        var random = MutationRandom(seed: 2026)
        var withErrors = 0
        for iteration in 0..<4_000 {
            let original = files[iteration % files.count]
            let mutated = Self.mutate(original.bytes, &random)
            let file = SourceFile(path: original.path, bytes: mutated)
            Self.exercise(file)
            if PatternLibrary.check([file]).hasErrors { withErrors += 1 }
        }
        // Most mutations break something; the test must have exercised the error paths.
        #expect(withErrors > 2_000)
    }

    @Test func randomBytes() {
        var random = MutationRandom(seed: 7)
        for _ in 0..<1_000 {
            let bytes = (0..<random.below(200)).map { _ in UInt8(random.below(256)) }
            Self.exercise(SourceFile(path: "random.attn", bytes: bytes))
        }
    }

    @Test func randomTokenSoup() {
        var random = MutationRandom(seed: 11)
        for _ in 0..<1_000 {
            let text = (0..<random.below(60)).map { _ in Self.fragments[random.below(Self.fragments.count)] }.joined(separator: " ")
            Self.exercise(SourceFile(path: "soup.attn", text: "pattern p { mask " + text + " }"))
        }
    }

    @Test func largeInputsStayFast() {
        // A list of a hundred thousand elements and a file of thousands of patterns.
        let list = (0..<100_000).map(String.init).joined(separator: ", ")
        #expect(!TestSupport.library("pattern p { mask global([\(list)]) }").hasErrors)
        let many = (0..<2_000).map { "pattern p\($0)(w = \($0)) { mask local(w) | causal }" }.joined(separator: "\n")
        #expect(TestSupport.library(many).declarations.count == 2_000)
    }
}
