// The plain-text tables of `bench`: every column starts at the same offset on every line,
// however long a cell is, and numbers line up on their last digit.

import Testing
@testable import SparseAttentionCLI

@Suite struct TextTableTests {
    @Test func columnsFollowTheirWidestCell() {
        var table = TextTable(header: ["kernel", "pattern", "run ms"], alignments: [.left, .left, .right])
        table.rows = [["interpreter", "a_pattern_name_longer_than_any_fixed_width", "7.5"], ["generated", "p", "1234.5"]]
        let lines = table.lines
        #expect(lines == [
            "kernel       pattern                                     run ms",
            "interpreter  a_pattern_name_longer_than_any_fixed_width     7.5",
            "generated    p                                           1234.5",
        ])
    }

    @Test func trailingSpacesAndShortRowsAreLeftOut() {
        var table = TextTable(header: ["#", "verdict", "note"], alignments: [.right])
        table.rows = [["10", "pass", ""], ["2", "FAIL"]]
        #expect(table.lines == [" #  verdict  note", "10  pass", " 2  FAIL"])
    }

    @Test func benchTableKeepsLongPatternNamesInLine() {
        let row = { (kernel: String, pattern: String) in
            BenchRow(kernel: kernel, pattern: pattern, length: 16_384, keptPairs: 1_000, planSeconds: 0.0185, seconds: 0.2235,
                     rate: 157.37, denseSeconds: 1.6995)
        }
        let report = BenchReport(build: "test", threads: 1, heads: 4, depth: 64, matmulRate: 248.8,
                                 peakRate: 256, rows: [row("dense flash", "(dense)"), row("interpreter", "sparse_transformer_fixed")])
        #expect(report.table.contains("multiply-add peak (12 chains of vector multiply-adds in registers): 256.0 GFLOP/s; the yardstick is 97% of it"))
        let lines = report.table.split(separator: "\n").suffix(3).map(String.init)
        let offsets = lines.map { line in line.distance(from: line.startIndex, to: line.range(of: "16384")?.lowerBound ?? line.startIndex) }
        #expect(lines[0].hasPrefix("kernel") && offsets[1] == offsets[2] && offsets[1] > 0)
        #expect(lines[2].hasSuffix("18.5   223.5   157.37        63%     7.60×"))
    }
}
