// Tests of `sparse-attn run`: the output and log-sum-exp it writes match the reference,
// every kernel choice and thread count, and on any error nothing is written.

import AttentionKernels
import Foundation
import NumPyFormat
import PatternLanguage
import Testing
@testable import SparseAttentionCLI

@Suite struct RunCommandTests {
    let source = "pattern a(w = 3) { block 8\n mask causal & local(w) | global([1]) }\npattern b { mask true }\n"

    /// Writes Q, K, V of the given shapes (float32, or float64 for K) and the pattern file.
    func setUp(q: [Int] = [2, 19, 4], k: [Int] = [2, 19, 4], v: [Int] = [2, 19, 6]) throws -> (folder: URL, pattern: String, inputs: [String]) {
        let folder = try CLITestSupport.scratchFolder()
        let pattern = try CLITestSupport.write(source, named: "p.attn", in: folder)
        var inputs: [String] = []
        for (index, (name, shape)) in [("q", q), ("k", k), ("v", v)].enumerated() {
            let count = shape.reduce(1, *)
            let values = (0..<count).map { Float(($0 * (index + 3) * 7919) % 101) / 50 - 1 }
            let path = folder.appendingPathComponent("\(name).npy").path
            try Data(NumPyArray(shape: shape, values: values).encoded()).write(to: URL(fileURLWithPath: path))
            inputs.append(path)
        }
        return (folder, pattern, inputs)
    }

    func arguments(_ setup: (folder: URL, pattern: String, inputs: [String])) -> [String] {
        [setup.pattern, "--q", setup.inputs[0], "--k", setup.inputs[1], "--v", setup.inputs[2]]
    }

    @Test(arguments: [("auto", "1"), ("interpreter", "2"), ("reference", "1"), ("interpreter", "3")])
    func writesTheReferenceResult(kernel: String, threads: String) throws {
        let setup = try setUp()
        let output = setup.folder.appendingPathComponent("o.npy").path, lse = setup.folder.appendingPathComponent("l.npy").path
        let result = CLITestSupport.run(["run"] + arguments(setup) + ["--pattern", "a", "--set", "w=5", "--output", output, "--lse", lse,
                                                                      "--kernel", kernel, "--threads", threads, "--scale", "0.75"])
        #expect(result.status == 0, "\(result.error)")
        let o = try NumPyArray.read(path: output), l = try NumPyArray.read(path: lse)
        let pattern = try PatternLibrary.check([SourceFile(path: "p", text: source)]).declaration(named: "a").bind(overrides: ["w=5"])
        let tensors = try setup.inputs.map { path in try NumPyArray.read(path: path) }.map { AttentionTensor(shape: $0.shape, values: $0.values) }
        let expected = try ReferenceAttention.run(pattern: pattern, query: tensors[0], key: tensors[1], value: tensors[2], scale: 0.75)
        #expect(o.shape == [2, 19, 6] && l.shape == [2, 19])
        for (actual, wanted) in zip(o.values + l.values, expected.output.values + expected.logSumExp.values) {
            #expect(abs(actual - wanted) <= 2e-5 * (1 + abs(wanted)))
        }
        #expect(try CLITestSupport.contents(of: setup.folder) == ["k.npy", "l.npy", "o.npy", "p.attn", "q.npy", "v.npy"])
    }

    @Test func reportsItsPeakMemory() throws {
        let setup = try setUp()
        let output = setup.folder.appendingPathComponent("o.npy").path
        let result = CLITestSupport.run(["run"] + arguments(setup) + ["--pattern", "a", "--output", output, "--report-memory"])
        #expect(result.status == 0, "\(result.error)")
        // In-process, the figure is the test runner's own peak: at least a few MiB, under 64 GiB.
        let bytes = try #require(PeakMemory.bytes(inReport: result.error), "\(result.error)")
        #expect(bytes > 4 << 20 && bytes < 64 << 30)
        #expect(result.error.contains(PeakMemory.report(bytes)))
        #expect(PeakMemory.bytes(inReport: "warning: x\npeak resident memory: 123 bytes (123 B)\n") == 123)
        #expect(PeakMemory.bytes(inReport: "peak memory: 123") == nil)
        let quiet = CLITestSupport.run(["run"] + arguments(setup) + ["--pattern", "a", "--output", output])
        #expect(quiet.status == 0 && !quiet.error.contains("peak resident memory"))
    }

