// Tests of the compression pieces: CRC-32 and Adler-32 against known values, inflate on
// streams made by Python's zlib (dynamic Huffman and stored blocks), and the encoder's
// fixed-Huffman streams inflated back.

import Testing
@testable import LayoutPictures

@Suite struct InflateTests {
    /// `zlib.compress(text, 9)` in Python: one dynamic-Huffman block.
    static let pythonDynamic: [UInt8] = [120, 218, 189, 205, 219, 17, 130, 48, 20, 132, 225, 86, 182, 2, 199, 43, 234, 88, 6, 21, 4, 221, 72, 228, 16, 66, 114, 34, 196, 234, 101, 212, 26, 124, 219, 151, 255, 219, 58, 152, 152, 8, 163, 74, 175, 110, 240, 232, 200, 144, 96, 57, 65, 157, 48, 93, 160, 45, 17, 153, 20, 38, 18, 236, 131, 150, 21, 234, 63, 86, 235, 205, 118, 183, 63, 84, 199, 211, 25, 166, 185, 222, 104, 239, 173, 123, 116, 210, 251, 33, 140, 49, 105, 126, 78, 115, 121, 45, 84, 249, 32, 24, 51, 227, 111, 218, 44, 130, 229, 83, 157, 145, 175, 246, 6, 124, 83, 86, 225]
    static let pythonDynamicText = String(repeating: "Sparse attention keeps few tiles; the rest are empty. ", count: 3)
        + "0123456789 abcdefghijklmnopqrstuvwxyz key tile query tile full partial empty"

    /// `zlib.compress(b"stored block, level zero", 0)` in Python: one stored block.
    static let pythonStored: [UInt8] = [120, 1, 1, 24, 0, 231, 255, 115, 116, 111, 114, 101, 100, 32, 98, 108, 111, 99, 107, 44, 32, 108, 101, 118, 101, 108, 32, 122, 101, 114, 111, 113, 150, 9, 1]

    @Test func checksumsMatchKnownValues() {
        #expect(CRC32.checksum(Array("IEND".utf8)) == 0xAE42_6082)
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.update(CRC32.checksum(Array("1234".utf8)), Array("56789".utf8)) == 0xCBF4_3926)
        #expect(Adler32.checksum(Array("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(Adler32.checksum([UInt8]()) == 1)
        // Long enough to need the periodic reduction.
        #expect(Adler32.checksum([UInt8](repeating: 255, count: 100_000)) == 0x149A_302C)
    }

    @Test func inflatesPythonDynamicHuffman() throws {
        #expect((Self.pythonDynamic[2] >> 1) & 3 == 2, "the vector is a dynamic block")
        let bytes = try Inflate.zlib(Self.pythonDynamic)
        #expect(String(decoding: bytes, as: UTF8.self) == Self.pythonDynamicText)
    }

    @Test func inflatesPythonStoredBlock() throws {
        #expect(String(decoding: try Inflate.zlib(Self.pythonStored), as: UTF8.self) == "stored block, level zero")
    }

    @Test func encoderStreamsRoundTrip() throws {
        var generator = SplitMix(seed: 7)
        let random = (0..<5000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let runs = (0..<70_000).map { UInt8(($0 / 1000) % 3) }
        let rgbRows = (0..<40).flatMap { row in (0..<300).flatMap { column in column < row * 5 ? [31, 59, 115] : [255, 255, 255] as [UInt8] } }
        for input in [[], [42], Array("abcabcabcabcabcabc".utf8), random, runs, rgbRows, random + runs + random] {
            let stream = Deflate.zlib(input)
            #expect(try Inflate.zlib(stream) == input)
        }
        #expect(Deflate.zlib(runs).count < 1000, "runs compress")
    }

    @Test func corruptStreamsAreErrors() {
        var stream = Deflate.zlib(Array("hello, hello, hello".utf8))
        stream[stream.count - 1] ^= 1
        #expect(throws: DecodingError.self) { try Inflate.zlib(stream) }
        #expect(throws: DecodingError.self) { try Inflate.zlib(Array(Self.pythonDynamic.prefix(40))) }
        #expect(throws: DecodingError.self) { try Inflate.zlib([0x78, 0x02, 0, 0, 0, 0]) }
        #expect(throws: DecodingError.self) { try Inflate.zlib([0x78, 0x01, 0b111, 0, 0, 0, 0]) }
    }
}

/// A small deterministic generator for test data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
