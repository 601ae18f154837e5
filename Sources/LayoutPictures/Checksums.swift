// Checksums: CRC-32 (ISO 3309, as PNG chunks use it) and Adler-32 (as zlib streams use it).

/// The CRC-32 of PNG chunks: polynomial 0xEDB88320 (reflected), initial and final
/// value 0xFFFFFFFF.
///
/// ```swift
/// CRC32.checksum(Array("IEND".utf8))   // 0xAE426082
/// ```
public enum CRC32 {
    /// The remainder of every byte value, computed once.
    static let table: [UInt32] = (0..<256).map { value in
        var crc = UInt32(value)
        for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        return crc
    }

    /// Continues a running CRC (start from 0) over more bytes.
    public static func update<Bytes: Sequence<UInt8>>(_ crc: UInt32, _ bytes: Bytes) -> UInt32 {
        var value = ~crc
        for byte in bytes { value = table[Int((value ^ UInt32(byte)) & 0xFF)] ^ (value >> 8) }
        return ~value
    }

    /// The CRC of some bytes.
    public static func checksum<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt32 { update(0, bytes) }
}

/// The Adler-32 checksum that ends a zlib stream (RFC 1950).
///
/// ```swift
/// Adler32.checksum(Array("Wikipedia".utf8))   // 0x11E60398
/// ```
public enum Adler32 {
    /// The checksum of some bytes.
    public static func checksum<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        var pending = 0
        for byte in bytes {
            a += UInt32(byte)
            b += a
            pending += 1
            // 5552 bytes is the most that cannot overflow 32 bits before reducing.
            if pending == 5552 {
                a %= 65521
                b %= 65521
                pending = 0
            }
        }
        return (b % 65521) << 16 | (a % 65521)
    }
}
