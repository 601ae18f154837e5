// Huffman: canonical Huffman codes for inflate, built from code lengths and decoded one
// bit at a time; and BitReader, the least-significant-bit-first reader deflate needs.

/// A canonical Huffman code: how many codes each length has and the symbols in code order.
struct Huffman: Sendable {
    /// `counts[n]`: how many symbols have an `n`-bit code (`counts[0]` is unused).
    var counts = [Int](repeating: 0, count: 16)
    /// The symbols ordered by code length, then by value.
    var symbols: [Int] = []

    /// Builds the code; incomplete codes are allowed (deflate permits them), oversubscribed
    /// ones are an error.
    init(lengths: [Int]) throws(DecodingError) {
        for length in lengths {
            guard (0...15).contains(length) else { throw DecodingError("code length \(length) out of range") }
            counts[length] += 1
        }
        var left = 1
        for length in 1...15 {
            left = left * 2 - counts[length]
            guard left >= 0 else { throw DecodingError("oversubscribed Huffman code") }
        }
        for length in 1...15 {
            for (symbol, symbolLength) in lengths.enumerated() where symbolLength == length { symbols.append(symbol) }
        }
    }

    /// Reads one symbol.
    func decode(_ reader: inout BitReader) throws(DecodingError) -> Int {
        var code = 0, first = 0, index = 0
        for length in 1...15 {
            code |= Int(try reader.bits(1))
            let count = counts[length]
            if code - first < count { return symbols[index + code - first] }
            index += count
            first = (first + count) << 1
            code <<= 1
        }
        throw DecodingError("invalid Huffman code")
    }

    /// The fixed literal/length code of block type 1.
    static let fixedLiterals: Huffman = {
        let lengths = Array(repeating: 8, count: 144) + Array(repeating: 9, count: 112) + Array(repeating: 7, count: 24) + Array(repeating: 8, count: 8)
        return try! Huffman(lengths: lengths)
    }()

    /// The fixed distance code of block type 1.
    static let fixedDistances: Huffman = try! Huffman(lengths: Array(repeating: 5, count: 30))
}

/// Reads bits least significant first from a byte array.
struct BitReader {
    let bytes: [UInt8]
    /// The next byte not yet taken into the bit buffer.
    private(set) var position: Int
    private var buffer: UInt32 = 0
    private var count = 0

    init(bytes: [UInt8], position: Int) {
        self.bytes = bytes
        self.position = position
    }

    /// The next `n` bits (`n <= 24`) as a number, the first bit least significant.
    mutating func bits(_ n: Int) throws(DecodingError) -> UInt32 {
        while count < n {
            guard position < bytes.count else { throw DecodingError("compressed data ends early") }
            buffer |= UInt32(bytes[position]) << UInt32(count)
            position += 1
            count += 8
        }
        let value = buffer & ((1 << UInt32(n)) - 1)
        buffer >>= UInt32(n)
        count -= n
        return value
    }

    /// Where the next whole byte starts, the rest of the current byte skipped.
    var alignedPosition: Int { position }
}