    @Test func float64AndFloat16InputsAreConverted() throws {
        let setup = try setUp(q: [5, 2], k: [5, 2], v: [5, 1])
        // Q as <f8 and V as <f2 with the same values as the float32 files.
        func rewrite(_ path: String, descriptor: String, encode: (Float) -> [UInt8]) throws {
            let array = try NumPyArray.read(path: path)
            var header = NumPyHeader(descriptor: descriptor, shape: array.shape).encoded()
            for value in array.values { header += encode(value) }
            try Data(header).write(to: URL(fileURLWithPath: path))
        }
        let output32 = setup.folder.appendingPathComponent("o32.npy").path
        #expect(CLITestSupport.run(["run"] + arguments(setup) + ["--pattern", "a", "--output", output32]).status == 0)
        try rewrite(setup.inputs[0], descriptor: "<f8") { value in withUnsafeBytes(of: Double(value).bitPattern.littleEndian, Array.init) }
        try rewrite(setup.inputs[2], descriptor: "<f2") { value in withUnsafeBytes(of: Float16(value).bitPattern.littleEndian, Array.init) }
        let output = setup.folder.appendingPathComponent("o.npy").path
        let result = CLITestSupport.run(["run"] + arguments(setup) + ["--pattern", "a", "--output", output])
        #expect(result.status == 0, "\(result.error)")
        let converted = try NumPyArray.read(path: output).values, original = try NumPyArray.read(path: output32).values
        #expect(zip(converted, original).allSatisfy { abs($0 - $1) <= 1e-3 })
    }

    @Test func rankTwoAndGroupedHeads() throws {
        for shapes in [([7, 3], [7, 3], [7, 2]), ([1, 4, 9, 8], [1, 2, 9, 8], [1, 2, 9, 8])] {
            let setup = try setUp(q: shapes.0, k: shapes.1, v: shapes.2)
            let output = setup.folder.appendingPathComponent("o.npy").path
            let result = CLITestSupport.run(["run"] + arguments(setup) + ["--pattern", "b", "--output", output])
            #expect(result.status == 0, "\(result.error)")
            #expect(try NumPyArray.read(path: output).shape == Array(shapes.0.dropLast()) + [shapes.2.last!])
        }
    }

    @Test(arguments: [
        (["--kernel", "generated"], Int32(1), "error: no generated kernel of 'a' with these parameters is compiled into sparse-attn; the compiled ones are:"),
        (["--kernel", "fast"], Int32(2), "error: '--kernel' must be one of auto, generated, interpreter, reference, but got 'fast'"),
        (["--threads", "0"], Int32(2), "error: '--threads' must be between 1 and 1024, but got 0"),
        (["--threads", "1025"], Int32(2), "error: '--threads' must be between 1 and 1024, but got 1025"),
        (["--scale", "nan"], Int32(2), "error: '--scale' must be a finite Float32 (magnitude up to about 3.4e38), but got 'nan'"),
        (["--scale", "1e40"], Int32(2), "error: '--scale' must be a finite Float32 (magnitude up to about 3.4e38), but got '1e40'"),
        (["--set", "w=-1"], Int32(1), "p.attn"),
        (["--lse", "SAME"], Int32(2), "error: '--output' and '--lse' name the same file"),
    ])
    func optionErrorsWriteNothing(extra: [String], status: Int32, message: String) throws {
        let setup = try setUp()
        let output = setup.folder.appendingPathComponent("o.npy").path
        let extra = extra.map { $0 == "SAME" ? output : $0 }
        let result = CLITestSupport.run(["run"] + arguments(setup) + ["--pattern", "a", "--output", output] + extra)
        #expect(result.status == status)
        #expect(result.error.contains(message), "\(result.error)")
        #expect(try CLITestSupport.contents(of: setup.folder) == ["k.npy", "p.attn", "q.npy", "v.npy"])
    }

    @Test(arguments: [
        ([2, 19, 4], [2, 18, 4], [2, 18, 6], "error: K must have Q's sequence length N = 19, but has shape [2, 18, 4] (Q is '"),
        ([2, 19, 4], [2, 19, 5], [2, 19, 6], "error: K must have Q's depth D = 4, but has shape [2, 19, 5]"),
        ([2, 19, 4], [19, 4], [19, 6], "error: K must have Q's rank 3, but has shape [19, 4]"),
        ([19], [19], [19], "q.npy: expected an array of rank 2, 3 or 4, found rank 1 (shape (19,))"),
    ])
    func shapeErrorsWriteNothing(q: [Int], k: [Int], v: [Int], message: String) throws {
        let setup = try setUp(q: q, k: k, v: v)
        let output = setup.folder.appendingPathComponent("o.npy").path
        let result = CLITestSupport.run(["run"] + arguments(setup) + ["--pattern", "a", "--output", output, "--lse", setup.folder.path + "/l.npy"])
        #expect(result.status == 1)
        #expect(result.error.contains(message), "\(result.error)")
        #expect(try CLITestSupport.contents(of: setup.folder) == ["k.npy", "p.attn", "q.npy", "v.npy"])
    }

