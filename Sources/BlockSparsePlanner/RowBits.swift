// RowBits: one query's kept keys over a range, as bits, computed node by node — each
// built-in writes its closed form (a run, a progression, a few draws), `&`, `|` and `!`
// combine whole words — so a partial tile's mask costs a few word operations per row,
// not one evaluation per pair. Comparisons and membership use interval reasoning on the
// row's key range, halving it where that can not decide.

import PatternLanguage

extension BoxClassifier {
    /// Sets bit `k - k0` of `bits` (`words` words, cleared first) for each key `k` in
    /// `k0 ... k1` that the mask node keeps for query `q` (a position, not inside `blocks`).
    mutating func rowBits(_ node: Int32, q: Int64, k0: Int64, k1: Int64, into bits: UnsafeMutablePointer<UInt64>, words: Int) {
        bits.update(repeating: 0, count: words)
        let grid = expression.grid(of: node)
        func setRange(_ from: Int64, _ to: Int64) {
            let (low, high) = (max(from, k0), min(to, k1))
            guard low <= high else { return }
            var j = Int(low - k0)
            let end = Int(high - k0) + 1
            while j < end {
                let count = min(64 - j % 64, end - j)
                bits[j / 64] |= (count == 64 ? ~0 : ((1 << UInt64(count)) - 1)) << UInt64(j % 64)
                j += count
            }
        }
        func setProgression(_ residue: Int64, _ step: Int64, _ from: Int64, _ to: Int64) {
            let (low, high) = (max(from, k0), min(to, k1))
            guard low <= high else { return }
            // residue, low and high are positions (or tile indices), so their differences fit.
            var k = low + Arithmetic.floorModulo(residue - low, step)
            while k <= high {
                let j = Int(k - k0)
                bits[j / 64] |= 1 << UInt64(j % 64)
                let (next, overflow) = k.addingReportingOverflow(step)
                if overflow { break }
                k = next
            }
        }
        switch expression.nodes[Int(node)] {
        case .boolean(let value):
            if value { setRange(k0, k1) }
        case .binding(let value, _):
            rowBits(value, q: q, k0: k0, k1: k1, into: bits, words: words)
        case .causal:
            setRange(k0, q)
        case .window(let before, let after):
            setRange(Saturating.subtract(q, before), Saturating.add(q, after))
        case .dilated(let width, let dilation):
            let (reach, overflow) = width.multipliedReportingOverflow(by: dilation)
            let span = overflow ? Int64.max : reach
            setProgression(q, dilation, Saturating.subtract(q, span), Saturating.add(q, span))
        case .strided(let stride):
            setProgression(q, stride, k0, k1)
        case .sink(let count):
            setRange(k0, count == .min ? .min : count - 1)
        case .global(let set):
            let positions = expression.sets[Int(set)]
            if positions.contains(q) { setRange(k0, k1) } else {
                // From the interval holding (or last before) k0, while they start by k1.
                var index = max(0, positions.lastInterval(startingAtOrBefore: k0))
                while index < positions.starts.count && positions.starts[index] <= k1 {
                    setRange(positions.starts[index], positions.ends[index])
                    index += 1
                }
            }
        case .random(let count, let seed):
            if count >= grid.length { return setRange(0, grid.length - 1) }
            for k in drawnColumns(count: count, seed: seed, row: q, columns: grid.length) where k >= k0 && k <= k1 {
                let j = Int(k - k0)
                bits[j / 64] |= 1 << UInt64(j % 64)
            }
        case .not(let operand):
            rowBits(operand, q: q, k0: k0, k1: k1, into: bits, words: words)
            let width = Int(k1 - k0) + 1
            for word in 0..<words {
                let valid = min(64, width - word * 64)
                bits[word] = ~bits[word] & (valid >= 64 ? ~0 : (1 << UInt64(max(0, valid))) - 1)
            }
        case .and(let left, let right), .or(let left, let right):
            let isAnd: Bool
            if case .and = expression.nodes[Int(node)] { isAnd = true } else { isAnd = false }
            rowBits(left, q: q, k0: k0, k1: k1, into: bits, words: words)
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words) { other in
                rowBits(right, q: q, k0: k0, k1: k1, into: other.baseAddress!, words: words)
                for word in 0..<words { bits[word] = isAnd ? bits[word] & other[word] : bits[word] | other[word] }
            }
        case .blocks, .comparison, .membership, .constantMembership:
            // Interval reasoning on the row, halving the key range where it can not decide.
            var pending = [(k0, k1)]
            while let (from, to) = pending.popLast() {
                switch classifyNode(node, Box(q0: q, q1: q, k0: from, k1: to)) {
                case .full: setRange(from, to)
                case .empty: break
                case .partial, .unknown:
                    precondition(from < to, "a single pair is always decided")
                    let middle = from + (to - from) / 2
                    pending.append((middle + 1, to))
                    pending.append((from, middle))
                }
            }
        case .integer, .position, .negate, .absolute, .arithmetic:
            preconditionFailure("an integer node where a mask was expected; the checker guarantees types")
        }
    }
}
