// Terminal: where commands write. The real one is standard output and standard error;
// tests use a capturing one.

import Foundation
import PatternLanguage

/// The two output streams of a command.
public final class Terminal {
    private let writeOutput: (String) -> Void
    private let writeError: (String) -> Void
    /// What was written to standard output, when capturing.
    public private(set) var capturedOutput = ""
    /// What was written to standard error, when capturing.
    public private(set) var capturedError = ""

    /// The process's standard output and standard error.
    public static func standard() -> Terminal {
        Terminal(output: { FileHandle.standardOutput.write(Data($0.utf8)) },
                 error: { FileHandle.standardError.write(Data($0.utf8)) })
    }

    /// A terminal that keeps everything written, for tests.
    public static func capturing() -> Terminal {
        let terminal = Terminal(output: { _ in }, error: { _ in })
        terminal.isCapturing = true
        return terminal
    }

    private var isCapturing = false

    private init(output: @escaping (String) -> Void, error: @escaping (String) -> Void) {
        writeOutput = output
        writeError = error
    }

    /// Writes a line to standard output.
    public func print(_ line: String) {
        if isCapturing { capturedOutput += line + "\n" } else { writeOutput(line + "\n") }
    }

    /// Writes a line to standard error.
    public func printError(_ line: String) {
        if isCapturing { capturedError += line + "\n" } else { writeError(line + "\n") }
    }

    /// Writes diagnostics, rendered compiler-style, to standard error.
    public func report(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { printError(diagnostic.rendered()) }
    }
}