    @Test func badFilesAreErrorsNamingThem() throws {
        let setup = try setUp()
        try Data("not numpy".utf8).write(to: URL(fileURLWithPath: setup.inputs[1]))
        let output = setup.folder.appendingPathComponent("o.npy").path
        let result = CLITestSupport.run(["run"] + arguments(setup) + ["--pattern", "a", "--output", output])
        #expect(result.status == 1)
        #expect(result.error.hasPrefix("error: \(setup.inputs[1]): not a NumPy .npy file"), "\(result.error)")
        let missing = CLITestSupport.run(["run", setup.pattern, "--pattern", "a", "--q", "none.npy", "--k", "k", "--v", "v", "--output", output])
        #expect(missing.error.hasPrefix("error: none.npy: no such file"))
        let noOutput = CLITestSupport.run(["run"] + arguments(setup) + ["--pattern", "a"])
        #expect(noOutput.status == 2 && noOutput.error.hasPrefix("error: missing '--output'"))
        let badDirectory = CLITestSupport.run(["run", setup.pattern, "--pattern", "b", "--q", setup.inputs[0], "--k", setup.inputs[0],
                                               "--v", setup.inputs[0], "--output", output, "--lse", setup.folder.path + "/none/l.npy"])
        #expect(badDirectory.status == 1 && badDirectory.error.contains("the directory"))
        #expect(try CLITestSupport.contents(of: setup.folder) == ["k.npy", "p.attn", "q.npy", "v.npy"])
    }
}

@Suite struct GeneratedKernelRunTests {
    /// `--kernel generated` and `auto` on a bundled pattern give the reference's answer.
    @Test func generatedAndAutoUseTheCompiledKernel() throws {
        let folder = try CLITestSupport.scratchFolder()
        let path = CLITestSupport.packageRoot.appendingPathComponent("Patterns/longformer.attn").path
        let length = 100
        func write(_ name: String, _ shape: [Int], _ seed: Int) throws -> String {
            let values = (0..<shape.reduce(1, *)).map { Float(sin(Double($0 * 7 + seed))) }
            let url = folder.appendingPathComponent(name)
            try Data(NumPyArray(shape: shape, values: values).encoded()).write(to: url)
            return url.path
        }
        let (q, k, v) = (try write("q.npy", [2, length, 8], 1), try write("k.npy", [2, length, 8], 2), try write("v.npy", [2, length, 8], 3))
        var outputs: [String: [Float]] = [:]
        for kernel in ["reference", "generated", "auto"] {
            let out = folder.appendingPathComponent("\(kernel).npy").path
            let result = CLITestSupport.run(["run", path, "--pattern", "longformer", "--q", q, "--k", k, "--v", v, "--output", out, "--kernel", kernel, "--threads", "2"])
            #expect(result.status == 0, "\(result.error)")
            outputs[kernel] = try NumPyArray.read(path: out, ranks: 3...3).values
        }
        for kernel in ["generated", "auto"] {
            let pairs = zip(outputs[kernel]!, outputs["reference"]!)
            #expect(pairs.allSatisfy { abs($0 - $1) <= 2e-5 * (1 + abs($1)) }, "\(kernel)")
        }
        let changed = CLITestSupport.run(["run", path, "--pattern", "longformer", "--set", "window=64", "--q", q, "--k", k, "--v", v,
                                          "--output", folder.appendingPathComponent("x.npy").path, "--kernel", "generated"])
        #expect(changed.status == 1)
        #expect(changed.error.contains("longformer(window = 512, globals = [0])"), "lists the compiled kernels: \(changed.error)")
    }

    /// A user's pattern with a bundled pattern's name and parameters but another mask (or
    /// block) is not run with the bundled kernel, and the error says what differs.
    @Test func aSameNamedPatternWithAnotherMaskSaysSo() throws {
        let folder = try CLITestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let q = folder.appendingPathComponent("q.npy").path
        try Data(NumPyArray(shape: [4, 2], values: [Float](repeating: 1, count: 8)).encoded()).write(to: URL(fileURLWithPath: q))
        let cases = [
            ("pattern longformer(window = 512, globals = [0]) { block 64\n mask local(window / 4) | global(globals) }\n",
             "error: the generated kernel longformer(window = 512, globals = [0]) compiled into sparse-attn has another mask than this 'longformer': "
                + "it was compiled from 'mask window(256, 256) | global([0])', but this pattern's checked mask is 'mask window(128, 128) | global([0])'"),
            ("pattern longformer(window = 512, globals = [0]) { block 32\n mask local(window / 2) | global(globals) }\n",
             "error: the generated kernel longformer(window = 512, globals = [0]) compiled into sparse-attn has block 64, but this 'longformer' has block 32"),
        ]
        for (source, message) in cases {
            let path = try CLITestSupport.write(source, named: "mine.attn", in: folder)
            let output = folder.appendingPathComponent("o.npy").path
            let result = CLITestSupport.run(["run", path, "--q", q, "--k", q, "--v", q, "--output", output, "--kernel", "generated"])
            #expect(result.status == 1)
            #expect(result.error.hasPrefix(message + "\n"), "\(result.error)")
            #expect(result.error.contains("hint: use '--kernel interpreter'"), "\(result.error)")
            #expect(try CLITestSupport.contents(of: folder) == ["mine.attn", "q.npy"])
        }
    }
}
