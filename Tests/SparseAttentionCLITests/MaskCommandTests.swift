// Tests of `sparse-attn mask`: the file it writes is a valid NumPy bool array equal to
// the evaluator's mask, and on any error nothing is written.

import Foundation
import Testing
@testable import PatternLanguage
@testable import SparseAttentionCLI

@Suite struct MaskCommandTests {
    let source = "pattern a(w = 2) { mask causal & local(w) }\npattern b { block 8\n mask blocks(local(1)) | random(2, 5) }\n"

    /// Reads a `|b1` `.npy` written by the tool: its shape and its bytes.
    func readBoolNPY(_ path: String) throws -> (shape: [Int], values: [UInt8]) {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(Array(bytes[0..<6]) == [0x93] + Array("NUMPY".utf8))
        #expect(bytes[6] == 1 && bytes[7] == 0)
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        let header = String(decoding: bytes[10..<10 + headerLength], as: UTF8.self)
        #expect(header.hasPrefix("{'descr': '|b1', 'fortran_order': False, 'shape': ("))
        #expect(header.hasSuffix("\n"))
        let shapeText = header.split(separator: "(")[1].split(separator: ")")[0]
        let shape = shapeText.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return (shape, Array(bytes[(10 + headerLength)...]))
    }

    @Test(arguments: [("a", 1), ("a", 7), ("b", 21), ("b", 64)])
    func maskEqualsTheEvaluator(pattern name: String, length: Int) throws {
        let folder = try CLITestSupport.scratchFolder()
        let path = try CLITestSupport.write(source, named: "p.attn", in: folder)
        let output = folder.appendingPathComponent("m.npy").path
        let result = CLITestSupport.run(["mask", path, "--pattern", name, "--length", "\(length)", "--output", output])
        #expect(result.status == 0, "\(result.error)")
        let (shape, values) = try readBoolNPY(output)
        #expect(shape == [length, length])
        let pattern = try PatternLibrary.check([SourceFile(path: path, text: source)]).declaration(named: name).checked
        let evaluator = MaskEvaluator(pattern: pattern, length: length)
        #expect(values == (0..<length).flatMap { evaluator.row($0).map { $0 ? UInt8(1) : 0 } })
        #expect(try CLITestSupport.contents(of: folder) == ["m.npy", "p.attn"])
    }

    @Test func setOverridesAParameter() throws {
        let folder = try CLITestSupport.scratchFolder()
        let path = try CLITestSupport.write(source, named: "p.attn", in: folder)
        let output = folder.appendingPathComponent("m.npy").path
        #expect(CLITestSupport.run(["mask", path, "--pattern", "a", "--length", "5", "--set", "w=0", "--output", output]).status == 0)
        let (_, values) = try readBoolNPY(output)
        #expect(values == (0..<25).map { $0 % 6 == 0 ? 1 : 0 })
    }

    @Test(arguments: [
        (["--pattern", "a", "--length", "4", "--set", "ww=3"], Int32(1), "error: unknown parameter 'ww' for pattern 'a'; did you mean 'w'?\nhint: the parameters of 'a' are: w = 2"),
        (["--length", "4"], Int32(1), "error: the file declares 2 patterns; choose one with --pattern"),
        (["--pattern", "c", "--length", "4"], Int32(1), "error: no pattern named 'c'"),
        (["--pattern", "a", "--length", "0"], Int32(2), "error: '--length' must be between 1 and 2147483647, but got 0"),
        (["--pattern", "a", "--length", "ten"], Int32(2), "error: '--length' needs an integer, but got 'ten'"),
        (["--pattern", "a", "--length", "40000"], Int32(1), "error: 'mask' writes N×N bytes: N = 40000 would write 1.5 GiB; the largest N it accepts is 32768"),
        (["--pattern", "a", "--length", "4", "--set", "w=-1"], Int32(1), "test.attn"),
        (["--pattern", "a"], Int32(2), "error: missing '--length N', the sequence length"),
        (["--pattern", "a", "--length", "4", "--set", "w=1", "--set", "w=2"], Int32(1),
         "error: parameter 'w' is set more than once\nhint: give each parameter one '--set w=VALUE'"),
    ])
    func errorsWriteNothing(extra: [String], status: Int32, message: String) throws {
        let folder = try CLITestSupport.scratchFolder()
        let path = try CLITestSupport.write(source, named: "test.attn", in: folder)
        let output = folder.appendingPathComponent("m.npy").path
        let result = CLITestSupport.run(["mask", path] + extra + ["--output", output])
        #expect(result.status == status)
        #expect(result.error.hasPrefix(message) || result.error.contains(message), "\(result.error)")
        #expect(try CLITestSupport.contents(of: folder) == ["test.attn"])
    }

    @Test func aFileWithoutPatternsSaysHowToWriteOne() throws {
        let folder = try CLITestSupport.scratchFolder()
        let path = try CLITestSupport.write("# nothing here\n", named: "empty.attn", in: folder)
        let result = CLITestSupport.run(["mask", path, "--length", "4", "--output", folder.appendingPathComponent("m.npy").path])
        #expect(result.status == 1)
        #expect(result.error == "error: the file declares no pattern\nhint: a pattern file declares patterns as 'pattern NAME { mask EXPRESSION }'\n")
        #expect(try CLITestSupport.contents(of: folder) == ["empty.attn"])
    }

    @Test func unwritableOutputIsAClearError() throws {
        let folder = try CLITestSupport.scratchFolder()
        let path = try CLITestSupport.write(source, named: "p.attn", in: folder)
        let missing = CLITestSupport.run(["mask", path, "--pattern", "a", "--length", "4", "--output", folder.path + "/no/such/dir/m.npy"])
        #expect(missing.status == 1)
        #expect(missing.error.hasPrefix("error: cannot write '\(folder.path)/no/such/dir/m.npy': the directory"))
        let directory = CLITestSupport.run(["mask", path, "--pattern", "a", "--length", "4", "--output", folder.path])
        #expect(directory.status == 1)
        #expect(try CLITestSupport.contents(of: folder) == ["p.attn"])
    }

    @Test func headerIsPaddedToSixtyFourBytes() {
        for shape in [[1, 1], [300, 300], [65_536, 65_536], [3]] {
            let bytes = NumPyHeaderProbe.encoded(shape)
            #expect(bytes.count % 64 == 0)
            #expect(bytes.last == UInt8(ascii: "\n"))
        }
    }
}

import NumPyFormat

enum NumPyHeaderProbe {
    static func encoded(_ shape: [Int]) -> [UInt8] { NumPyHeader(descriptor: "|b1", shape: shape).encoded() }
}
