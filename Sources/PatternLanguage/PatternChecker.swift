// PatternChecker: one pattern's syntax + parameter values → a CheckedPattern. Resolves
// names in order, checks types and built-in arguments, folds constants, and reports
// every independent mistake. Expressions are in PatternChecker+Expressions.swift, built-in
// calls in PatternChecker+Builtins.swift.

/// Checks one pattern declaration against given parameter values.
struct PatternChecker {
    /// What a name in scope stands for.
    enum SymbolKind {
        case parameter(ConstantValue)
        case constant(ConstantValue)
        case binding(index: Int, type: ValueType)
        case list([ListElement], isConstant: Bool)
        /// A name whose declaration had an error; uses are not reported again.
        case invalid
    }

    struct ScopeEntry {
        var kind: SymbolKind
        var declaration: SourceRange
        var isParameter: Bool
        var isUsed = false
    }

    /// Where an expression is being checked, which decides what it may refer to.
    enum Context: Equatable {
        case body
        /// The default of a parameter, or a `--set` value: literals only.
        case constantValue(what: String)
    }

    let file: SourceFile
    var diagnostics: [Diagnostic] = []
    var scope: [String: ScopeEntry] = [:]
    var bindings: [Binding] = []
    var context: Context = .body
    var insideBlocks = false
    /// The nodes the `let`s used inside `blocks(...)` have written out so far.
    var letExpansionNodes = 0
    /// Per binding: the depth of its value, the `let`s it names counted in (``nestingDepth(_:)``).
    var bindingDepths: [Int] = []
    /// Every `let` name of the pattern and where it is, to explain a use before its `let`.
    var laterLets: [String: SourceRange] = [:]

    init(file: SourceFile) {
        self.file = file
    }

    mutating func error(_ message: String, _ range: SourceRange, hint: String? = nil, notes: [Diagnostic.Note] = []) {
        diagnostics.append(Diagnostic(.error, message, at: range, in: file, hint: hint, notes: notes))
    }

    mutating func warning(_ message: String, _ range: SourceRange, hint: String? = nil) {
        diagnostics.append(Diagnostic(.warning, message, at: range, in: file, hint: hint))
    }

    func note(_ message: String, _ range: SourceRange) -> Diagnostic.Note {
        Diagnostic.Note(message, at: Diagnostic.Location(file: file, range: range))
    }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Checks a pattern. `values` binds each parameter by name; a parameter missing from
    /// it takes its default. Returns `nil` when the pattern has errors. A mask that folds to
    /// `false` always gets a warning; unused names only when `reportUnused`.
    mutating func check(_ syntax: PatternSyntax, values: [String: ConstantValue], reportUnused: Bool) -> CheckedPattern? {
        let parameters = declareParameters(syntax.parameters, values: values)
        for case .binding(let name, _, _) in syntax.statements where laterLets[name.name] == nil {
            laterLets[name.name] = name.range
        }
        var blockSize: (value: Int, range: SourceRange)?
        var mask: (expression: MaskExpression, statement: SourceRange, value: SourceRange)?
        for statement in syntax.statements {
            switch statement {
            case .binding(let name, let value, _):
                declareLet(name, value)
            case .block(let value, let range):
                if let first = blockSize {
                    error("a pattern has one 'block' statement", range, hint: "remove one of them",
                          notes: [note("the first is here", first.range)])
                } else if let size = checkBlockSize(value) {
                    blockSize = (size, range)
                }
            case .mask(let value, let range):
                if let first = mask {
                    error("a pattern has exactly one 'mask' statement", range,
                          hint: "combine masks with '|' (union) and '&' (intersection)",
                          notes: [note("the first is here", first.statement)])
                } else if let expression = checkMask(value) {
                    mask = (expression, range, value.range)
                }
            }
        }
        if mask == nil, !syntax.statements.contains(where: { if case .mask = $0 { true } else { false } }) {
            error("pattern '\(syntax.name.name)' has no 'mask' statement", syntax.name.range,
                  hint: "add one, for example 'mask causal'")
        }
        if reportUnused, !hasErrors { reportUnusedNames() }
        if let mask, mask.expression == .boolean(false) {
            warning("the mask is always false: this pattern keeps no pair", mask.value)
        }
        guard !hasErrors, let mask else { return nil }
        return CheckedPattern(
            name: syntax.name.name, typeName: Suggestions.typeName(forPattern: syntax.name.name),
            documentation: syntax.documentation, parameters: parameters,
            blockSize: blockSize?.value ?? CheckedPattern.defaultBlockSize, bindings: bindings,
            mask: mask.expression, file: file, range: syntax.range)
    }

    mutating func declareParameters(_ declared: [ParameterSyntax], values: [String: ConstantValue]) -> [BoundParameter] {
        var parameters: [BoundParameter] = []
        for parameter in declared {
            let name = parameter.name
            let defaultValue = checkConstantValue(parameter.defaultValue, what: "the default of parameter '\(name.name)'")
            guard declareName(name, isParameter: true) else { continue }
            guard let defaultValue else {
                scope[name.name] = ScopeEntry(kind: .invalid, declaration: name.range, isParameter: true)
                continue
            }
            let value = values[name.name] ?? defaultValue
            scope[name.name] = ScopeEntry(kind: .parameter(value), declaration: name.range, isParameter: true)
            parameters.append(BoundParameter(name: name.name, value: value, defaultValue: defaultValue))
        }
        return parameters
    }

