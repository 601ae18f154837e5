// Tests of `sparse-attn check` and `list`, and of the command line's own errors.

import Foundation
import Testing
@testable import SparseAttentionCLI

@Suite struct CheckAndListTests {
    let source = "# Keeps the past.\npattern past(w = 8, globals = [0, 2...3]) {\n    mask causal & local(w) | global(globals)\n}\n"

    @Test func checkValidFile() throws {
        let folder = try CLITestSupport.scratchFolder()
        let path = try CLITestSupport.write(source, named: "p.attn", in: folder)
        let result = CLITestSupport.run(["check", path])
        #expect(result.status == 0)
        #expect(result.output == "ok: 1 pattern in 1 file\n")
        #expect(result.error.isEmpty)
    }

    @Test func checkInvalidFilePrintsTheLocatedDiagnostic() throws {
        let folder = try CLITestSupport.scratchFolder()
        let path = try CLITestSupport.write("pattern p {\n  mask locl(3)\n}\n", named: "bad.attn", in: folder)
        let result = CLITestSupport.run(["check", path])
        #expect(result.status == 1)
        #expect(result.output.isEmpty)
        #expect(result.error == "\(path):2:8: error: unknown function 'locl'; did you mean 'local'?\n  mask locl(3)\n       ^~~~\n")
    }

    @Test func checkSeesDuplicatesAcrossFiles() throws {
        let folder = try CLITestSupport.scratchFolder()
        let a = try CLITestSupport.write("pattern p { mask causal }", named: "a.attn", in: folder)
        let b = try CLITestSupport.write("pattern p { mask true }", named: "b.attn", in: folder)
        let result = CLITestSupport.run(["check", a, b])
        #expect(result.status == 1)
        #expect(result.error.contains("\(b):1:9: error: pattern 'p' is declared more than once"))
        #expect(result.error.contains("\(a):1:9: note: the first declaration is here"))
    }

    @Test func checkWarningsStillSucceed() throws {
        let folder = try CLITestSupport.scratchFolder()
        let path = try CLITestSupport.write("pattern p(unused = 1) { mask causal }", named: "w.attn", in: folder)
        let result = CLITestSupport.run(["check", path])
        #expect(result.status == 0)
        #expect(result.error.contains("warning: parameter 'unused' is never used"))
        #expect(result.output == "ok: 1 pattern in 1 file, 1 warning\n")
    }

    @Test func missingFilesAndFolders() throws {
        let folder = try CLITestSupport.scratchFolder()
        #expect(CLITestSupport.run(["check", folder.path + "/none.attn"]).error == "error: no such file: '\(folder.path)/none.attn'\n")
        let directory = CLITestSupport.run(["check", folder.path])
        #expect(directory.status == 1)
        #expect(directory.error.hasPrefix("error: '\(folder.path)' is a directory, not a pattern file"))
        #expect(CLITestSupport.run(["check"]).status == 2)
    }

    @Test func listText() throws {
        let folder = try CLITestSupport.scratchFolder()
        let path = try CLITestSupport.write(source, named: "p.attn", in: folder)
        let result = CLITestSupport.run(["list", path])
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("past(w = 8, globals = [0, 2...3])  [\(path):2]\n    Keeps the past.\n    mask: causal & window(8, 8) | global([0, 2...3])\n"))
    }

    @Test func listJSONHasTheContractFields() throws {
        let folder = try CLITestSupport.scratchFolder()
        let path = try CLITestSupport.write(source, named: "p.attn", in: folder)
        let result = CLITestSupport.run(["list", path, "--json"])
        #expect(result.status == 0)
        let parsed = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]]
        let entry = try #require(parsed?.first)
        #expect(entry["name"] as? String == "past")
        #expect(entry["doc"] as? String == "Keeps the past.")
        let params = try #require(entry["params"] as? [String: Any])
        #expect(params["w"] as? Int == 8)
        let globals = try #require(params["globals"] as? [Any])
        #expect(globals.first as? Int == 0)
        #expect((globals.last as? [String: Int]) == ["from": 2, "through": 3])
    }

    @Test func jsonEscapesStrings() {
        #expect(JSON.string("a\"b\\c\nd\u{1}").printed() == "\"a\\\"b\\\\c\\nd\\u0001\"")
    }

    @Test func unknownCommandAndOptionSuggest() {
        let command = CLITestSupport.run(["chek", "x.attn"])
        #expect(command.status == 2)
        #expect(command.error.hasPrefix("error: unknown command 'chek'; did you mean 'check'?"))
        let option = CLITestSupport.run(["mask", "x.attn", "--lenght", "4"])
        #expect(option.status == 2)
        #expect(option.error.hasPrefix("error: unknown option '--lenght'; did you mean '--length'?"))
    }

    @Test func helpIsAvailable() {
        let overview = CLITestSupport.run(["--help"])
        #expect(overview.status == 0)
        #expect(overview.output.contains("check") && overview.output.contains("mask"))
        #expect(CLITestSupport.run(["mask", "--help"]).output.contains("usage: sparse-attn mask FILE"))
        #expect(CLITestSupport.run([]).status == 2)
    }
}

@Suite struct DumpTests {
    @Test func dumpShowsTheCheckedForm() throws {
        let folder = try CLITestSupport.scratchFolder()
        let path = try CLITestSupport.write("pattern p_q(w = 4) {\n let d = q - k\n let near = abs(d) <= w / 2\n mask near & causal\n}", named: "p.attn", in: folder)
        let result = CLITestSupport.run(["check", path, "--dump"])
        #expect(result.status == 0)
        #expect(result.output == """
            pattern p_q  (Swift type PQ, block 64)
              parameter w = 4
              $0 = d: Int = q - k
              $1 = near: Bool = abs($0) <= 2
              mask $1 & causal
            ok: 1 pattern in 1 file

            """)
    }
}
