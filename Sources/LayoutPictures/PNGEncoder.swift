// PNGEncoder: an RGB 8-bit image as PNG bytes — signature, IHDR, one IDAT holding the
// zlib stream of the scanlines (each with filter type 0), IEND; every chunk with its CRC.

/// Encodes RGB images as PNG files.
///
/// ```swift
/// let image = Raster(width: 2, height: 1, background: RGB(255, 255, 255))
/// let png: [UInt8] = PNGEncoder.encode(image)
/// ```
public enum PNGEncoder {
    /// The eight bytes every PNG file starts with.
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The PNG file of a raster.
    public static func encode(_ raster: Raster) -> [UInt8] {
        encode(width: raster.width, height: raster.height, rgb: raster.pixels)
    }

    /// The PNG file of `width × height` pixels given as `rgb`, three bytes a pixel, row by row.
    public static func encode(width: Int, height: Int, rgb: [UInt8]) -> [UInt8] {
        precondition(width >= 1 && height >= 1 && rgb.count == width * height * 3, "pixels do not match the size")
        let stride = width * 3
        var scanlines = [UInt8]()
        scanlines.reserveCapacity((stride + 1) * height)
        for row in 0..<height {
            scanlines.append(0)  // filter type 0: None
            scanlines += rgb[row * stride..<(row + 1) * stride]
        }
        return file(width: width, height: height, colourType: 2, zlibStream: Deflate.zlib(scanlines))
    }

    /// A PNG file from an already compressed stream (bit depth 8, no interlace).
    static func file(width: Int, height: Int, colourType: UInt8, zlibStream: [UInt8]) -> [UInt8] {
        let header = bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, colourType, 0, 0, 0]
        return signature + chunk("IHDR", header) + chunk("IDAT", zlibStream) + chunk("IEND", [])
    }

    /// A chunk: length, type, data, and the CRC of type and data.
    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        let crc = CRC32.update(CRC32.checksum(typeBytes), data)
        return bigEndian(UInt32(data.count)) + typeBytes + data + bigEndian(crc)
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
