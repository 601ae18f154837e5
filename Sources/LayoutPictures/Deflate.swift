// Deflate: a zlib stream (RFC 1950) of one fixed-Huffman deflate block (RFC 1951), with
// greedy LZ77 matching over hash chains — enough to make flat-coloured images small.

/// Compresses bytes into a zlib stream.
///
/// ```swift
/// let stream = Deflate.zlib(Array(repeating: 7, count: 10_000))   // about 40 bytes
/// ```
public enum Deflate {
    /// The zlib stream of `bytes`: header, one final fixed-Huffman block, Adler-32.
    public static func zlib(_ bytes: [UInt8]) -> [UInt8] {
        var writer = BitWriter()
        // CMF 0x78: deflate, 32 KiB window; FLG 0x01: no dictionary, (0x7801 % 31 == 0).
        writer.bytes = [0x78, 0x01]
        writer.write(1, bits: 1)  // BFINAL
        writer.write(1, bits: 2)  // BTYPE 01: fixed Huffman codes
        bytes.withUnsafeBufferPointer { encode($0, into: &writer) }
        writer.writeCode(0, length: 7)  // end of block (symbol 256)
        writer.flush()
        let adler = Adler32.checksum(bytes)
        return writer.bytes + [UInt8(adler >> 24), UInt8(adler >> 16 & 0xFF), UInt8(adler >> 8 & 0xFF), UInt8(adler & 0xFF)]
    }

    static let window = 32_768
    static let minimumMatch = 3
    static let maximumMatch = 258
    static let chainLimit = 24
    static let hashBits = 15

    /// Greedy LZ77: at each position, the longest earlier match within the window.
    static func encode(_ data: UnsafeBufferPointer<UInt8>, into writer: inout BitWriter) {
        var head = [Int32](repeating: -1, count: 1 << hashBits)
        var previous = [Int32](repeating: -1, count: window)
        func hash(_ i: Int) -> Int {
            (Int(data[i]) << 10 ^ Int(data[i + 1]) << 5 ^ Int(data[i + 2])) & ((1 << hashBits) - 1)
        }
        func insert(_ i: Int) {
            guard i + 2 < data.count else { return }
            let h = hash(i)
            previous[i & (window - 1)] = head[h]
            head[h] = Int32(i)
        }
        var position = 0
        while position < data.count {
            var bestLength = 0, bestDistance = 0
            if position + minimumMatch <= data.count {
                var candidate = Int(head[hash(position)])
                var steps = 0
                let limit = min(maximumMatch, data.count - position)
                while candidate >= 0, position - candidate <= window, steps < chainLimit {
                    var length = 0
                    while length < limit, data[candidate + length] == data[position + length] { length += 1 }
                    if length > bestLength {
                        bestLength = length
                        bestDistance = position - candidate
                        if length == limit { break }
                    }
                    let next = Int(previous[candidate & (window - 1)])
                    guard next < candidate else { break }
                    candidate = next
                    steps += 1
                }
            }
            if bestLength >= minimumMatch {
                writeLength(bestLength, into: &writer)
                writeDistance(bestDistance, into: &writer)
                for i in position..<position + bestLength { insert(i) }
                position += bestLength
            } else {
                writeLiteral(Int(data[position]), into: &writer)
                insert(position)
                position += 1
            }
        }
    }

    /// A literal/length symbol in the fixed code (RFC 1951, 3.2.6).
    static func writeSymbol(_ symbol: Int, into writer: inout BitWriter) {
        switch symbol {
        case 0...143: writer.writeCode(0x30 + symbol, length: 8)
        case 144...255: writer.writeCode(0x190 + symbol - 144, length: 9)
        case 256...279: writer.writeCode(symbol - 256, length: 7)
        default: writer.writeCode(0xC0 + symbol - 280, length: 8)
        }
    }

    static func writeLiteral(_ byte: Int, into writer: inout BitWriter) { writeSymbol(byte, into: &writer) }

    static let lengthBases = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBases = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    static func writeLength(_ length: Int, into writer: inout BitWriter) {
        var code = lengthBases.count - 1
        while lengthBases[code] > length { code -= 1 }
        writeSymbol(257 + code, into: &writer)
        writer.write(UInt64(length - lengthBases[code]), bits: lengthExtra[code])
    }

    static func writeDistance(_ distance: Int, into writer: inout BitWriter) {
        var code = distanceBases.count - 1
        while distanceBases[code] > distance { code -= 1 }
        writer.writeCode(code, length: 5)
        writer.write(UInt64(distance - distanceBases[code]), bits: distanceExtra[code])
    }
}

/// Bits packed least significant first, as deflate stores them.
struct BitWriter {
    var bytes: [UInt8] = []
    private var buffer: UInt64 = 0
    private var count = 0

    /// Appends the low `bits` bits of `value`, least significant first.
    mutating func write(_ value: UInt64, bits: Int) {
        guard bits > 0 else { return }
        buffer |= (value & ((1 << UInt64(bits)) - 1)) << UInt64(count)
        count += bits
        while count >= 8 {
            bytes.append(UInt8(buffer & 0xFF))
            buffer >>= 8
            count -= 8
        }
    }

    /// Appends a Huffman code, most significant bit first.
    mutating func writeCode(_ code: Int, length: Int) {
        var reversed: UInt64 = 0
        for bit in 0..<length { reversed |= UInt64(code >> bit & 1) << UInt64(length - 1 - bit) }
        write(reversed, bits: length)
    }

    /// Pads the last byte with zero bits.
    mutating func flush() {
        if count > 0 { bytes.append(UInt8(buffer & 0xFF)) }
        buffer = 0
        count = 0
    }
}
