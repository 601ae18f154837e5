// SourceFiles: reading pattern files from disk, with clear errors for paths that are
// missing, unreadable or not files.

import Foundation
import PatternLanguage

enum SourceFiles {
    /// Reads each path as a pattern file; a path that cannot be read is an error naming it.
    static func read(_ paths: [String]) throws(DiagnosticsError) -> [SourceFile] {
        var files: [SourceFile] = []
        var errors: [Diagnostic] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                errors.append(Diagnostic(.error, "no such file: '\(path)'"))
            } else if isDirectory.boolValue {
                errors.append(Diagnostic(.error, "'\(path)' is a directory, not a pattern file",
                                         hint: "pass the files, as in '\(path)/*.attn'"))
            } else if let data = FileManager.default.contents(atPath: path) {
                files.append(SourceFile(path: path, bytes: [UInt8](data)))
            } else {
                errors.append(Diagnostic(.error, "cannot read '\(path)'", hint: "check its permissions"))
            }
        }
        guard errors.isEmpty else { throw DiagnosticsError(errors) }
        return files
    }

    /// Reads and checks files; prints the warnings; throws when there is any error.
    static func checkedLibrary(_ paths: [String], terminal: Terminal) throws(DiagnosticsError) -> PatternLibrary {
        let library = PatternLibrary.check(try read(paths))
        guard !library.hasErrors else { throw DiagnosticsError(library.diagnostics) }
        terminal.report(library.diagnostics)
        return library
    }
}
