// ListExpressions: list literals — single entries, inclusive `a...b` and half-open
// `a..<b` ranges, negative entries that count from the end — constant ones for
// parameters and `global(...)`, and ones whose entries depend on q, k and n for `in`.

extension PatternBuilder {
    /// A parameter's default list: integer literals only, as parameter defaults must be.
    mutating func parameterList() -> String {
        let entries = (0..<random.int(in: 0...4)).map { _ -> String in
            let low = listEntry()
            switch random.weighted([5, 2, 2]) {
            case 0: return String(low)
            case 1: return "\(low)...\(rangeEnd(after: low))"
            default: return "\(low)..<\(rangeEnd(after: low))"
            }
        }
        return "[" + entries.joined(separator: ", ") + "]"
    }

    /// A constant list usable by `global(...)`: a list name, or a literal whose entries
    /// are constant expressions.
    mutating func constantList() -> Fragment {
        if !scope.constantLists.isEmpty, random.chance(45) { return use(random.pick(scope.constantLists)) }
        let entries = (0..<random.int(in: 0...3)).map { _ -> String in
            let low = listEntry()
            let lowText = random.chance(25) ? constant(low, depth: 1).text : String(low)
            switch random.weighted([5, 2, 2]) {
            case 0: return lowText
            case 1: return "\(lowText)...\(rangeEnd(after: low))"
            default: return "\(lowText)..<\(rangeEnd(after: low))"
            }
        }
        return .primary("[" + entries.joined(separator: ", ") + "]")
    }

    /// A list for the right of `in`: constant, a dynamic list `let`, or a literal with
    /// entries that depend on q, k and n (`[q - 2...q, 0, -1]`).
    mutating func membershipList() -> Fragment {
        let dynamicLists = scope.dynamicLists
        switch random.weighted([3, dynamicLists.isEmpty ? 0 : (insideBlocks ? 1 : 2), 4]) {
        case 0: return constantList()
        case 1: return use(random.pick(dynamicLists))
        default: return dynamicList()
        }
    }

    /// A list literal with at least one entry that depends on q, k or n.
    mutating func dynamicList() -> Fragment {
        let count = random.int(in: 1...3)
        let dynamicIndex = random.int(in: 0...(count - 1))
        let entries = (0..<count).map { index -> String in
            if index != dynamicIndex, random.chance(60) {
                let low = listEntry()
                return random.chance(70) ? String(low) : "\(low)...\(rangeEnd(after: low))"
            }
            let position = Fragment.primary(random.pick(["q", "k", "q", "k", "n"]))
            let low = position.text == "n" ? Fragment.binary(position, "-", constant(in: 1...4, depth: 0), level: Fragment.additive)
                : random.chance(50) ? position : .binary(position, "-", constant(in: 0...6, depth: 1), level: Fragment.additive)
            switch random.weighted([3, 3, 2, 1]) {
            case 0: return low.text
            case 1: return "\(low.text)...\(Fragment.binary(low, "+", constant(in: 0...8, depth: 1), level: Fragment.additive).text)"
            case 2: return "\(low.text)..<\(Fragment.binary(position, "+", constant(in: 0...8, depth: 1), level: Fragment.additive).text)"
            default: return integer(depth: 2).fragment.text
            }
        }
        return .primary("[" + entries.joined(separator: ", ") + "]")
    }

    /// A list entry: small, sometimes negative (counting from the end).
    mutating func listEntry() -> Int64 {
        if random.chance(30) { return Int64(random.int(in: insideBlocks ? -3...(-1) : -8...(-1))) }
        return Int64(random.int(in: insideBlocks ? 0...5 : 0...40))
    }

    /// The far end of a range that starts at `low`: usually past it, on the same side of
    /// zero, sometimes before it (an empty range), as written.
    mutating func rangeEnd(after low: Int64) -> String {
        if random.chance(10) { return String(low - Int64(random.int(in: 1...3))) }
        let end = low + Int64(random.int(in: 0...(insideBlocks ? 3 : 12)))
        return String(low < 0 ? min(end, -1) : end)
    }
}
