// PatternLibrary: the front end's entry point. Pattern files in; checked declarations
// and every diagnostic out, including the checks across files (unique names, distinct
// Swift type names).

/// The patterns of a set of files compiled together, checked with their defaults.
///
/// ```swift
/// let library = PatternLibrary.check([SourceFile(path: "p.attn", text: source)])
/// guard !library.hasErrors else { library.diagnostics.forEach { print($0.rendered()) }; return }
/// let pattern = try library.declaration(named: "longformer").bind(["window": .integer(256)])
/// ```
public struct PatternLibrary: Sendable {
    /// The valid patterns, in file and source order.
    public var declarations: [PatternDeclaration]
    /// Every diagnostic, errors and warnings, in file and source order.
    public var diagnostics: [Diagnostic]

    /// Whether any diagnostic is an error; tools then stop and write nothing.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Parses and checks files compiled together; `moduleName`, when given, is the module
    /// the patterns' types are compiled into, a name no pattern's type may take.
    public static func check(_ files: [SourceFile], moduleName: String? = nil) -> PatternLibrary {
        var declarations: [PatternDeclaration] = []
        var diagnostics: [Diagnostic] = []
        var names: [String: Diagnostic.Location] = [:]
        var typeNames: [String: (name: String, location: Diagnostic.Location)] = [:]
        for file in files {
            if let offset = file.invalidUTF8Offset {
                diagnostics.append(Diagnostic(.error, "the file is not valid UTF-8", at: SourceRange(start: offset, end: offset + 1),
                                              in: file, hint: "pattern files are UTF-8 text"))
                continue
            }
            let (syntax, parseDiagnostics) = Parser.parse(file)
            var fileDiagnostics = parseDiagnostics
            // After a syntax error the parser has skipped some text, so a name may look
            // unused or a mask false only because its use was skipped: no warnings then.
            let parsedCleanly = !parseDiagnostics.contains { $0.severity == .error }
            if parsedCleanly, syntax.patterns.isEmpty {
                fileDiagnostics.append(Diagnostic(.warning, "the file declares no pattern", at: SourceRange(start: 0, end: 0), in: file,
                                                  hint: "a pattern file declares patterns as 'pattern NAME { mask EXPRESSION }'"))
            }
            for pattern in syntax.patterns {
                let location = Diagnostic.Location(file: file, range: pattern.name.range)
                let nameDiagnostics = checkName(pattern.name, at: location, names: &names, typeNames: &typeNames, moduleName: moduleName)
                var checker = PatternChecker(file: file)
                let checked = checker.check(pattern, values: [:], reportUnused: true)
                fileDiagnostics += nameDiagnostics + checker.diagnostics.filter { parsedCleanly || $0.severity == .error }
                if let checked, nameDiagnostics.isEmpty { declarations.append(PatternDeclaration(syntax: pattern, checked: checked)) }
            }
            // Source order within a file; the sort is stable, so a line's errors keep their order.
            diagnostics += fileDiagnostics.enumerated().sorted {
                ($0.element.location?.range.start ?? 0, $0.offset) < ($1.element.location?.range.start ?? 0, $1.offset)
            }.map(\.element)
        }
        return PatternLibrary(declarations: declarations, diagnostics: diagnostics)
    }

    private static func checkName(
        _ name: Identifier, at location: Diagnostic.Location,
        names: inout [String: Diagnostic.Location],
        typeNames: inout [String: (name: String, location: Diagnostic.Location)], moduleName: String?
    ) -> [Diagnostic] {
        if let first = names[name.name] {
            return [Diagnostic(.error, "pattern '\(name.name)' is declared more than once", location: location,
                               hint: "pattern names are unique across all files compiled together",
                               notes: [.init("the first declaration is here", at: first)])]
        }
        names[name.name] = location
        let typeName = Suggestions.typeName(forPattern: name.name)
        if typeName.isEmpty || typeName.first!.isNumber || ReservedTypeNames.undeclarable.contains(typeName) {
            return [Diagnostic(.error, "pattern name '\(name.name)' gives the Swift type name '\(typeName)', which Swift cannot declare",
                               location: location, hint: "choose a name that starts with a letter")]
        }
        if let hidden = ReservedTypeNames.hidden(by: typeName, module: moduleName) {
            return [Diagnostic(.error, "pattern name '\(name.name)' gives the Swift type name '\(typeName)', which would hide \(hidden)",
                               location: location, hint: "rename the pattern")]
        }
        if let other = typeNames[typeName] {
            return [Diagnostic(.error, "patterns '\(other.name)' and '\(name.name)' both become the Swift type '\(typeName)'",
                               location: location, hint: "rename one of them",
                               notes: [.init("'\(other.name)' is declared here", at: other.location)])]
        }
        typeNames[typeName] = (name.name, location)
        return []
    }

    /// The declaration of a pattern by name, or an error that lists the patterns there are.
    public func declaration(named name: String) throws(Diagnostic) -> PatternDeclaration {
        if let declaration = declarations.first(where: { $0.name == name }) { return declaration }
        let names = declarations.map(\.name)
        throw Diagnostic(.error, "no pattern named '\(name)'\(Suggestions.didYouMean(name, among: names))",
                         hint: names.isEmpty ? "the files declare no pattern" : "the patterns are: \(names.joined(separator: ", "))")
    }

