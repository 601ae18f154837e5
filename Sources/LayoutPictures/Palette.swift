// Palette: the colours of the SVG and PNG pictures, and a cell's colour as the mix of its
// tiles' colours weighted by how many are full, partial and empty.

/// An 8-bit sRGB colour.
public struct RGB: Sendable, Hashable {
    /// Red, 0–255.
    public var red: UInt8
    /// Green, 0–255.
    public var green: UInt8
    /// Blue, 0–255.
    public var blue: UInt8

    /// Makes a colour from its three channels.
    public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// `#rrggbb`, for SVG.
    public var hex: String {
        let digits = Array("0123456789abcdef")
        return "#" + String([red, green, blue].flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }
}

/// The colours of the pictures.
public enum Palette {
    /// Full tiles: dark blue.
    public static let full = RGB(0x1f, 0x3b, 0x73)
    /// Partial tiles: light orange.
    public static let partial = RGB(0xf5, 0xa6, 0x5b)
    /// Empty tiles and the background: white.
    public static let empty = RGB(0xff, 0xff, 0xff)
    /// Lines between tiles, when tiles are few.
    public static let gridLine = RGB(0xdd, 0xdd, 0xdd)
    /// The frame around the grid and the tick marks.
    public static let frame = RGB(0x44, 0x44, 0x44)
    /// Text.
    public static let text = RGB(0x22, 0x22, 0x22)
    /// Secondary text: tick labels, counts.
    public static let secondaryText = RGB(0x55, 0x55, 0x55)

    /// The colour of a cell. A cell of one kind of tile has that kind's colour. A mixed
    /// cell has the colour of its kept tiles (full and partial mixed by their counts) laid
    /// over white with an opacity of √(share of tiles kept), so that a few kept tiles in a
    /// large cell stay visible.
    public static func colour(of cell: TileGrid.Cell) -> RGB {
        if cell.full == cell.tiles { return full }
        if cell.partial == cell.tiles { return partial }
        let kept = cell.full + cell.partial
        if kept == 0 { return empty }
        let opacity = (Double(kept) / Double(cell.tiles)).squareRoot()
        let fullShare = Double(cell.full) / Double(kept)
        func mix(_ channel: KeyPath<RGB, UInt8>) -> UInt8 {
            let ink = fullShare * Double(full[keyPath: channel]) + (1 - fullShare) * Double(partial[keyPath: channel])
            let value = opacity * ink + (1 - opacity) * Double(empty[keyPath: channel])
            return UInt8(max(0, min(255, value.rounded())))
        }
        return RGB(mix(\.red), mix(\.green), mix(\.blue))
    }
}
