// Raster: an RGB image in memory that the PNG figure is drawn on — filled rectangles and
// text in the built-in bitmap font, horizontal or turned to read upwards.

/// A `width × height` RGB image, three bytes a pixel, row by row from the top.
///
/// ```swift
/// var image = Raster(width: 100, height: 40, background: Palette.empty)
/// image.fill(x: 10, y: 10, width: 20, height: 20, colour: Palette.full)
/// image.draw("N = 4096", x: 40, y: 15, scale: 1, colour: Palette.text)
/// ```
public struct Raster: Sendable, Hashable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// The pixels: `(y * width + x) * 3` is the red byte of pixel `(x, y)`.
    public private(set) var pixels: [UInt8]

    /// A raster filled with one colour.
    public init(width: Int, height: Int, background: RGB) {
        precondition(width >= 1 && height >= 1, "a raster needs at least one pixel")
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 0, count: width * height * 3)
        fill(x: 0, y: 0, width: width, height: height, colour: background)
    }

    /// The colour of pixel `(x, y)`.
    public func pixel(x: Int, y: Int) -> RGB {
        let index = (y * width + x) * 3
        return RGB(pixels[index], pixels[index + 1], pixels[index + 2])
    }

    /// Paints a rectangle, clipped to the image.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, colour: RGB) {
        let x0 = max(0, x), x1 = min(width, x + w), y0 = max(0, y), y1 = min(height, y + h)
        guard x0 < x1, y0 < y1 else { return }
        let stride = width
        pixels.withUnsafeMutableBufferPointer { buffer in
            for row in y0..<y1 {
                for column in x0..<x1 {
                    let index = (row * stride + column) * 3
                    buffer[index] = colour.red
                    buffer[index + 1] = colour.green
                    buffer[index + 2] = colour.blue
                }
            }
        }
    }

    /// Draws text with its top-left corner at `(x, y)`; each font pixel is `scale × scale`.
    /// When `upwards`, the text is turned a quarter left and `(x, y)` is its bottom-left.
    public mutating func draw(_ text: String, x: Int, y: Int, scale: Int, colour: RGB, upwards: Bool = false) {
        for (index, character) in text.enumerated() {
            let origin = index * BitmapFont.advance * scale
            for (row, bits) in BitmapFont.rows(of: character).enumerated() {
                for column in 0..<BitmapFont.glyphWidth where bits >> (BitmapFont.glyphWidth - 1 - column) & 1 == 1 {
                    if upwards {
                        fill(x: x + row * scale, y: y - origin - (column + 1) * scale, width: scale, height: scale, colour: colour)
                    } else {
                        fill(x: x + origin + column * scale, y: y + row * scale, width: scale, height: scale, colour: colour)
                    }
                }
            }
        }
    }
}