    /// The pattern a command means: the one named, or the only one when no name is given.
    public func declaration(named name: String?) throws(Diagnostic) -> PatternDeclaration {
        if let name { return try declaration(named: name) }
        guard declarations.count == 1 else {
            let names = declarations.map(\.name)
            throw Diagnostic(.error, names.isEmpty ? "the file declares no pattern" : "the file declares \(names.count) patterns; choose one with --pattern",
                             hint: names.isEmpty ? "a pattern file declares patterns as 'pattern NAME { mask EXPRESSION }'"
                                 : "the patterns are: \(names.joined(separator: ", "))")
        }
        return declarations[0]
    }
}

/// One valid pattern of a library: its syntax, and its check with the defaults.
public struct PatternDeclaration: Sendable {
    /// The pattern as parsed.
    public var syntax: PatternSyntax
    /// The pattern checked with every parameter at its default.
    public var checked: CheckedPattern

    /// The pattern's name.
    public var name: String { checked.name }
    /// Its documentation lines.
    public var documentation: [String] { checked.documentation }
    /// Its parameters with their defaults, in declaration order.
    public var parameters: [BoundParameter] { checked.parameters }

    /// Binds parameters by name and checks the pattern again with those values.
    ///
    /// An unknown name, a value of the wrong type, or a value the pattern rejects (a
    /// negative width, say) is an error; a rejected value's error points at its use in
    /// the pattern file.
    public func bind(_ values: [String: ConstantValue]) throws(DiagnosticsError) -> CheckedPattern {
        var warnings: [Diagnostic] = []
        return try bind(values, warnings: &warnings)
    }

    /// Binds parameters by name as ``bind(_:)`` does, and appends to `warnings` what the
    /// values give rise to that the defaults do not: a mask they make always false (a
    /// `--set globals=[]` on `mask global(globals)`, say), so that a tool can say so rather
    /// than run a pattern that keeps no pair without a word.
    public func bind(_ values: [String: ConstantValue], warnings: inout [Diagnostic]) throws(DiagnosticsError) -> CheckedPattern {
        if values.isEmpty { return checked }
        var errors: [Diagnostic] = []
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            guard let parameter = parameters.first(where: { $0.name == name }) else {
                errors.append(unknownParameter(name))
                continue
            }
            if parameter.defaultValue.type != value.type {
                errors.append(Diagnostic(.error, "parameter '\(name)' of '\(self.name)' is \(parameter.defaultValue.type == .list ? "a List" : "an Int"), but the value given is \(value.type == .list ? "a List" : "an Int")",
                                         hint: "its default is \(parameter.defaultValue)"))
            }
        }
        guard errors.isEmpty else { throw DiagnosticsError(errors) }
        var checker = PatternChecker(file: checked.file)
        let bound = checker.check(syntax, values: values, reportUnused: false)
        let given = values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let withValues = { (diagnostic: Diagnostic) -> Diagnostic in
            var diagnostic = diagnostic
            diagnostic.notes.append(.init("with the parameters set to \(given)"))
            return diagnostic
        }
        guard let bound else {
            throw DiagnosticsError(checker.diagnostics.filter { $0.severity == .error }.map(withValues))
        }
        if bound.mask == .boolean(false), checked.mask != .boolean(false) {
            warnings += checker.diagnostics.filter { $0.severity == .warning }.map(withValues)
        }
        return bound
    }

    /// Parses and binds `NAME=VALUE` overrides as given on the command line.
    public func bind(overrides: [String]) throws(DiagnosticsError) -> CheckedPattern {
        var warnings: [Diagnostic] = []
        return try bind(overrides: overrides, warnings: &warnings)
    }

    /// Parses and binds `NAME=VALUE` overrides as ``bind(overrides:)`` does, appending the
    /// warnings of ``bind(_:warnings:)`` to `warnings`.
    public func bind(overrides: [String], warnings: inout [Diagnostic]) throws(DiagnosticsError) -> CheckedPattern {
        var values: [String: ConstantValue] = [:]
        var errors: [Diagnostic] = []
        for text in overrides {
            do throws(Diagnostic) {
                let (name, value) = try ParameterOverride.parse(text)
                if values[name] != nil {
                    errors.append(Diagnostic(.error, "parameter '\(name)' is set more than once", hint: "give each parameter one '--set \(name)=VALUE'"))
                }
                values[name] = value
            } catch {
                errors.append(error)
            }
        }
        guard errors.isEmpty else { throw DiagnosticsError(errors) }
        return try bind(values, warnings: &warnings)
    }

    func unknownParameter(_ name: String) -> Diagnostic {
        let names = parameters.map(\.name)
        let list = parameters.map { "\($0.name) = \($0.defaultValue)" }.joined(separator: ", ")
        return Diagnostic(.error, "unknown parameter '\(name)' for pattern '\(self.name)'\(Suggestions.didYouMean(name, among: names))",
                          hint: parameters.isEmpty ? "'\(self.name)' has no parameters" : "the parameters of '\(self.name)' are: \(list)")
    }
}
