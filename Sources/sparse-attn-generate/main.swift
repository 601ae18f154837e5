// sparse-attn-generate: the generator the build-tool plugin runs. Pattern files in, one
// Swift file per pattern file and a registry out; a located diagnostic and a non-zero
// exit on any pattern error; files rewritten only when their text changed, so an
// unchanged pattern does not recompile its target.
//
// usage: sparse-attn-generate --output DIR [--module NAME] FILE.attn...

import Foundation
import KernelEmitter
import PatternLanguage

/// Writes `text` to `path` unless the file already holds exactly that text.
func writeIfChanged(_ text: String, to path: String) throws {
    if let existing = FileManager.default.contents(atPath: path), existing == Data(text.utf8) { return }
    try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(1)
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard let outputFlag = arguments.firstIndex(of: "--output"), outputFlag + 1 < arguments.count else {
    fail("error: usage: sparse-attn-generate --output DIR [--module NAME] FILE.attn...")
}
let outputFolder = arguments[outputFlag + 1]
arguments.removeSubrange(outputFlag...outputFlag + 1)
// The module the generated types go into, whose name no pattern's type may take.
var moduleName: String?
if let moduleFlag = arguments.firstIndex(of: "--module") {
    guard moduleFlag + 1 < arguments.count else { fail("error: usage: sparse-attn-generate --output DIR [--module NAME] FILE.attn...") }
    moduleName = arguments[moduleFlag + 1]
    arguments.removeSubrange(moduleFlag...moduleFlag + 1)
}

var files: [SourceFile] = []
for path in arguments {
    guard let data = FileManager.default.contents(atPath: path) else { fail("error: \(path): cannot read the pattern file") }
    files.append(SourceFile(path: path, bytes: [UInt8](data)))
}
let library = PatternLibrary.check(files, moduleName: moduleName)
for diagnostic in library.diagnostics { FileHandle.standardError.write(Data((diagnostic.rendered() + "\n").utf8)) }
if library.diagnostics.contains(where: { $0.severity == .error }) { exit(1) }

do {
    try FileManager.default.createDirectory(atPath: outputFolder, withIntermediateDirectories: true)
    var typeNames: [String] = []
    for file in files {
        let declarations = library.declarations.filter { $0.checked.file.path == file.path }
        let patterns = try declarations.map { try $0.bind(overrides: []) }
        typeNames += patterns.map(\.typeName)
        let name = URL(fileURLWithPath: file.path).deletingPathExtension().lastPathComponent
        try writeIfChanged(KernelEmitter.emit(file: file, patterns: patterns), to: "\(outputFolder)/\(name).swift")
    }
    try writeIfChanged(KernelEmitter.emitRegistry(typeNames: typeNames), to: "\(outputFolder)/CompiledPatterns.swift")
} catch {
    fail("error: \(error)")
}
