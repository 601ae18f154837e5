// Tests of `sparse-attn emit`, and of how the per-pattern commands report a file's warnings:
// once each, and not beside the error of a file that declares no pattern.

import Foundation
import Testing
@testable import SparseAttentionCLI

@Suite struct EmitCommandTests {
    let source = "pattern a(unused = 1) { mask causal }\npattern b { block 8\n mask local(2) }\n"

    @Test func emitPrintsTheGeneratedSourceOfEveryPattern() throws {
        let folder = try CLITestSupport.scratchFolder()
        let path = try CLITestSupport.write(source, named: "p.attn", in: folder)
        let result = CLITestSupport.run(["emit", path])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("public struct A: AttentionKernels.CompiledPattern {"))
        #expect(result.output.contains("public struct B: AttentionKernels.CompiledPattern {"))
        #expect(result.error.components(separatedBy: "warning: parameter 'unused' is never used").count == 2)
    }

    @Test func oneChosenPatternReportsTheFilesWarningsOnce() throws {
        let folder = try CLITestSupport.scratchFolder()
        let path = try CLITestSupport.write(source, named: "p.attn", in: folder)
        let result = CLITestSupport.run(["emit", path, "--pattern", "b"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("public struct B:") && !result.output.contains("public struct A:"))
        #expect(result.error.components(separatedBy: "warning: parameter 'unused' is never used").count == 2, "\(result.error)")
    }

    @Test func aFileWithoutPatternsIsOneErrorForEmitAndAWarningForList() throws {
        let folder = try CLITestSupport.scratchFolder()
        let path = try CLITestSupport.write("# nothing here\n", named: "empty.attn", in: folder)
        let emitted = CLITestSupport.run(["emit", path])
        #expect(emitted.status == 1)
        #expect(emitted.output.isEmpty)
        #expect(emitted.error == "error: '\(path)' declares no pattern\nhint: a pattern file declares patterns as 'pattern NAME { mask EXPRESSION }'\n")
        let listed = CLITestSupport.run(["list", path])
        #expect(listed.status == 0)
        #expect(listed.error.hasPrefix("\(path):1:1: warning: the file declares no pattern\n"))
    }
}
