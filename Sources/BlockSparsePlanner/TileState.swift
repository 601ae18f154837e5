// TileState: what the planner knows about a mask on a box of (q, k) pairs — nothing
// kept, everything kept, certainly some of each, or not known yet — and how `|`, `&`
// and `!` combine that knowledge. Public and inlinable: generated kernels classify tiles
// with the same rules, compiled into their own module.

/// Knowledge of a Bool expression over a box of pairs.
public enum TileState: UInt8, Sendable {
    /// No pair of the box is kept.
    case empty
    /// Every pair of the box is kept.
    case full
    /// Certainly some pairs kept and some not.
    case partial
    /// Not decided by interval reasoning: the box must be split.
    case unknown

    /// The state of a box where the expression is certainly `value`, or unknown (`nil`).
    @inlinable
    public init(_ value: Bool?) {
        switch value {
        case true?: self = .full
        case false?: self = .empty
        case nil: self = .unknown
        }
    }

    /// The union of two masks over the same box.
    @inlinable
    public static func | (left: TileState, right: TileState) -> TileState {
        switch (left, right) {
        case (.full, _), (_, .full): return .full
        case (.empty, let other), (let other, .empty): return other
        default: return .unknown
        }
    }

    /// The intersection of two masks over the same box.
    @inlinable
    public static func & (left: TileState, right: TileState) -> TileState {
        switch (left, right) {
        case (.empty, _), (_, .empty): return .empty
        case (.full, let other), (let other, .full): return other
        default: return .unknown
        }
    }

    /// The complement of a mask over the box.
    @inlinable
    public static prefix func ! (state: TileState) -> TileState {
        switch state {
        case .empty: return .full
        case .full: return .empty
        case .partial, .unknown: return state
        }
    }
}
