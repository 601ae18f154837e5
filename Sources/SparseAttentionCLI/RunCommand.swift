// RunCommand: `sparse-attn run FILE --q Q.npy --k K.npy --v V.npy --output O.npy` —
// attention over a pattern with the chosen kernel; writes the output (and optionally the
// log-sum-exp) as `<f4` arrays, all or nothing.

import AttentionKernels
import BlockSparsePlanner
import BundledPatterns
import Foundation
import NumPyFormat
import PatternLanguage

enum RunCommand {
    static let subcommand = SparseAttentionCommand.Subcommand(
        name: "run", summary: "Run attention over a pattern on Q, K, V from .npy files.",
        usage: "run FILE [--pattern P] --q Q.npy --k K.npy --v V.npy --output O.npy [--lse L.npy] "
            + "[--kernel auto|generated|interpreter|reference] [--threads T] [--scale S] [--set NAME=VALUE ...] [--report-memory]",
        specification: ArgumentSpecification(
            options: ["--pattern", "--q", "--k", "--v", "--output", "--lse", "--kernel", "--threads", "--scale"], repeatable: ["--set"],
            flags: ["--report-memory"]),
        run: run)

    /// The kernels `--kernel` accepts.
    enum Kernel: String, CaseIterable {
        case auto, generated, interpreter, reference
    }

    /// The largest thread count accepted.
    static let maximumThreads = 1024

    /// The largest `N` the reference accepts: it builds the N×N mask.
    static let maximumReferenceLength = 8192

    static func run(_ arguments: Arguments, _ terminal: Terminal) throws {
        let kernel = try kernelOption(arguments)
        let threads = try arguments.integer("--threads", in: 1...maximumThreads) ?? min(maximumThreads, ProcessInfo.processInfo.activeProcessorCount)
        let scale = try scaleOption(arguments)
        let paths = (q: try arguments.required("--q"), k: try arguments.required("--k"), v: try arguments.required("--v"))
        let outputPath = try arguments.required("--output")
        let lsePath = arguments.value("--lse")
        try DistinctFiles.check(outputs: [("--output", outputPath)] + (lsePath.map { [("--lse", $0)] } ?? []),
                                inputs: [(nil, arguments.positionals.first ?? ""), ("--q", paths.q), ("--k", paths.k), ("--v", paths.v)])
        let pattern = try PatternSelection(arguments, terminal: terminal).pattern
        let compiled = BundledPatterns.kernel(for: pattern)
        if kernel == .generated, compiled == nil { throw noGeneratedKernel(for: pattern) }
        let (q, k, v) = (try read(paths.q), try read(paths.k), try read(paths.v))
        let shape: AttentionShape
        do {
            shape = try AttentionShape(query: q.shape, key: k.shape, value: v.shape)
        } catch {
            throw Diagnostic(.error, "\(error.message) (Q is '\(paths.q)', K is '\(paths.k)', V is '\(paths.v)')")
        }
        if kernel == .reference, shape.length > maximumReferenceLength {
            throw Diagnostic(.error, "the reference kernel builds the N×N mask and accepts N up to \(maximumReferenceLength), but N = \(shape.length)",
                             hint: "use '--kernel interpreter'")
        }
        let output = try OutputFile(path: outputPath)
        let lse: OutputFile?
        do { lse = try lsePath.map { path throws(Diagnostic) in try OutputFile(path: path) } } catch { output.discard(); throw error }
        do {
            let result = try attend(kernel: kernel, pattern: pattern, compiled: compiled, shape: shape, threads: threads, scale: scale, q: q, k: k, v: v)
            try output.write(NumPyArray(shape: result.output.shape, values: result.output.values))
            try lse?.write(NumPyArray(shape: result.logSumExp.shape, values: result.logSumExp.values))
            // Both files closed before either replaces its destination, so that a failure
            // to finish one (a full disk) leaves both destinations as they were.
            try output.close()
            try lse?.close()
            try output.moveIntoPlace()
            try lse?.moveIntoPlace()
            if arguments.flags.contains("--report-memory"), let bytes = PeakMemory.residentBytes {
                terminal.printError(PeakMemory.report(bytes))
            }
        } catch {
            output.discard()
            lse?.discard()
            throw error
        }
    }

