// MaskExpressions: Bool expressions. Structured masks combine built-ins the way real
// patterns do (`local(w) | global(g)`, `causal & window(w, 0)`, `blocks(...)`); arbitrary
// predicates compare arithmetic on q, k and n. Both mix in `!`, `true`, `false`, and
// sub-expressions that are always true or always false.

extension PatternBuilder {
    /// A structured mask: unions, intersections and complements of built-ins and simple
    /// comparisons, at most `depth` levels deep.
    mutating func structuredMask(depth: Int) -> Fragment {
        if depth <= 1 || random.chance(20) { return maskAtom() }
        switch random.weighted([40, 30, 8, 22]) {
        case 0: return union(structuredMask(depth: depth - 1), structuredMask(depth: depth - 1))
        case 1: return .binary(structuredMask(depth: depth - 1), "&", structuredMask(depth: depth - 1), level: Fragment.intersection)
        case 2: return .prefix("!", structuredMask(depth: depth - 1))
        default: return maskAtom()
        }
    }

    /// An arbitrary predicate: comparisons and memberships of Int expressions, combined.
    mutating func predicate(depth: Int) -> Fragment {
        if depth <= 1 || random.chance(25) { return comparison() }
        switch random.weighted([3, 3, 1, 1]) {
        case 0: return union(predicate(depth: depth - 1), predicate(depth: depth - 1))
        case 1: return .binary(predicate(depth: depth - 1), "&", predicate(depth: depth - 1), level: Fragment.intersection)
        case 2: return .prefix("!", predicate(depth: depth - 1))
        default: return structuredMask(depth: 2)
        }
    }

    /// `a | b`, now and then with a line break before the operator.
    mutating func union(_ a: Fragment, _ b: Fragment) -> Fragment {
        guard configuration.allowsLineBreaks, random.chance(8) else { return .binary(a, "|", b, level: Fragment.union) }
        return Fragment(text: "\(a.atLeast(Fragment.union))\n        | \(b.atLeast(Fragment.intersection))", precedence: Fragment.union)
    }

    /// A comparison of two arbitrary Int expressions, or a membership test.
    mutating func comparison() -> Fragment {
        let depth = configuration.maximumArithmeticDepth
        if random.chance(15) { return .comparison(integer(depth: depth - 1).fragment, "in", membershipList()) }
        let symbol = random.pick(["==", "!=", "<", "<=", ">", ">="])
        return .comparison(integer(depth: depth).fragment, symbol, integer(depth: depth).fragment)
    }

    /// One mask without `|` or `&` at the top (unless it is a template like `q < p & k < p`).
    mutating func maskAtom() -> Fragment {
        let bools = scope.constantBools + (insideBlocks ? scope.dynamicBoolsWithoutBlocks : scope.dynamicBools)
        let weights = [
            8, 10, 8, 6, 6, 7, 6,
            configuration.allowsRandom ? 5 : 0,
            configuration.allowsBlocks && !insideBlocks ? 8 : 0,
            12, 6, bools.isEmpty ? 0 : (insideBlocks ? 3 : 8), 2, 3, 5,
        ]
        switch random.weighted(weights) {
        case 0: return .primary("causal")
        case 1: return .call("window", [width(), width()])
        case 2: return .call("local", [width()])
        case 3: return .call("dilated", [constant(in: insideBlocks ? 0...2 : 0...6), constant(in: insideBlocks ? 1...2 : 1...5)])
        case 4: return .call("strided", [constant(in: insideBlocks ? 1...3 : 1...9)])
        case 5: return .call("global", [constantList()])
        case 6: return .call("sink", [constant(in: insideBlocks ? 0...3 : 0...12)])
        case 7:
            let seed = random.chance(70) ? Int64(random.int(in: 0...99)) : Int64(random.int(in: -1_000_000...1_000_000_000))
            return .call("random", [constant(in: insideBlocks ? 0...3 : 0...6), constant(seed, depth: 1)])
        case 8: return blocks()
        case 9: return structuredComparison()
        case 10:
            let element = random.chance(80) ? Fragment.primary(random.pick(["q", "k"])) : integer(depth: 1).fragment
            return .comparison(element, "in", membershipList())
        case 11: return use(random.pick(bools))
        case 12: return .primary(random.pick(["true", "false"]))
        case 13: return trivialMask()
        default: return comparison()
        }
    }

    /// A width argument: 0 to 20 keys, 0 to 3 tiles inside `blocks(...)`.
    mutating func width() -> Fragment {
        constant(in: insideBlocks ? 0...3 : 0...20)
    }

    /// `blocks(e)`: a structured mask over tiles. Inside, only constants and constant
    /// `let`s are in scope besides q, k and n, and widths count tiles.
    mutating func blocks() -> Fragment {
        insideBlocks = true
        defer { insideBlocks = false }
        return .call("blocks", [structuredMask(depth: random.int(in: 1...3))])
    }

    /// The comparisons real patterns are made of: bands, prefixes, strides, tails.
    mutating func structuredComparison() -> Fragment {
        let (q, k, n) = (Fragment.primary("q"), Fragment.primary("k"), Fragment.primary("n"))
        let small = insideBlocks ? 0...4 : 0...24
        switch random.int(in: 0...8) {
        case 0: return .comparison(.binary(q, "-", k, level: Fragment.additive), random.pick(["<=", "<", ">="]), constant(in: small))
        case 1: return .comparison(.call("abs", [.binary(q, "-", k, level: Fragment.additive)]), random.pick(["==", "<=", ">"]), constant(in: small))
        case 2:
            let prefix = constant(in: small)
            return .binary(.comparison(q, "<", prefix), "&", .comparison(k, "<", prefix), level: Fragment.intersection)
        case 3:
            let l = constant(in: 1...(insideBlocks ? 3 : 16))
            return .comparison(.binary(q, "/", l, level: Fragment.multiplicative), "==", .binary(k, "/", l, level: Fragment.multiplicative))
        case 4:
            let l = Int64(random.int(in: 2...(insideBlocks ? 4 : 16)))
            return .comparison(.binary(k, "%", constant(l, depth: 1), level: Fragment.multiplicative), ">=", constant(in: 0...Int(l - 1)))
        case 5: return .comparison(k, ">=", .binary(n, "-", constant(in: small), level: Fragment.additive))
        case 6: return .comparison(.binary(q, "+", k, level: Fragment.additive), "==", .binary(n, "-", .literal(1), level: Fragment.additive))
        case 7: return .comparison(random.pick([q, k]), random.pick(["<", ">=", "=="]), constant(in: small))
        default: return .comparison(k, random.pick(["<=", "<", ">", ">=", "==", "!="]), q)
        }
    }

    /// A sub-expression that is always true or always false, whether or not the checker
    /// can tell: `q >= 0`, `k < 0`, `sink(0)`, `strided(1)`, `k in []`, `causal | !causal`.
    mutating func trivialMask() -> Fragment {
        switch random.int(in: 0...7) {
        case 0: return .comparison(.primary("q"), ">=", .literal(0))
        case 1: return .comparison(.primary("k"), "<", .literal(0))
        case 2: return .call("sink", [.literal(0)])
        case 3: return .call("strided", [.literal(1)])
        case 4: return .comparison(.primary(random.pick(["q", "k"])), "in", .primary("[]"))
        case 5: return .binary(.primary("causal"), "|", .prefix("!", .primary("causal")), level: Fragment.union).parenthesized
        case 6: return .comparison(.primary("k"), "<", .primary("n"))
        default:
            let condition = constantCondition().fragment
            return condition.precedence == Fragment.primary ? condition : condition.parenthesized
        }
    }
}
