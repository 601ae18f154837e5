// SwiftPrinter: a small printer for generated Swift — lines at the current indentation,
// nested blocks, doc comments — so the emitters say what to write, not how to lay it out.

/// Accumulates Swift source text with indentation.
///
/// ```swift
/// var printer = SwiftPrinter()
/// printer.documentation(["A pattern."])
/// printer.block("public struct Dense") { $0.line("public init() {}") }
/// ```
public struct SwiftPrinter {
    /// The text so far.
    public private(set) var text = ""
    private var level = 0

    /// An empty printer.
    public init() {}

    /// One line at the current indentation (an empty string prints an empty line).
    public mutating func line(_ content: String) {
        text += content.isEmpty ? "\n" : String(repeating: "    ", count: level) + content + "\n"
    }

    /// Several lines.
    public mutating func lines(_ contents: [String]) {
        for content in contents { line(content) }
    }

    /// `/// ...` lines; empty documentation prints nothing.
    public mutating func documentation(_ contents: [String]) {
        for content in contents { line(content.isEmpty ? "///" : "/// " + content) }
    }

    /// `header {`, the body one level deeper, `}`.
    public mutating func block(_ header: String, _ body: (inout SwiftPrinter) -> Void) {
        line(header + " {")
        level += 1
        body(&self)
        level -= 1
        line("}")
    }

    /// A line that is not indented (compiler directives such as `#sourceLocation`).
    public mutating func directive(_ content: String) {
        text += content + "\n"
    }
}
