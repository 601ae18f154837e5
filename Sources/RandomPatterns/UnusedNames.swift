// UnusedNames: real patterns use the names they declare. After the mask is written, most
// `let`s and some parameters it did not use are worked into it, so that generated `let`s
// are really evaluated; the rest stay unused and draw the checker's warnings.

extension PatternBuilder {
    /// A name as an expression, recorded as used.
    mutating func use(_ name: String) -> Fragment {
        if !scope.used.contains(name) { scope.used.append(name) }
        return .primary(name)
    }

    /// `mask` combined with uses of most unused `let`s and some unused parameters:
    /// `mask | near`, `mask & k - q <= gap`, `mask | k in marks`, `mask | global(ids)`.
    mutating func usingUnusedNames(in mask: Fragment) -> Fragment {
        var result = mask
        for name in scope.unused where random.chance(scope.parameters.contains(name) ? 40 : 80) {
            guard let use = maskUsing(name) else { continue }
            if random.chance(60) {
                result = union(result, use)
            } else {
                result = .binary(result, "&", use, level: Fragment.intersection)
            }
        }
        return result
    }

    /// A small mask that uses `name`, by what the name is.
    mutating func maskUsing(_ name: String) -> Fragment? {
        let (q, k) = (Fragment.primary("q"), Fragment.primary("k"))
        if scope.constantBools.contains(name) || scope.dynamicBools.contains(name) {
            return random.chance(20) ? .prefix("!", use(name)) : use(name)
        }
        if scope.constants.contains(where: { $0.name == name }) || scope.dynamicIntegers.contains(name) {
            let offset = Fragment.binary(random.pick([k, q]), "-", random.pick([q, k]), level: Fragment.additive)
            return .comparison(random.chance(50) ? offset : random.pick([q, k]), random.pick(["<=", "==", ">=", "<"]), use(name))
        }
        if scope.constantLists.contains(name), random.chance(50) {
            return .call("global", [use(name)])
        }
        if scope.constantLists.contains(name) || scope.dynamicLists.contains(name) {
            return .comparison(random.pick([q, k]), "in", use(name))
        }
        return nil
    }
}
