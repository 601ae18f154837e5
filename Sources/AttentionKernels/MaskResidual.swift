// MaskResidual: what is left of a mask on one tile once the parts the tile's box decides
// are replaced by their values — the tile's state, and what the undecided leaves depend
// on. Generated kernels compute it per partial tile with these operators, mirroring
// `&`, `|` and `!` of the mask, so a tile whose residual depends on q - k alone (or on k
// alone, or on q alone) reuses the mask of an earlier tile on its diagonal (column, row).

import BlockSparsePlanner

/// What the undecided part of a mask on a box depends on.
public enum MaskDependence: Sendable, Equatable {
    /// Nothing: the box is decided (or only constants are left).
    case constant
    /// q - k only: the mask is the same on every tile of a diagonal.
    case difference
    /// k only: the same on every tile of a column of tiles.
    case keyOnly
    /// q only: the same on every tile of a row of tiles.
    case queryOnly
    /// Anything else.
    case other

    /// The dependence of two undecided parts together.
    @inlinable
    public func joined(with other: MaskDependence) -> MaskDependence {
        if self == .constant { return other }
        if other == .constant || other == self { return self }
        return .other
    }
}

/// A mask's state on a box and the dependence of what the box leaves undecided.
public struct MaskResidual: Sendable {
    /// What the mask keeps of the box: nothing, everything, some, or not known.
    public var state: TileState
    /// What the undecided part depends on; `.constant` when the state is full or empty.
    public var dependence: MaskDependence

    /// A leaf of the mask: its state on the box, and what it depends on when undecided.
    @inlinable
    public init(_ state: TileState, _ dependence: MaskDependence) {
        self.state = state
        self.dependence = state == .full || state == .empty ? .constant : dependence
    }

    /// Intersection: a full side leaves the other side's residual.
    @inlinable
    public static func & (left: MaskResidual, right: MaskResidual) -> MaskResidual {
        let dependence = left.state == .full ? right.dependence
            : right.state == .full ? left.dependence : left.dependence.joined(with: right.dependence)
        return MaskResidual(left.state & right.state, dependence)
    }

    /// Union: an empty side leaves the other side's residual.
    @inlinable
    public static func | (left: MaskResidual, right: MaskResidual) -> MaskResidual {
        let dependence = left.state == .empty ? right.dependence
            : right.state == .empty ? left.dependence : left.dependence.joined(with: right.dependence)
        return MaskResidual(left.state | right.state, dependence)
    }

    /// Complement: the same dependence.
    @inlinable
    public static prefix func ! (operand: MaskResidual) -> MaskResidual {
        MaskResidual(!operand.state, operand.dependence)
    }
}
