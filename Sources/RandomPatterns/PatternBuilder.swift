// PatternBuilder: writes one random pattern declaration — documentation, parameters,
// `let`s, an optional `block` statement and the mask — keeping track of what each name
// may be used for so that every output checks without errors.

/// The state of generating one pattern: the random numbers, the names in scope, and
/// whether the expression being written is inside `blocks(...)`.
struct PatternBuilder {
    var random: SeededRandom
    let configuration: RandomPatternConfiguration
    var scope = Scope()
    var insideBlocks = false

    init(random: SeededRandom, configuration: RandomPatternConfiguration) {
        self.random = random
        self.configuration = configuration
    }

    /// The source text of one pattern declaration named `name`; `documentation` becomes
    /// its `#` comment.
    mutating func pattern(named name: String, documentation: String) -> String {
        let kind = random.chance(configuration.arithmeticPercent) ? MaskKind.arithmetic : random.chance(configuration.publishedShapePercent) ? .realistic : .structured
        var lines = ["# \(documentation)"]
        lines.append("pattern \(name)\(parameters()) {")
        let letCount = random.int(in: 0...max(0, configuration.maximumLets))
        // The block statement goes anywhere among the statements, even after the mask.
        let blockSlot = configuration.allowsBlockStatement && random.chance(45) ? random.int(in: 0...(letCount + 1)) : nil
        for slot in 0...(letCount + 1) {
            if slot == blockSlot { lines.append(statement("block \(blockSize().text)")) }
            if slot < letCount {
                lines.append(statement(letStatement()))
            } else if slot == letCount {
                var (mask, description) = mask(kind)
                lines.insert("# Mask: \(description).", at: 1)
                mask = usingUnusedNames(in: mask)
                lines.append(statement("mask \(mask.text)"))
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The three kinds of masks the generator writes.
    enum MaskKind {
        /// Comparisons of arbitrary arithmetic on q, k and n.
        case arithmetic
        /// A published pattern's shape (``realisticMask()``).
        case realistic
        /// Unions, intersections and complements of built-ins and simple comparisons.
        case structured
    }

    /// A mask of one kind, and the description its documentation gives it.
    mutating func mask(_ kind: MaskKind) -> (Fragment, String) {
        let depth = max(1, configuration.maximumMaskDepth)
        switch kind {
        case .arithmetic:
            return (predicate(depth: random.int(in: 1...min(depth, 3))), "an arithmetic predicate")
        case .structured:
            return (structuredMask(depth: random.int(in: 1...depth)), "a structured combination of built-ins")
        case .realistic:
            let (mask, shape) = realisticMask()
            guard random.chance(30) else { return (mask, "shaped like \(shape)") }
            let other = maskAtom()
            return (random.chance(50) ? union(mask, other) : .binary(mask, "&", other, level: Fragment.intersection), "shaped like \(shape), combined")
        }
    }

    /// A statement line, indented, now and then with a trailing comment (not documentation).
    mutating func statement(_ text: String) -> String {
        "    " + text + (random.chance(8) ? "  # \(random.pick(["note", "see above", "tiles", "keys"]))" : "")
    }

    /// The parameter list: nothing, `()`, or Int and List parameters with literal defaults.
    mutating func parameters() -> String {
        let count = random.int(in: 0...max(0, configuration.maximumParameters))
        if count == 0 { return random.chance(20) ? "()" : "" }
        let declarations = (0..<count).map { _ -> String in
            let name = scope.fresh(from: Scope.parameterNames, using: &random)
            scope.parameters.append(name)
            if random.chance(25) {
                scope.constantLists.append(name)
                return "\(name) = \(parameterList())"
            }
            let value = parameterValue()
            scope.constants.append(.init(name: name, value: value))
            return "\(name) = \(value.magnitude >= 1000 && random.chance(50) ? underscored(value) : String(value))"
        }
        return "(" + declarations.joined(separator: ", ") + (random.chance(15) ? ", " : "") + ")"
    }

    /// An Int parameter's default: mostly small, sometimes negative or a round size.
    mutating func parameterValue() -> Int64 {
        switch random.weighted([12, 2, 2, 1]) {
        case 0: return Int64(random.int(in: 0...20))
        case 1: return Int64(random.int(in: -6...(-1)))
        case 2: return Int64(random.pick([32, 64, 100, 128, 256, 512]))
        default: return Int64(random.pick([1000, 4096, 65_536, 1_000_000]))
        }
    }

    /// An integer literal with `_` between groups of three digits: `65_536`.
    func underscored(_ value: Int64) -> String {
        var digits = String(value.magnitude)
        var groups: [String] = []
        while digits.count > 3 {
            groups.insert(String(digits.suffix(3)), at: 0)
            digits.removeLast(3)
        }
        groups.insert(digits, at: 0)
        return (value < 0 ? "-" : "") + groups.joined(separator: "_")
    }

    /// The tile size: a multiple of 8, mostly from 8 to 64, now and then up to 512.
    mutating func blockSize() -> Fragment {
        let size = random.chance(85) ? 8 * random.int(in: 1...8) : 8 * random.int(in: 9...64)
        return constant(Int64(size), depth: random.chance(70) ? 0 : 1)
    }

    /// A `let` statement, declaring its name in the scope for the statements after it.
    mutating func letStatement() -> String {
        let dynamic = configuration.allowsDynamicLets
        switch random.weighted([3, 1, 2, dynamic ? 4 : 0, dynamic ? 4 : 0, dynamic ? 1 : 0]) {
        case 0:
            let value = Int64(random.int(in: -4...24))
            let text = constant(value, depth: 2).text
            let name = declareLet()
            scope.constants.append(.init(name: name, value: value))
            return "let \(name) = \(text)"
        case 1:
            let text = constantCondition().fragment.text
            let name = declareLet()
            scope.constantBools.append(name)
            return "let \(name) = \(text)"
        case 2:
            let text = constantList().text
            let name = declareLet()
            scope.constantLists.append(name)
            return "let \(name) = \(text)"
        case 3:
            let value = integer(depth: configuration.maximumArithmeticDepth)
            let name = declareLet()
            if let constant = value.value {
                scope.constants.append(.init(name: name, value: constant))
            } else {
                scope.dynamicIntegers.append(name)
            }
            return "let \(name) = \(value.fragment.text)"
        case 4:
            // Possibly constant after folding; treated as dynamic, which only restricts its uses.
            let text = random.chance(50) ? structuredMask(depth: 2).text : predicate(depth: 2).text
            let name = declareLet()
            scope.dynamicBools.append(name)
            if !text.contains("blocks(") { scope.dynamicBoolsWithoutBlocks.append(name) }
            return "let \(name) = \(text)"
        default:
            let text = dynamicList().text
            let name = declareLet()
            scope.dynamicLists.append(name)
            return "let \(name) = \(text)"
        }
    }

    /// A fresh `let` name (never a built-in's).
    mutating func declareLet() -> String {
        scope.fresh(from: Scope.letNames, using: &random)
    }
}
