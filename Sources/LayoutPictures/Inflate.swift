// Inflate: a zlib stream (RFC 1950) decompressed — stored, fixed-Huffman and dynamic-
// Huffman deflate blocks (RFC 1951), canonical codes decoded bit by bit as in zlib's
// `puff`. Written apart from the encoder so that the tests check one against the other.

/// What is wrong with a compressed stream or an image file.
public struct DecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var description: String

    /// Makes an error.
    public init(_ description: String) { self.description = description }
}

/// Decompresses zlib streams.
///
/// ```swift
/// let bytes = try Inflate.zlib(Deflate.zlib(Array("hello".utf8)))
/// ```
public enum Inflate {
    /// The bytes of a zlib stream, its header and Adler-32 checked.
    public static func zlib(_ stream: [UInt8]) throws(DecodingError) -> [UInt8] {
        guard stream.count >= 6 else { throw DecodingError("zlib stream too short") }
        let cmf = stream[0], flg = stream[1]
        guard cmf & 0x0F == 8, cmf >> 4 <= 7 else { throw DecodingError("not a deflate stream") }
        guard (UInt16(cmf) << 8 | UInt16(flg)) % 31 == 0 else { throw DecodingError("bad zlib header check") }
        guard flg & 0x20 == 0 else { throw DecodingError("preset dictionaries are not supported") }
        var reader = BitReader(bytes: stream, position: 2)
        let output = try deflate(&reader)
        var end = reader.alignedPosition
        guard end + 4 <= stream.count else { throw DecodingError("zlib stream lacks its Adler-32") }
        var expected: UInt32 = 0
        for _ in 0..<4 {
            expected = expected << 8 | UInt32(stream[end])
            end += 1
        }
        guard Adler32.checksum(output) == expected else { throw DecodingError("Adler-32 mismatch") }
        return output
    }

    /// The bytes of a raw deflate stream read from `reader`.
    static func deflate(_ reader: inout BitReader) throws(DecodingError) -> [UInt8] {
        var output: [UInt8] = []
        var last = false
        while !last {
            last = try reader.bits(1) == 1
            switch try reader.bits(2) {
            case 0: try stored(&reader, &output)
            case 1: try codes(&reader, &output, Huffman.fixedLiterals, Huffman.fixedDistances)
            case 2:
                let (literals, distances) = try dynamicTables(&reader)
                try codes(&reader, &output, literals, distances)
            default: throw DecodingError("invalid deflate block type 3")
            }
        }
        return output
    }

    static func stored(_ reader: inout BitReader, _ output: inout [UInt8]) throws(DecodingError) {
        var position = reader.alignedPosition
        guard position + 4 <= reader.bytes.count else { throw DecodingError("stored block header truncated") }
        let length = Int(reader.bytes[position]) | Int(reader.bytes[position + 1]) << 8
        let complement = Int(reader.bytes[position + 2]) | Int(reader.bytes[position + 3]) << 8
        guard length == ~complement & 0xFFFF else { throw DecodingError("stored block length check failed") }
        position += 4
        guard position + length <= reader.bytes.count else { throw DecodingError("stored block truncated") }
        output += reader.bytes[position..<position + length]
        reader = BitReader(bytes: reader.bytes, position: position + length)
    }

    // Base values and extra bits of length codes 257…285 and distance codes 0…29.
    static let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    /// Decodes literals and length/distance pairs until the end-of-block symbol.
    static func codes(_ reader: inout BitReader, _ output: inout [UInt8], _ literals: Huffman, _ distances: Huffman) throws(DecodingError) {
        while true {
            let symbol = try literals.decode(&reader)
            if symbol < 256 {
                output.append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                let index = symbol - 257
                guard index < 29 else { throw DecodingError("invalid length symbol \(symbol)") }
                let length = lengthBase[index] + Int(try reader.bits(lengthExtra[index]))
                let code = try distances.decode(&reader)
                guard code < 30 else { throw DecodingError("invalid distance symbol \(code)") }
                let distance = distanceBase[code] + Int(try reader.bits(distanceExtra[code]))
                guard distance <= output.count else { throw DecodingError("distance \(distance) reaches before the start") }
                let start = output.count - distance
                for offset in 0..<length { output.append(output[start + offset]) }
            }
        }
    }

    /// The order in which code-length code lengths are stored.
    static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// Reads a dynamic block's header: the code lengths of both codes, themselves coded.
    static func dynamicTables(_ reader: inout BitReader) throws(DecodingError) -> (Huffman, Huffman) {
        let literalCount = Int(try reader.bits(5)) + 257
        let distanceCount = Int(try reader.bits(5)) + 1
        let codeLengthCount = Int(try reader.bits(4)) + 4
        guard literalCount <= 286, distanceCount <= 30 else { throw DecodingError("too many codes in a dynamic block") }
        var codeLengthLengths = [Int](repeating: 0, count: 19)
        for index in 0..<codeLengthCount { codeLengthLengths[codeLengthOrder[index]] = Int(try reader.bits(3)) }
        let codeLengthCode = try Huffman(lengths: codeLengthLengths)
        var lengths: [Int] = []
        while lengths.count < literalCount + distanceCount {
            let symbol = try codeLengthCode.decode(&reader)
            switch symbol {
            case 0...15: lengths.append(symbol)
            case 16:
                guard let previous = lengths.last else { throw DecodingError("repeat with no previous length") }
                lengths += Array(repeating: previous, count: 3 + Int(try reader.bits(2)))
            case 17: lengths += Array(repeating: 0, count: 3 + Int(try reader.bits(3)))
            default: lengths += Array(repeating: 0, count: 11 + Int(try reader.bits(7)))
            }
        }
        guard lengths.count == literalCount + distanceCount else { throw DecodingError("code lengths overrun") }
        guard lengths[256] > 0 else { throw DecodingError("no end-of-block code") }
        return (try Huffman(lengths: Array(lengths[..<literalCount])), try Huffman(lengths: Array(lengths[literalCount...])))
    }
}
