// Diagnostic: the one type in which every tool reports a user's mistake, located in a
// pattern file or on the command line, and its compiler-style rendering.

/// A problem found in a user's input: a pattern file, a parameter override, a flag.
///
/// A diagnostic has a severity, a message, usually a location (a file and a range in it),
/// an optional hint that says what would fix it, and notes that point elsewhere. Mistakes
/// of the package itself are not diagnostics: they are ``InternalError``s.
///
/// ```swift
/// let diagnostic = Diagnostic(.error, "unknown function 'locl'; did you mean 'local'?",
///                             at: range, in: file)
/// print(diagnostic.rendered())
/// // demo.attn:2:10: error: unknown function 'locl'; did you mean 'local'?
/// //     mask locl(3)
/// //          ^~~~
/// ```
public struct Diagnostic: Error, Sendable, Hashable {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable {
        /// The input is invalid; no plan, kernel or output is produced.
        case error
        /// The input is valid but probably not what was meant.
        case warning
        /// Additional information attached to another diagnostic.
        case note
    }

    /// A secondary message, optionally located, attached to a diagnostic.
    public struct Note: Sendable, Hashable {
        /// The note's text.
        public var message: String
        /// Where the note points, if anywhere.
        public var location: Location?

        /// Makes a note.
        public init(_ message: String, at location: Location? = nil) {
            self.message = message
            self.location = location
        }
    }

    /// A place in a source file.
    public struct Location: Sendable, Hashable {
        /// The file.
        public var file: SourceFile
        /// The bytes the diagnostic is about; an empty range points between two bytes.
        public var range: SourceRange

        /// Makes a location.
        public init(file: SourceFile, range: SourceRange) {
            self.file = file
            self.range = range
        }

        /// The 1-based line and column of the range's start.
        public var lineAndColumn: (line: Int, column: Int) { file.lineAndColumn(of: range.start) }
    }

    /// How serious the diagnostic is.
    public var severity: Severity
    /// What is wrong, in one sentence without a final period.
    public var message: String
    /// Where it is wrong, or `nil` for a problem that has no place in a file.
    public var location: Location?
    /// What would fix it, if that is worth saying beyond the message.
    public var hint: String?
    /// Further information, such as where a name was first declared.
    public var notes: [Note]

    /// Makes a diagnostic located in a file.
    public init(
        _ severity: Severity, _ message: String, at range: SourceRange, in file: SourceFile,
        hint: String? = nil, notes: [Note] = []
    ) {
        self.init(severity, message, location: Location(file: file, range: range), hint: hint, notes: notes)
    }

    /// Makes a diagnostic with an optional location.
    public init(
        _ severity: Severity, _ message: String, location: Location? = nil,
        hint: String? = nil, notes: [Note] = []
    ) {
        self.severity = severity
        self.message = message
        self.location = location
        self.hint = hint
        self.notes = notes
    }

    /// The diagnostic as a compiler prints it: `path:line:column: severity: message`, the
    /// source line, a caret under the range, then the hint and the notes.
    public func rendered() -> String {
        var lines = Diagnostic.renderLines(severity.rawValue, message, location)
        if let hint { lines.append("hint: \(hint)") }
        for note in notes {
            lines += Diagnostic.renderLines(Severity.note.rawValue, note.message, note.location)
        }
        return lines.joined(separator: "\n")
    }

    private static func renderLines(_ severity: String, _ message: String, _ location: Location?) -> [String] {
        guard let location else { return ["\(severity): \(message)"] }
        let (line, column) = location.lineAndColumn
        let file = location.file
        var lines = ["\(file.path):\(line):\(column): \(severity): \(message)"]
        let text = file.lineText(line)
        lines.append(text)
        // Underline the part of the range on the first line: `^` then `~` per extra scalar.
        let endOnLine = min(location.range.end, file.lineStarts.count > line ? file.lineStarts[line] - 1 : file.bytes.count)
        let endColumn = endOnLine > location.range.start ? file.lineAndColumn(of: endOnLine).column : column + 1
        let padding = text.unicodeScalars.prefix(column - 1).map { $0 == "\t" ? "\t" : " " }.joined()
        lines.append(padding + "^" + String(repeating: "~", count: max(0, endColumn - column - 1)))
        return lines
    }
}

/// A mistake of the package itself, not of its user: a broken invariant in a compiler
/// stage. It is reported apart from diagnostics, as a bug to be reported.
public struct InternalError: Error, Sendable, CustomStringConvertible {
    /// What invariant broke.
    public var message: String

    /// Makes an internal error.
    public init(_ message: String) { self.message = message }

    /// The error as printed: it says that it is a bug of the package.
    public var description: String {
        "internal error: \(message) (this is a bug in SparseAttention, not in your input; please report it)"
    }
}

/// Errors found while checking, several per file where the front end could recover.
///
/// Thrown by the front end's entry points when at least one diagnostic is an error; it
/// carries the warnings too, so that a tool can print everything it found.
public struct DiagnosticsError: Error, Sendable {
    /// All diagnostics, errors and warnings, in source order.
    public var diagnostics: [Diagnostic]

    /// Makes the error from a list that contains at least one error.
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
}

extension Diagnostic: CustomStringConvertible {
    /// The diagnostic as a compiler prints it (``rendered()``), so that `print(error)` and an
    /// uncaught `try` show the located message rather than the structure.
    public var description: String { rendered() }
}

extension DiagnosticsError: CustomStringConvertible {
    /// Every diagnostic, rendered, one after the other.
    public var description: String { diagnostics.map { $0.rendered() }.joined(separator: "\n") }
}
