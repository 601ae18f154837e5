// MaskEvaluator: the exact meaning of a checked pattern, pair by pair. Deliberately
// plain — a direct reading of the language page — because every planner and kernel is
// tested against it.

/// Evaluates `mask(q, k)` of a checked pattern for one sequence length `N`.
///
/// This is the semantic oracle of the package: simple, direct, and slow enough that it
/// is meant for tests, `mask`, and the planner's last-resort element scans.
///
/// ```swift
/// let evaluator = MaskEvaluator(pattern: pattern, length: 8)
/// evaluator.contains(query: 3, key: 1)   // true for `causal`
/// evaluator.row(3)                        // [true, true, true, true, false, false, false, false]
/// ```
public struct MaskEvaluator: Sendable {
    /// The pattern evaluated.
    public let pattern: CheckedPattern
    /// The sequence length `N`.
    public let length: Int64
    /// The number of tiles per side, `ceil(N / B)`.
    public let tileCount: Int64

    /// Makes an evaluator for sequences of `length` tokens (`length >= 1`).
    public init(pattern: CheckedPattern, length: Int) {
        self.pattern = pattern
        self.length = Int64(length)
        let block = Int64(pattern.blockSize)
        self.tileCount = (Int64(length) + block - 1) / block
    }

    /// Whether the pair `(query, key)` is in the mask.
    public func contains(query: Int, key: Int) -> Bool {
        var context = Context(pattern: pattern, length: length, tileCount: tileCount)
        return context.contains(Int64(query), Int64(key))
    }

    /// The mask's row for one query: element `k` says whether `(query, k)` is kept.
    public func row(_ query: Int) -> [Bool] {
        var context = Context(pattern: pattern, length: length, tileCount: tileCount)
        return (0..<length).map { context.contains(Int64(query), $0) }
    }

    /// Calls `body` with each query's row, in order, reusing one buffer.
    public func forEachRow(_ body: (_ query: Int, _ row: [Bool]) throws -> Void) rethrows {
        var context = Context(pattern: pattern, length: length, tileCount: tileCount)
        var row = [Bool](repeating: false, count: Int(length))
        for query in 0..<length {
            for key in 0..<length { row[Int(key)] = context.contains(query, key) }
            try body(Int(query), row)
        }
    }
}

/// The state of one evaluation: the positions, the bindings' values, a cache of draws.
private struct Context {
    let pattern: CheckedPattern
    let length: Int64
    let tileCount: Int64
    var q: Int64 = 0
    var k: Int64 = 0
    var n: Int64 = 0
    var bindingValues: [Int64] = []
    /// The last draw of each `random` call, keyed by its arguments and row.
    var draws: [DrawKey: Set<Int64>] = [:]

    struct DrawKey: Hashable {
        var count: Int64, seed: Int64, row: Int64, columns: Int64
    }

    init(pattern: CheckedPattern, length: Int64, tileCount: Int64) {
        self.pattern = pattern
        self.length = length
        self.tileCount = tileCount
    }

    mutating func contains(_ query: Int64, _ key: Int64) -> Bool {
        (q, k, n) = (query, key, length)
        bindingValues.removeAll(keepingCapacity: true)
        for binding in pattern.bindings {
            let value = evaluate(binding.value)
            bindingValues.append(value)
        }
        return evaluate(pattern.mask) != 0
    }

    /// Evaluates any expression; Bools are 1 and 0.
    mutating func evaluate(_ expression: MaskExpression) -> Int64 {
        switch expression {
        case .integer(let value): return value
        case .boolean(let value): return value ? 1 : 0
        case .position(.q): return q
        case .position(.k): return k
        case .position(.n): return n
        case .binding(let index): return bindingValues[index]
        case .negate(let operand): return 0 &- evaluate(operand)
        case .absolute(let operand):
            let value = evaluate(operand)
            return value < 0 ? 0 &- value : value
        case .not(let operand): return evaluate(operand) != 0 ? 0 : 1
        case .arithmetic(let op, let left, let right):
            return Arithmetic.apply(op, evaluate(left), evaluate(right))
        case .comparison(let op, let left, let right):
            return Arithmetic.compare(op, evaluate(left), evaluate(right)) ? 1 : 0
        case .membership(let element, let list):
            let value = evaluate(element)
            return list.contains { isMember(value, of: $0) } ? 1 : 0
        case .and(let left, let right): return evaluate(left) != 0 && evaluate(right) != 0 ? 1 : 0
        case .or(let left, let right): return evaluate(left) != 0 || evaluate(right) != 0 ? 1 : 0
        case .builtin(let builtin): return evaluate(builtin) ? 1 : 0
        case .blocks(let inner):
            let saved = (q, k, n)
            let block = Int64(pattern.blockSize)
            (q, k, n) = (q / block, k / block, tileCount)
            defer { (q, k, n) = saved }
            return evaluate(inner)
        }
    }

    /// A negative list entry counts from the end: `e` stands for `n + e`.
    func fromEnd(_ value: Int64) -> Int64 { value < 0 ? n &+ value : value }

    mutating func isMember(_ value: Int64, of element: ListElement) -> Bool {
        switch element {
        case .single(let entry):
            return value == fromEnd(evaluate(entry))
        case .range(let lower, let upper, let inclusive):
            let low = fromEnd(evaluate(lower))
            let high = fromEnd(evaluate(upper))
            return low <= value && (inclusive ? value <= high : value < high)
        }
    }

    func isMember(_ value: Int64, of item: ListItem) -> Bool {
        switch item {
        case .element(let entry): return value == fromEnd(entry)
        case .range(let lower, let upper, let inclusive):
            let (low, high) = (fromEnd(lower), fromEnd(upper))
            return low <= value && (inclusive ? value <= high : value < high)
        }
    }

    mutating func evaluate(_ builtin: BuiltinMask) -> Bool {
        // q and k are in 0..<n, so q - k cannot overflow; the bounds are compared exactly.
        let offset = q - k
        switch builtin {
        case .causal:
            return k <= q
        case .window(let before, let after):
            return offset <= before && -offset <= after
        case .dilated(let width, let dilation):
            let (reach, overflow) = width.multipliedReportingOverflow(by: dilation)
            return (overflow || abs(offset) <= reach) && Arithmetic.floorModulo(offset, dilation) == 0
        case .strided(let stride):
            return Arithmetic.floorModulo(offset, stride) == 0
        case .global(let items):
            return items.contains { isMember(q, of: $0) } || items.contains { isMember(k, of: $0) }
        case .sink(let count):
            return k < count
        case .random(let count, let seed):
            if count >= n { return k >= 0 && k < n }
            let key = DrawKey(count: count, seed: seed, row: q, columns: n)
            if let chosen = draws[key] { return chosen.contains(k) }
            if draws.count > 64 { draws.removeAll() }
            let chosen = Set(RandomDraw.columns(seed: seed, row: q, columns: n, count: count))
            draws[key] = chosen
            return chosen.contains(k)
        }
    }
}
