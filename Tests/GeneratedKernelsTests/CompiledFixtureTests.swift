// The emitter over the whole grammar: every pattern of Tests/CompiledFixtures (48 random
// well-typed patterns, hand-written edge cases, patterns named like the library's types),
// compiled by the plugin, against the Double reference from the evaluator, at awkward
// lengths and thread counts, with small heads and with heads of 64.

import AttentionKernels
import CompiledFixtures
import Foundation
import PatternLanguage
import Testing

@Suite struct CompiledFixtureTests {
    static let declarations: [PatternDeclaration] = {
        let folder = GeneratedKernelTests.packageRoot.appendingPathComponent("Tests/CompiledFixtures")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.filter { $0.hasSuffix(".attn") }.sorted() ?? []
        let files = names.compactMap { name in
            (try? Data(contentsOf: folder.appendingPathComponent(name))).map { SourceFile(path: name, bytes: [UInt8]($0)) }
        }
        return PatternLibrary.check(files).declarations
    }()

    @Test func everyFixtureIsCompiledIn() {
        #expect(Self.declarations.count >= 73)
        #expect(Set(CompiledPatterns.all.map { $0.patternName }) == Set(Self.declarations.map(\.name)))
    }

    /// Dv = 8 as well as 3: a value depth that is a multiple of 8 lets CPUs with AVX-512 run
    /// tiles of 64 with the query rows in lanes.
    @Test(arguments: [1, 9, 70, 150], [3, 8])
    func compiledEqualsReference(length: Int, valueDepth: Int) throws {
        for (index, declaration) in Self.declarations.enumerated() {
            let pattern = try declaration.bind(overrides: [])
            let kernel = try #require(CompiledPatterns.all.first { $0.patternName == declaration.name })
            let (q, k, v) = (GeneratedKernelTests.random([length, 4], seed: 7), GeneratedKernelTests.random([length, 4], seed: 8),
                             GeneratedKernelTests.random([length, valueDepth], seed: 9))
            let expected = try ReferenceAttention.run(pattern: pattern, query: q, key: k, value: v)
            let generated = try kernel.attention(query: q, key: k, value: v, scale: nil, threadCount: 1 + index % 3)
            GeneratedKernelTests.expectClose(generated, expected, "\(declaration.name) N=\(length): \(pattern.mask)")
        }
    }

    /// The same at a head size of 64 with Dv = 72 and grouped-query heads, so that the
    /// fixtures' 64-wide tiles run the wide loops (whole-tile products, narrow pieces).
    @Test(arguments: [130, 200])
    func compiledEqualsReferenceWithWideHeads(length: Int) throws {
        let (q, k, v) = (GeneratedKernelTests.random([2, length, 64], seed: 17), GeneratedKernelTests.random([1, length, 64], seed: 18),
                         GeneratedKernelTests.random([1, length, 72], seed: 19))
        for (index, declaration) in Self.declarations.enumerated() {
            let pattern = try declaration.bind(overrides: [])
            let kernel = try #require(CompiledPatterns.all.first { $0.patternName == declaration.name })
            let expected = try ReferenceAttention.run(pattern: pattern, query: q, key: k, value: v)
            let generated = try kernel.attention(query: q, key: k, value: v, scale: nil, threadCount: 1 + index % 3)
            GeneratedKernelTests.expectClose(generated, expected, "\(declaration.name) N=\(length) D=64: \(pattern.mask)")
        }
    }
}

@Suite struct TilesOf64Tests {
    /// The fixtures with tiles of 64 (relabelled, gathered and listed tiles, which CPUs with
    /// AVX2 or AVX-512 run with the query rows in lanes; tiles the tile states leave undecided
    /// that keep nothing) at lengths that leave tiles outside their bands, with batches,
    /// grouped-query heads, Dv ≠ D and threads, against the reference.
    @Test(arguments: ["dilated_grouped_64", "dilated_links_64", "strided_grouped_64", "sparse_links_64", "column_keys_64", "undecided_but_empty"],
          [(length: 700, valueDepth: 8), (length: 1000, valueDepth: 24)])
    func matchTheReference(name: String, shape: (length: Int, valueDepth: Int)) throws {
        let declaration = try #require(CompiledFixtureTests.declarations.first { $0.name == name })
        let pattern = try declaration.bind(overrides: [])
        let kernel = try #require(CompiledPatterns.all.first { $0.patternName == name })
        let (q, k, v) = (GeneratedKernelTests.random([2, 4, shape.length, 16], seed: 31), GeneratedKernelTests.random([2, 2, shape.length, 16], seed: 32),
                         GeneratedKernelTests.random([2, 2, shape.length, shape.valueDepth], seed: 33))
        let expected = try ReferenceAttention.run(pattern: pattern, query: q, key: k, value: v)
        for threads in [1, 3] {
            GeneratedKernelTests.expectClose(try kernel.attention(query: q, key: k, value: v, scale: nil, threadCount: threads), expected,
                                             "\(name) N=\(shape.length) T=\(threads)")
        }
    }
}

@Suite struct GatheredTileTests {
    /// `sparse_links` keeps a few keys in every tile: its tiles run gathered. Batches,
    /// grouped-query heads, Dv ≠ D and threads against the reference.
    @Test(arguments: [1, 130, 1000])
    func sparseTilesRunGatheredExactly(length: Int) throws {
        let declaration = try #require(CompiledFixtureTests.declarations.first { $0.name == "sparse_links" })
        let pattern = try declaration.bind(overrides: [])
        let (q, k, v) = (GeneratedKernelTests.random([2, 4, length, 8], seed: 21), GeneratedKernelTests.random([2, 2, length, 8], seed: 22),
                         GeneratedKernelTests.random([2, 2, length, 5], seed: 23))
        let expected = try ReferenceAttention.run(pattern: pattern, query: q, key: k, value: v)
        for threads in [1, 2, 3] {
            GeneratedKernelTests.expectClose(try SparseLinks.attention(query: q, key: k, value: v, threadCount: threads), expected, "T=\(threads)")
        }
    }
}
