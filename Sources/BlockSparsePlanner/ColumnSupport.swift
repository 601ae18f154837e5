// ColumnSupport: for a row of query tiles, the key-tile columns a mask can touch, as
// sorted intervals — a superset of the kept tiles, computed from each built-in's closed
// form and combined through `|` and `&` — so the planner classifies only those tiles.

/// Sorted, disjoint, inclusive intervals of layout columns.
typealias ColumnIntervals = [ClosedRange<Int64>]

extension BoxClassifier {
    /// The columns (of `grid.block` positions each) that `node` can keep for queries
    /// `q0 ... q1` of its grid. Never misses a kept column; may include empty ones.
    mutating func support(_ node: Int32, q0: Int64, q1: Int64) -> ColumnIntervals {
        let grid = expression.grid(of: node)
        let last = grid.length - 1
        let all: ColumnIntervals = [0...grid.columnCount - 1]
        func columns(keys lower: Int64, _ upper: Int64) -> ColumnIntervals {
            let (from, to) = (max(lower, 0), min(upper, last))
            return from <= to ? [from / grid.block...to / grid.block] : []
        }
        switch expression.nodes[Int(node)] {
        case .boolean(let value): return value ? all : []
        case .binding(let value, _): return support(value, q0: q0, q1: q1)
        case .and(let left, let right):
            let first = support(left, q0: q0, q1: q1)
            return first.isEmpty ? [] : Self.intersection(first, support(right, q0: q0, q1: q1))
        case .or(let left, let right):
            return Self.union(support(left, q0: q0, q1: q1), support(right, q0: q0, q1: q1))
        case .blocks(let inner):
            let block = grid.block
            return support(inner, q0: q0 / block, q1: q1 / block)
        case .causal: return columns(keys: 0, q1)
        case .window(let before, let after):
            return columns(keys: Saturating.subtract(q0, before), Saturating.add(q1, after))
        case .dilated(let width, let dilation):
            let (reach, overflow) = width.multipliedReportingOverflow(by: dilation)
            let span = overflow ? Int64.max : reach
            return columns(keys: Saturating.subtract(q0, span), Saturating.add(q1, span))
        case .sink(let count): return columns(keys: 0, count - 1)
        case .global(let set):
            let positions = expression.sets[Int(set)]
            return positions.intersects(q0, q1) ? all : positions.columns(block: grid.block)
        case .random(let count, let seed):
            if count >= grid.length { return all }
            var touched: [Int64] = []
            for row in q0...q1 {
                for key in drawnColumns(count: count, seed: seed, row: row, columns: grid.length) { touched.append(key / grid.block) }
            }
            touched.sort()
            var result: ColumnIntervals = []
            for column in touched {
                if let previous = result.last, column <= previous.upperBound + 1 {
                    result[result.count - 1] = previous.lowerBound...max(previous.upperBound, column)
                } else {
                    result.append(column...column)
                }
            }
            return result
        case .strided, .not, .comparison, .membership, .constantMembership:
            // Whatever the interval reasoning says about the whole row of queries.
            return classifyNode(node, Box(q0: q0, q1: q1, k0: 0, k1: last)) == .empty ? [] : all
        case .integer, .position, .negate, .absolute, .arithmetic:
            preconditionFailure("an integer node where a mask was expected; the checker guarantees types")
        }
    }

    /// The union of two interval lists.
    static func union(_ left: ColumnIntervals, _ right: ColumnIntervals) -> ColumnIntervals {
        if left.isEmpty { return right }
        if right.isEmpty { return left }
        var result: ColumnIntervals = []
        result.reserveCapacity(left.count + right.count)
        var (i, j) = (0, 0)
        while i < left.count || j < right.count {
            let next: ClosedRange<Int64>
            if j == right.count || (i < left.count && left[i].lowerBound <= right[j].lowerBound) {
                next = left[i]; i += 1
            } else {
                next = right[j]; j += 1
            }
            if let previous = result.last, next.lowerBound <= previous.upperBound + 1 {
                result[result.count - 1] = previous.lowerBound...max(previous.upperBound, next.upperBound)
            } else {
                result.append(next)
            }
        }
        return result
    }

    /// The intersection of two interval lists.
    static func intersection(_ left: ColumnIntervals, _ right: ColumnIntervals) -> ColumnIntervals {
        var result: ColumnIntervals = []
        var (i, j) = (0, 0)
        while i < left.count && j < right.count {
            let low = max(left[i].lowerBound, right[j].lowerBound)
            let high = min(left[i].upperBound, right[j].upperBound)
            if low <= high { result.append(low...high) }
            if left[i].upperBound < right[j].upperBound { i += 1 } else { j += 1 }
        }
        return result
    }
}
