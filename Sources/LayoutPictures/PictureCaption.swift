// PictureCaption: the words every picture of a grid shares — its title, the header line
// (pattern, N, block, tiles per side, downsampling) and the counts of its legend.

/// The texts that accompany a picture of a ``TileGrid``.
///
/// ```swift
/// let caption = PictureCaption(pattern: "longformer", grid: grid)
/// print(caption.header)   // longformer  N = 4096  block 64  64 × 64 tiles
/// ```
public struct PictureCaption: Sendable, Hashable {
    /// The pattern's name.
    public var pattern: String
    /// The grid the picture shows.
    public var grid: TileGrid

    /// Makes the caption of a picture of `grid`, which shows pattern `pattern`.
    public init(pattern: String, grid: TileGrid) {
        self.pattern = pattern
        self.grid = grid
    }

    /// The title of a figure: `longformer — N = 4096, block 64`.
    public var title: String { "\(pattern) — N = \(grouped(grid.length)), block \(grid.blockSize)" }

    /// One line: pattern, N, block, tiles per side and, when downsampled, tiles per cell.
    public var header: String {
        var line = "\(pattern)  N = \(grouped(grid.length))  block \(grid.blockSize)  \(grouped(grid.tileCount)) × \(grouped(grid.tileCount)) tiles"
        if grid.tilesPerCell > 1 { line += "  (\(grid.tilesPerCell) × \(grid.tilesPerCell) tiles per cell)" }
        return line
    }

    /// `full 1,234 tiles`, and so on: the legend's entries, in order full, partial, empty.
    public var counts: [String] {
        ["full \(grouped(grid.fullTiles))", "partial \(grouped(grid.partialTiles))", "empty \(grouped(grid.emptyTiles))"]
    }

    /// `12.3% of tiles kept`.
    public var density: String { "\(percent(grid.tileDensity)) of tiles kept" }
}

/// An integer with thousands separators: `16,384`.
func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = ""
    for (index, digit) in digits.enumerated() {
        if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
        result.append(digit)
    }
    return value < 0 ? "-" + result : result
}

/// A fraction as a percentage with enough digits to tell small densities apart:
/// `100%`, `12.3%`, `0.42%`, `0.0061%`.
func percent(_ fraction: Double) -> String {
    let value = fraction * 100
    if value == 0 || value == 100 { return "\(Int(value))%" }
    var digits = 1
    while digits < 6, value < 10 / pow10(digits) { digits += 1 }
    let scale = Int(pow10(digits))
    let scaled = Int((value * Double(scale)).rounded())
    var fraction = String(scaled % scale)
    fraction = String(repeating: "0", count: digits - fraction.count) + fraction
    while fraction.hasSuffix("0") { fraction.removeLast() }
    let text = "\(scaled / scale)" + (fraction.isEmpty ? "" : "." + fraction)
    return text + "%"
}

private func pow10(_ exponent: Int) -> Double {
    var result = 1.0
    for _ in 0..<exponent { result *= 10 }
    return result
}
