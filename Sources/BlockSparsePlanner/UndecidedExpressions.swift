// UndecidedExpressions: which parts of a pattern interval reasoning could not decide on
// whole tiles, named in the language's syntax, so that `plan` can say what took the
// slow path and a user can rewrite it with built-ins.

extension BoxClassifier {
    /// The smallest sub-expressions left undecided on the sample boxes, deduplicated.
    mutating func undecidedExpressions(in boxes: [Box]) -> [String] {
        var found: [Int32] = []
        for box in boxes {
            generation &+= 1
            collectUndecided(expression.root, box, into: &found)
        }
        return found.map { expression.sources[Int($0)].description }
    }

    private mutating func collectUndecided(_ node: Int32, _ box: Box, into found: inout [Int32]) {
        guard classify(node, box) == .unknown else { return }
        var children: [Int32] = []
        switch expression.nodes[Int(node)] {
        case .binding(let value, _): children = [value]
        case .not(let operand): children = [operand]
        case .and(let left, let right), .or(let left, let right): children = [left, right]
        default: break
        }
        let undecided = children.filter { classify($0, box) == .unknown }
        if undecided.isEmpty {
            if !found.contains(node) { found.append(node) }
        } else {
            for child in undecided { collectUndecided(child, box, into: &found) }
        }
    }
}
