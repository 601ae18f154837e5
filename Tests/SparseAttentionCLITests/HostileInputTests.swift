// Hostile inputs through the command line: each gets a clear error or a correct answer,
// never a crash, a hang, or a file written: parameters at Int64's limits, lists of a
// hundred thousand entries, pattern files that are not UTF-8, sequence lengths in the
// billions.

import Foundation
import Testing
@testable import SparseAttentionCLI

@Suite struct HostileInputTests {
    @Test func parametersAtTheLimitsOfInt64PlanExactly() throws {
        let folder = try CLITestSupport.scratchFolder()
        let path = try CLITestSupport.write("""
            # A window wider than any sequence, and a sink count at Int64's limit.
            pattern wide(w = 9223372036854775807, s = 9223372036854775807) {
                block 8
                mask window(w, 0) & sink(s) | dilated(w, w)
            }
            """, named: "wide.attn", in: folder)
        let result = CLITestSupport.run(["plan", path, "--length", "100", "--json"])
        #expect(result.status == 0, "\(result.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let stats = try #require(object["stats"] as? [String: Any])
        // window(w, 0) & sink(s) is every k <= q; dilated(w, w) (w·w overflows: no bound)
        // keeps only the multiples of w apart, q = k, already kept.
        #expect(stats["kept_pairs"] as? Int == 100 * 101 / 2)
    }

    @Test func aHundredThousandGlobalsAreQuick() throws {
        let folder = try CLITestSupport.scratchFolder()
        let list = (0..<100_000).map { String($0 * 3) }.joined(separator: ", ")
        let path = try CLITestSupport.write("pattern many(g = [\(list)]) { mask local(1) | global(g) }", named: "many.attn", in: folder)
        let start = Date()
        let result = CLITestSupport.run(["plan", path, "--length", "2000"])
        #expect(result.status == 0, "\(result.error)")
        #expect(Date().timeIntervalSince(start) < 60, "planning a long list must not take minutes")
    }

    @Test func aFileThatIsNotUTF8IsAnError() throws {
        let folder = try CLITestSupport.scratchFolder()
        let url = folder.appendingPathComponent("latin1.attn")
        try Data([0x70, 0x61, 0x74, 0x74, 0x65, 0x72, 0x6E, 0x20, 0xE9, 0x74, 0xE9, 0x20, 0x7B, 0x7D]).write(to: url)
        let result = CLITestSupport.run(["plan", url.path, "--length", "10"])
        #expect(result.status == 1)
        #expect(result.error.contains("latin1.attn:1:"), "\(result.error)")
        #expect(result.output.isEmpty)
    }

    @Test func lengthsInTheBillionsAreRefusedWithTheFigure() throws {
        let path = CLITestSupport.packageRoot.appendingPathComponent("Patterns/sliding_window.attn").path
        for command in [["plan"], ["show"]] {
            let result = CLITestSupport.run(command + [path, "--length", "2147483647"])
            #expect(result.status == 1, "\(command): \(result.error)")
            #expect(result.error.contains("tiles per side"), "\(result.error)")
        }
        let tooLong = CLITestSupport.run(["plan", path, "--length", "99999999999"])
        #expect(tooLong.status == 2)
    }
}

@Suite struct MillionElementListTests {
    /// A file of megabytes: a list of a million entries. It checks, plans to a clear
    /// refusal (every tile is partial), and neither takes minutes nor runs out of memory.
    @Test func aMillionEntryListIsCheckedAndRefusedQuickly() throws {
        let folder = try CLITestSupport.scratchFolder()
        let list = (0..<1_000_000).map { String($0 * 2) }.joined(separator: ",")
        let path = try CLITestSupport.write("pattern every_other(g = [\(list)]) { block 8 mask local(1) | global(g) }", named: "million.attn", in: folder)
        let start = Date()
        let check = CLITestSupport.run(["check", path])
        #expect(check.status == 0, "\(check.error)")
        let plan = CLITestSupport.run(["plan", path, "--length", "10000"])
        #expect(plan.status == 1)
        #expect(plan.error.contains("partial tiles, whose masks would take up to"), "\(plan.error)")
        #expect(Date().timeIntervalSince(start) < 120)
    }
}