    /// Why `--kernel generated` has no kernel for `pattern`: a compiled pattern with its name
    /// and parameters whose mask or block differs (a user's pattern named like a bundled
    /// one), or none with these parameters, listing those that are compiled in.
    static func noGeneratedKernel(for pattern: CheckedPattern) -> Diagnostic {
        let hint = "use '--kernel interpreter' (or 'auto', which falls back to it)"
        let sameParameters = CompiledPatterns.all.first { compiled in
            compiled.patternName == pattern.name && compiled.parameterValues.count == pattern.parameters.count
                && zip(pattern.parameters, compiled.parameterValues).allSatisfy { $0.name == $1.name && $0.value.description == $1.value }
        }
        if let compiled = sameParameters, compiled.checkedMask != pattern.maskText {
            return Diagnostic(.error, "the generated kernel \(compiled.signature) compiled into sparse-attn has another mask than this '\(pattern.name)': "
                                  + "it was compiled from 'mask \(compiled.checkedMask)', but this pattern's checked mask is 'mask \(pattern.maskText)'",
                              hint: hint)
        }
        if let compiled = sameParameters, compiled.blockSize != pattern.blockSize {
            return Diagnostic(.error, "the generated kernel \(compiled.signature) compiled into sparse-attn has block \(compiled.blockSize), "
                                  + "but this '\(pattern.name)' has block \(pattern.blockSize)",
                              hint: hint)
        }
        let available = CompiledPatterns.all.map { "  " + $0.signature }.joined(separator: "\n")
        return Diagnostic(.error, "no generated kernel of '\(pattern.name)' with these parameters is compiled into sparse-attn; the compiled ones are:\n\(available)",
                          hint: hint)
    }

    /// Runs the chosen kernel; `auto` is the compiled kernel when there is one.
    static func attend(kernel: Kernel, pattern: CheckedPattern, compiled: (any CompiledPattern.Type)?, shape: AttentionShape, threads: Int, scale: Float?,
                       q: AttentionTensor, k: AttentionTensor, v: AttentionTensor) throws -> AttentionResult {
        var interpreter: BlockSparseInterpreter?
        if compiled == nil || kernel == .interpreter, kernel != .reference {
            let layout = try PlanLimits.layout(pattern, length: shape.length).layout
            let partial = layout.kinds.reduce(0) { $0 + ($1 == .partial ? 1 : 0) }
            try RunMemory(shape: shape, block: pattern.blockSize, keptTiles: layout.entryCount, partialTiles: partial).check(available: RunMemory.available)
            interpreter = BlockSparseInterpreter(layout: layout, masks: PartialTileMasks(pattern: pattern, layout: layout),
                                                 schedule: Schedule(layout: layout, threadCount: threads))
        } else {
            try RunMemory(shape: shape, block: pattern.blockSize, keptTiles: 0, partialTiles: 0).check(available: RunMemory.available)
        }
        do {
            switch (kernel, compiled) {
            case (.reference, _):
                return try ReferenceAttention.run(pattern: pattern, query: q, key: k, value: v, scale: scale)
            case (.auto, let compiled?), (.generated, let compiled?):
                return try compiled.attention(query: q, key: k, value: v, scale: scale, threadCount: threads)
            case (.auto, nil), (.interpreter, _), (.generated, nil):
                return try interpreter!.run(query: q, key: k, value: v, scale: scale)
            }
        } catch {
            throw Diagnostic(.error, error.message)
        }
    }

    /// Reads a Q, K or V input: a float array of rank 2, 3 or 4.
    static func read(_ path: String) throws(Diagnostic) -> AttentionTensor {
        do {
            let array = try NumPyArray.read(path: path, ranks: 2...4)
            return AttentionTensor(shape: array.shape, values: array.values)
        } catch {
            throw Diagnostic(.error, error.description)
        }
    }

    static func kernelOption(_ arguments: Arguments) throws(UsageError) -> Kernel {
        guard let text = arguments.value("--kernel") else { return .auto }
        guard let kernel = Kernel(rawValue: text) else {
            throw UsageError("'--kernel' must be one of \(Kernel.allCases.map(\.rawValue).joined(separator: ", ")), but got '\(text)'")
        }
        return kernel
    }

    static func scaleOption(_ arguments: Arguments) throws(UsageError) -> Float? {
        guard let text = arguments.value("--scale") else { return nil }
        guard let scale = Float(text), scale.isFinite else {
            throw UsageError("'--scale' must be a finite Float32 (magnitude up to about 3.4e38), but got '\(text)'")
        }
        return scale
    }
}