    /// Checks that a new name may be declared; reports why not otherwise.
    mutating func declareName(_ name: Identifier, isParameter: Bool) -> Bool {
        // A call always means the built-in, so a parameter may share a built-in's name
        // (`window = 512`, as on the language page); a `let` may not shadow one.
        if !isParameter, BuiltinFunction.names.contains(name.name) {
            error("'\(name.name)' is a built-in function; a 'let' cannot shadow it", name.range,
                  hint: "choose another name for the 'let'")
            return false
        }
        if let existing = scope[name.name] {
            error("'\(name.name)' is already declared in this pattern", name.range, hint: "rename one of them",
                  notes: [note("'\(name.name)' was declared here", existing.declaration)])
            return false
        }
        return true
    }

    mutating func declareLet(_ name: Identifier, _ value: ExprSyntax) {
        var typed = checkExpression(value)
        guard declareName(name, isParameter: false) else { return }
        // Every stage walks a binding's value through the bindings it uses: a chain of
        // `let`s is as deep as one expression written out, and is bounded the same way.
        let depth: Int
        switch typed {
        case .integer(let expression), .boolean(let expression): depth = nestingDepth(expression)
        default: depth = 0
        }
        if depth > Parser.maximumNestingDepth {
            error("'\(name.name)' is nested too deeply through the 'let's it uses (more than \(Parser.maximumNestingDepth) levels)", name.range,
                  hint: "a 'let' counts the depth of the 'let's it names; shorten the chain")
            typed = .invalid
        }
        let kind: SymbolKind
        switch typed {
        case .invalid:
            kind = .invalid
        case .integer(.integer(let constant)):
            kind = .constant(.integer(constant))
        case .boolean(.boolean(let constant)):
            kind = .constant(.boolean(constant))
        case .integer(let expression):
            bindingDepths.append(depth)
            bindings.append(Binding(name: name.name, type: .integer, value: expression))
            kind = .binding(index: bindings.count - 1, type: .integer)
        case .boolean(let expression):
            bindingDepths.append(depth)
            bindings.append(Binding(name: name.name, type: .boolean, value: expression))
            kind = .binding(index: bindings.count - 1, type: .boolean)
        case .list(let elements):
            kind = .list(elements, isConstant: Typed.constantItems(elements) != nil)
        }
        scope[name.name] = ScopeEntry(kind: kind, declaration: name.range, isParameter: false)
    }

    /// The depth of a checked expression, a binding counting as one level more than its
    /// value (so that a chain of `let`s naming each other is as deep as it is long).
    func nestingDepth(_ expression: MaskExpression) -> Int {
        switch expression {
        case .integer, .boolean, .position, .builtin: return 1
        case .binding(let index): return 1 + bindingDepths[index]
        case .negate(let operand), .absolute(let operand), .not(let operand), .blocks(let operand): return 1 + nestingDepth(operand)
        case .arithmetic(_, let left, let right), .comparison(_, let left, let right), .and(let left, let right), .or(let left, let right):
            return 1 + max(nestingDepth(left), nestingDepth(right))
        case .membership(let value, let elements):
            let depths = elements.flatMap { element -> [Int] in
                switch element {
                case .single(let single): return [nestingDepth(single)]
                case .range(let low, let high, _): return [nestingDepth(low), nestingDepth(high)]
                }
            }
            return 1 + max(nestingDepth(value), depths.max() ?? 0)
        }
    }

    mutating func checkBlockSize(_ value: ExprSyntax) -> Int? {
        let typed = checkExpression(value)
        guard let size = requireConstantInteger(typed, at: value.range, what: "the block size") else { return nil }
        guard size % 8 == 0, size >= 8, size <= 512 else {
            error("block size \(size) is not supported", value.range,
                  hint: "the block size is a multiple of 8 from 8 to 512 (8, 16, 32, 64, 128, 256, 512, ...); the default is 64")
            return nil
        }
        return Int(size)
    }

    mutating func checkMask(_ value: ExprSyntax) -> MaskExpression? {
        switch checkExpression(value) {
        case .boolean(let expression):
            return expression
        case .invalid:
            return nil
        case let typed:
            error("the mask must be a Bool, but this expression is \(typed.typeDescription)", value.range,
                  hint: typed.type == .integer ? "compare it to make a mask, as in 'q - k <= 8'" : "use it with 'in', as in 'k in [0, 1]'")
            return nil
        }
    }

    /// Checks a value that must be known without any name in scope: a parameter's
    /// default or a `--set` value. Returns an Int or a List.
    mutating func checkConstantValue(_ value: ExprSyntax, what: String) -> ConstantValue? {
        let saved = context
        context = .constantValue(what: what)
        defer { context = saved }
        switch checkExpression(value) {
        case .integer(.integer(let constant)):
            return .integer(constant)
        case .list(let elements):
            if let items = Typed.constantItems(elements) { return .list(items) }
            error("\(what) must be a constant", value.range, hint: "write its entries as integers, as in '[0, 2...3, -1]'")
            return nil
        case .boolean:
            error("\(what) must be an integer or a list, but it is a Bool", value.range,
                  hint: "parameters are integers or lists in version 1 of the language")
            return nil
        case .integer, .invalid:
            return nil
        }
    }

    mutating func reportUnusedNames() {
        for (name, symbol) in scope.sorted(by: { $0.value.declaration.start < $1.value.declaration.start }) where !symbol.isUsed {
            if symbol.isParameter {
                warning("parameter '\(name)' is never used", symbol.declaration, hint: "remove it, or use it in the mask")
            } else {
                warning("'\(name)' is never used", symbol.declaration, hint: "remove the 'let', or use it in the mask")
            }
        }
    }
}
