// PNGDecoder: reads PNG files back — the signature, every chunk with its CRC checked, the
// IHDR, the concatenated IDATs inflated, and the five scanline filters undone. Handles
// 8-bit RGB, RGBA, grey and grey+alpha without interlace: what the tests need to check
// the images the encoder writes, and images written by other tools.

/// A decoded PNG image, as 8-bit RGB.
public struct DecodedPNG: Sendable, Hashable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// Three bytes a pixel, row by row (alpha, if any, dropped).
    public var rgb: [UInt8]
    /// The chunk types in file order, such as `["IHDR", "IDAT", "IEND"]`.
    public var chunkTypes: [String]

    /// The colour of pixel `(x, y)`.
    public func pixel(x: Int, y: Int) -> RGB {
        let index = (y * width + x) * 3
        return RGB(rgb[index], rgb[index + 1], rgb[index + 2])
    }
}

/// Decodes PNG files.
///
/// ```swift
/// let image = try PNGDecoder.decode(PNGEncoder.encode(width: 1, height: 1, rgb: [255, 0, 0]))
/// image.pixel(x: 0, y: 0)   // RGB(255, 0, 0)
/// ```
public enum PNGDecoder {
    /// Decodes a whole PNG file.
    public static func decode(_ file: [UInt8]) throws(DecodingError) -> DecodedPNG {
        guard file.count >= 8, Array(file[0..<8]) == PNGEncoder.signature else { throw DecodingError("not a PNG file: bad signature") }
        var position = 8
        var types: [String] = []
        var header: [UInt8] = []
        var compressed: [UInt8] = []
        while position < file.count {
            guard position + 12 <= file.count else { throw DecodingError("chunk truncated at byte \(position)") }
            let length = Int(readUInt32(file, position))
            let type = Array(file[position + 4..<position + 8])
            guard position + 12 + length <= file.count else { throw DecodingError("chunk data truncated at byte \(position)") }
            let data = Array(file[position + 8..<position + 8 + length])
            let crc = readUInt32(file, position + 8 + length)
            let name = String(decoding: type, as: UTF8.self)
            guard CRC32.update(CRC32.checksum(type), data) == crc else { throw DecodingError("CRC mismatch in chunk \(name)") }
            types.append(name)
            switch name {
            case "IHDR": header = data
            case "IDAT": compressed += data
            default: break
            }
            position += 12 + length
            if name == "IEND" { break }
        }
        guard types.first == "IHDR", header.count == 13 else { throw DecodingError("the first chunk is not a valid IHDR") }
        guard types.last == "IEND" else { throw DecodingError("no IEND chunk") }
        let width = Int(readUInt32(header, 0)), height = Int(readUInt32(header, 4))
        let depth = header[8], colourType = header[9]
        guard width >= 1, height >= 1, width <= 1 << 16, height <= 1 << 16 else { throw DecodingError("unsupported size \(width) × \(height)") }
        guard depth == 8, header[12] == 0, header[10] == 0, header[11] == 0 else { throw DecodingError("only 8-bit, non-interlaced images are supported") }
        let channels: Int
        switch colourType {
        case 0: channels = 1
        case 2: channels = 3
        case 4: channels = 2
        case 6: channels = 4
        default: throw DecodingError("unsupported colour type \(colourType)")
        }
        let raw = try Inflate.zlib(compressed)
        let pixels = try unfilter(raw, width: width, height: height, bytesPerPixel: channels)
        var rgb = [UInt8]()
        rgb.reserveCapacity(width * height * 3)
        for index in stride(from: 0, to: pixels.count, by: channels) {
            if channels < 3 {
                rgb += [pixels[index], pixels[index], pixels[index]]
            } else {
                rgb += pixels[index..<index + 3]
            }
        }
        return DecodedPNG(width: width, height: height, rgb: rgb, chunkTypes: types)
    }

    /// Undoes the per-scanline filters: None, Sub, Up, Average and Paeth.
    static func unfilter(_ raw: [UInt8], width: Int, height: Int, bytesPerPixel bpp: Int) throws(DecodingError) -> [UInt8] {
        let stride = width * bpp
        guard raw.count == (stride + 1) * height else { throw DecodingError("image data is \(raw.count) bytes, expected \((stride + 1) * height)") }
        var out = [UInt8](repeating: 0, count: stride * height)
        for row in 0..<height {
            let filter = raw[row * (stride + 1)]
            let source = row * (stride + 1) + 1, target = row * stride
            for i in 0..<stride {
                let x = Int(raw[source + i])
                let a = i >= bpp ? Int(out[target + i - bpp]) : 0
                let b = row > 0 ? Int(out[target - stride + i]) : 0
                let c = row > 0 && i >= bpp ? Int(out[target - stride + i - bpp]) : 0
                let predicted: Int
                switch filter {
                case 0: predicted = 0
                case 1: predicted = a
                case 2: predicted = b
                case 3: predicted = (a + b) / 2
                case 4: predicted = paeth(a, b, c)
                default: throw DecodingError("invalid filter type \(filter) on row \(row)")
                }
                out[target + i] = UInt8((x + predicted) & 0xFF)
            }
        }
        return out
    }

    /// The Paeth predictor: whichever of left, up and up-left is nearest `a + b - c`.
    static func paeth(_ a: Int, _ b: Int, _ c: Int) -> Int {
        let p = a + b - c
        let pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
        if pa <= pb && pa <= pc { return a }
        return pb <= pc ? b : c
    }

    static func readUInt32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }
}
