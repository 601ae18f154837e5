// SparseAttentionPlugin: the build-tool plugin. Applied to a target, it runs
// `sparse-attn-generate` on the target's `.attn` files and compiles the Swift it writes —
// one file per pattern file and a `CompiledPatterns` registry — into that target. A
// pattern error fails the build with the located diagnostic of `sparse-attn check`.

import Foundation
import PackagePlugin

@main
struct SparseAttentionPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let patterns = target.sourceFiles(withSuffix: "attn").map(\.url).sorted { $0.path < $1.path }
        guard !patterns.isEmpty else { return [] }
        let output = context.pluginWorkDirectoryURL.appending(path: "GeneratedKernels")
        let generated = patterns.map { output.appending(path: $0.deletingPathExtension().lastPathComponent + ".swift") }
            + [output.appending(path: "CompiledPatterns.swift")]
        return [
            .buildCommand(
                displayName: "Compiling \(patterns.count) attention pattern file\(patterns.count == 1 ? "" : "s") of \(target.name)",
                executable: try context.tool(named: "sparse-attn-generate").url,
                arguments: ["--output", output.path, "--module", target.moduleName] + patterns.map(\.path),
                inputFiles: patterns,
                outputFiles: generated
            ),
        ]
    }
}
