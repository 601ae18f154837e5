// ParameterOverride: `NAME=VALUE` as given to `--set`, parsed with the language's own
// lexer and parser so that a value reads exactly as a default would in a file.

/// Parses `--set` overrides.
public enum ParameterOverride {
    /// Splits `NAME=VALUE` and parses the value as a constant Int or List
    /// (`512`, `-1`, `[0, 1]`, `[0...3, -1]`, `65_536`).
    public static func parse(_ text: String) throws(Diagnostic) -> (name: String, value: ConstantValue) {
        guard let equals = text.firstIndex(of: "=") else {
            throw Diagnostic(.error, "'--set \(text)' needs the form NAME=VALUE", hint: "for example '--set window=512' or '--set globals=[0,1]'")
        }
        let name = String(text[..<equals]).trimmingSpaces
        let valueText = String(text[text.index(after: equals)...])
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw Diagnostic(.error, "'--set \(text)' does not start with a parameter name", hint: "for example '--set window=512'")
        }
        let file = SourceFile(path: "--set \(name)", text: valueText)
        let (syntax, parseDiagnostics) = Parser.parseExpression(file)
        var checker = PatternChecker(file: file)
        let value = parseDiagnostics.isEmpty ? checker.checkConstantValue(syntax, what: "the value of '--set \(name)'") : nil
        guard let value else {
            let first = (parseDiagnostics + checker.diagnostics).first { $0.severity == .error }
            throw Diagnostic(.error, "invalid value in '--set \(text)': \(first?.message ?? "expected an integer or a list")",
                             hint: "values are integers or lists, as in '--set window=512' or '--set globals=[0,-1]'")
        }
        return (name, value)
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
